import { Button } from "@consult/ui";
import type { MessageKey } from "~/modules/i18n/translate";
import { useT } from "~/modules/i18n/use-translation";
import { ZOOM_STEP, type ViewerCommand } from "./keyboard";
import { CT_WINDOW_PRESETS, type DisplayWindow } from "./window-presets";

/** The viewer's buttons: CT window presets (CT series only), length measurement, zoom and reset. */
export function ViewerToolbar(props: {
  disabled: boolean;
  showCtPresets: boolean;
  measuring: boolean;
  onWindow: (window: DisplayWindow) => void;
  onMeasuring: (measuring: boolean) => void;
  onCommand: (command: ViewerCommand) => void;
}) {
  const { disabled, showCtPresets, measuring, onWindow, onMeasuring, onCommand } = props;
  const t = useT();
  return (
    <div role="toolbar" aria-label={t("viewer.tools")} className="flex flex-wrap items-center gap-2">
      {showCtPresets ? (
        <div role="group" aria-label={t("viewer.presets")} className="flex flex-wrap gap-2">
          {CT_WINDOW_PRESETS.map((preset) => (
            <Button
              key={preset.id}
              variant="secondary"
              disabled={disabled}
              title={t("viewer.preset.values", { width: preset.width, center: preset.center })}
              onClick={() => onWindow(preset)}
            >
              {t(`viewer.preset.${preset.id}` as MessageKey)}
            </Button>
          ))}
        </div>
      ) : null}
      <Button
        variant="secondary"
        disabled={disabled}
        aria-pressed={measuring}
        className="aria-pressed:bg-teal-100 aria-pressed:ring-teal-600"
        onClick={() => onMeasuring(!measuring)}
      >
        {t("viewer.tool.length")}
      </Button>
      <Button variant="secondary" disabled={disabled} onClick={() => onCommand({ type: "zoom", factor: ZOOM_STEP })}>
        {t("viewer.tool.zoomIn")}
      </Button>
      <Button variant="secondary" disabled={disabled} onClick={() => onCommand({ type: "zoom", factor: 1 / ZOOM_STEP })}>
        {t("viewer.tool.zoomOut")}
      </Button>
      <Button variant="secondary" disabled={disabled} onClick={() => onCommand({ type: "reset" })}>
        {t("viewer.tool.reset")}
      </Button>
    </div>
  );
}
