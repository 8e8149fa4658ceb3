import type { MessageKey } from "~/modules/i18n/translate";
import { useT } from "~/modules/i18n/use-translation";
import type { Resection, SurgeryDone } from "./vocabulary";

/** One recorded follow-up in words: "Operated, R0" / "Not operated". */
export function OutcomeSummary({ outcome }: { outcome: { surgeryDone: SurgeryDone; resection: Resection } }) {
  const t = useT();
  const surgery = t(`outcomes.surgeryDone.${outcome.surgeryDone}` as MessageKey);
  return <span>{outcome.surgeryDone === "yes" ? t("outcomes.summary.operated", { surgery, resection: outcome.resection }) : surgery}</span>;
}
