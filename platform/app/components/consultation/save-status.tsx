import type { AutosaveState } from "~/components/plugin-form/use-autosave";
import { useLocale, useT } from "~/modules/i18n/use-translation";
import { formatClockTime } from "./format-case";

/**
 * Where the draft stands. Only outcomes (saved, not saved) are announced to screen readers;
 * "unsaved changes" and "saving" are shown, not spoken at every keystroke.
 */
export function SaveStatus({ state, savedAt, lastSavedAt }: { state: AutosaveState; savedAt: Date | null; lastSavedAt: Date | null }) {
  const t = useT();
  const locale = useLocale();
  const latest = savedAt ?? lastSavedAt;
  const outcome =
    state === "failed" ? t("cases.edit.autosave.failed") : latest ? t("cases.edit.autosave.savedAt", { time: formatClockTime(latest, locale) }) : "";
  return (
    <div className="text-sm" data-testid="save-status">
      <p role="status" className={state === "failed" ? "font-medium text-rose-800" : "text-slate-700"}>{outcome}</p>
      <p aria-hidden="true" className="text-xs text-slate-500">
        {state === "saving" ? t("cases.edit.autosave.saving") : state === "unsaved" ? t("cases.edit.autosave.unsaved") : t("cases.edit.autosave.hint")}
      </p>
    </div>
  );
}
