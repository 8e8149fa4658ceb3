import { Alert, Button } from "@consult/ui";
import { useCallback, useEffect, useRef, useState } from "react";
import type { MessageKey } from "~/modules/i18n/translate";
import { useLocale, useT } from "~/modules/i18n/use-translation";
import { DropZone } from "./drop-zone";
import { formatBytes } from "./format-bytes";
import type { UploadLimits } from "./limits";
import { postManifest, type Manifest } from "./manifest-client";
import type { DeidentifySettings, ScanInput, ScanProgress, ScanResult } from "./scan";
import { ScanPreview } from "./scan-preview";
import { ScanWorkerClient } from "./scan-worker-client";
import { manifestOf, selectedItems, type SelectedItem, type Selection } from "./selection";
import { UploadProgress } from "./upload-progress";
import { UploadQueue } from "./upload-queue";
import { UploadResult } from "./upload-result";

export type UploaderCase = {
  id: string;
  reference: string;
  /** the case's de-identification keys: the same for every upload of the case, so a re-drop gives the same bytes */
  keys: { uidSecret: string; dateOffsetDays: number };
};

type DateMode = Manifest["dateMode"];

type Stage =
  | { name: "choose"; problem?: MessageKey }
  | { name: "scanning"; progress: ScanProgress | null }
  | { name: "preview"; result: ScanResult; problem?: string }
  | { name: "starting"; result: ScanResult }
  | { name: "uploading"; result: ScanResult; items: SelectedItem[]; queue: UploadQueue; manifestId: string };

const NO_SELECTION: Selection = { excludedStudies: new Set(), documentsConfirmed: false };
/** Interrupted files are tried again this often even when the browser never reports going offline (a server restart). */
const RETRY_INTERRUPTED_EVERY_MS = 30_000;

/**
 * The upload page's client side: files in, scan in a worker, preview and selection, manifest, tus queue, result.
 * Nothing here logs or sends a file name or path: paths are shown to the uploader only.
 */
export function ImageUploader({ uploaderCase, limits, endpoint }: { uploaderCase: UploaderCase; limits: UploadLimits; endpoint: string }) {
  const t = useT();
  const locale = useLocale();
  const [stage, setStage] = useState<Stage>({ name: "choose" });
  const [dateMode, setDateMode] = useState<DateMode>("shift");
  const [selection, setSelection] = useState<Selection>(NO_SELECTION);
  const inputs = useRef<ScanInput[]>([]);
  const worker = useRef<ScanWorkerClient | null>(null);
  const render = useFrameRender();

  useEffect(() => () => worker.current?.terminate(), []);

  const settingsFor = (mode: DateMode): DeidentifySettings => ({
    pseudonym: uploaderCase.reference,
    uidSecret: uploaderCase.keys.uidSecret,
    dates: mode === "shift" ? { mode: "shift", offsetDays: uploaderCase.keys.dateOffsetDays } : { mode: "keep" },
  });

  const scan = async (files: ScanInput[], mode: DateMode) => {
    if (typeof Worker === "undefined") return setStage({ name: "choose", problem: "imagingUpload.scan.workerUnavailable" });
    inputs.current = files;
    setStage({ name: "scanning", progress: null });
    try {
      worker.current ??= new ScanWorkerClient();
      const result = await worker.current.scan(files, settingsFor(mode), (progress) =>
        setStage((current) => (current.name === "scanning" ? { name: "scanning", progress } : current)),
      );
      setSelection(NO_SELECTION);
      setStage({ name: "preview", result });
    } catch {
      setStage({ name: "choose", problem: "imagingUpload.scan.failed" });
    }
  };

  const chooseDateMode = (mode: DateMode) => {
    setDateMode(mode);
    // the de-identified bytes (and so the manifest) depend on it: scan again
    if (stage.name === "preview") void scan(inputs.current, mode);
  };

  const start = async (result: ScanResult, items: SelectedItem[]) => {
    const client = worker.current;
    if (!client) return;
    setStage({ name: "starting", result });
    const answer = await postManifest(uploaderCase.id, manifestOf(items, dateMode)).catch(() => null);
    if (!answer?.ok) return setStage({ name: "preview", result, problem: manifestProblem(answer) });
    const received = new Set(answer.value.files.filter((file) => file.status === "received").map((file) => file.position));
    const tus = await import("tus-js-client");
    const queue = new UploadQueue({
      caseId: uploaderCase.id,
      manifestId: answer.value.manifestId,
      endpoint: new URL(endpoint, window.location.href).href, // tus resolves the upload's Location against it
      files: items.map((item, position) => ({ position, itemId: item.id, sha256: item.sha256, size: item.size, received: received.has(position) })),
      prepare: (id) => client.prepare(id),
      createUpload: (file, options) => new tus.Upload(file, options),
      onChange: render,
    });
    setStage({ name: "uploading", result, items, queue, manifestId: answer.value.manifestId });
    queue.start();
  };

  const manifestProblem = (answer: Awaited<ReturnType<typeof postManifest>> | null): string => {
    if (answer && !answer.ok && answer.status === 400 && answer.message) return t("imagingUpload.manifest.invalid", { message: answer.message });
    if (answer && !answer.ok && answer.status === 429) return t("imagingUpload.manifest.rateLimited");
    return t("imagingUpload.manifest.failed", { status: answer && !answer.ok ? answer.status : 0 });
  };

  const reset = () => {
    inputs.current = [];
    setSelection(NO_SELECTION);
    setStage({ name: "choose" });
  };

  const queue = stage.name === "uploading" ? stage.queue : undefined;
  useUploadLifecycle(queue);

  const busy = stage.name === "scanning" || stage.name === "starting" || stage.name === "uploading";
  return (
    <div className="space-y-6">
      <DateChoice mode={dateMode} disabled={busy} onChange={chooseDateMode} />
      {stage.name === "choose" || stage.name === "scanning" ? (
        <DropZone disabled={stage.name === "scanning"} onFiles={(files) => void files.then((list) => scan(list, dateMode))} />
      ) : null}
      {stage.name === "choose" && stage.problem ? <Alert tone="error">{t(stage.problem)}</Alert> : null}
      {stage.name === "scanning" ? <ScanStatus progress={stage.progress} /> : null}
      {stage.name === "preview" || stage.name === "starting" ? (
        <>
          <ScanPreview result={stage.result} selection={selection} limits={limits} onSelectionChange={setSelection} />
          <StartBar
            items={selectedItems(stage.result, selection)}
            limits={limits}
            starting={stage.name === "starting"}
            problem={stage.name === "preview" ? stage.problem : undefined}
            onStart={(items) => void start(stage.result, items)}
            onStartOver={reset}
            formatSize={(bytes) => formatBytes(bytes, locale)}
          />
        </>
      ) : null}
      {stage.name === "uploading" ? (
        <>
          <UploadProgress queue={stage.queue} items={stage.items} />
          {stage.queue.settled ? (
            <UploadResult
              caseId={uploaderCase.id}
              manifestId={stage.manifestId}
              items={stage.items}
              result={stage.result}
              refusals={stage.queue.totals().refused + stage.queue.totals().failed}
              onMore={reset}
            />
          ) : null}
        </>
      ) : null}
    </div>
  );
}

function DateChoice({ mode, disabled, onChange }: { mode: DateMode; disabled: boolean; onChange: (mode: DateMode) => void }) {
  const t = useT();
  const options: Array<{ value: DateMode; label: MessageKey; hint: MessageKey }> = [
    { value: "shift", label: "imagingUpload.dates.shift", hint: "imagingUpload.dates.shiftHint" },
    { value: "keep", label: "imagingUpload.dates.keep", hint: "imagingUpload.dates.keepHint" },
  ];
  return (
    <fieldset className="rounded-lg bg-white p-4 ring-1 ring-slate-200" disabled={disabled}>
      <legend className="px-1 text-sm font-semibold text-slate-900">{t("imagingUpload.dates.legend")}</legend>
      <div className="mt-2 grid gap-3 sm:grid-cols-2">
        {options.map((option) => (
          <label key={option.value} className="flex items-start gap-2 text-sm">
            <input
              type="radio"
              name="dateMode"
              value={option.value}
              className="mt-1 h-4 w-4"
              checked={mode === option.value}
              onChange={() => onChange(option.value)}
            />
            <span>
              <span className="font-medium text-slate-900">{t(option.label)}</span>
              <span className="block text-slate-600">{t(option.hint)}</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function ScanStatus({ progress }: { progress: ScanProgress | null }) {
  const t = useT();
  return (
    <div role="status" className="space-y-2" data-testid="scan-status">
      <p className="text-sm text-slate-700">
        {progress ? t("imagingUpload.scan.progress", { done: progress.done, total: progress.total }) : t("imagingUpload.scan.preparing")}
      </p>
      <progress className="h-2 w-full accent-teal-700" value={progress?.done} max={Math.max(progress?.total ?? 1, 1)} />
    </div>
  );
}

function StartBar({
  items,
  limits,
  starting,
  problem,
  onStart,
  onStartOver,
  formatSize,
}: {
  items: SelectedItem[];
  limits: UploadLimits;
  starting: boolean;
  problem: string | undefined;
  onStart: (items: SelectedItem[]) => void;
  onStartOver: () => void;
  formatSize: (bytes: number) => string;
}) {
  const t = useT();
  const tooMany = items.length > limits.maxManifestFiles;
  const size = items.reduce((sum, item) => sum + item.size, 0);
  return (
    <div className="space-y-3">
      {problem ? <Alert tone="error">{problem}</Alert> : null}
      {tooMany ? <Alert tone="warning">{t("imagingUpload.selection.tooMany", { max: limits.maxManifestFiles, count: items.length })}</Alert> : null}
      {items.length === 0 ? <p className="text-sm text-slate-600">{t("imagingUpload.selection.nothing")}</p> : null}
      <div className="flex flex-wrap gap-3">
        <Button disabled={starting || tooMany || items.length === 0} onClick={() => onStart(items)}>
          {starting ? t("imagingUpload.starting") : t("imagingUpload.start", { count: items.length, size: formatSize(size) })}
        </Button>
        <Button variant="secondary" disabled={starting} onClick={onStartOver}>
          {t("imagingUpload.startOver")}
        </Button>
      </div>
    </div>
  );
}

/** Re-renders at most once per animation frame however often the queue reports progress. */
function useFrameRender(): () => void {
  const [, setFrame] = useState(0);
  const scheduled = useRef(false);
  return useCallback(() => {
    if (scheduled.current) return;
    scheduled.current = true;
    requestAnimationFrame(() => {
      scheduled.current = false;
      setFrame((frame) => frame + 1);
    });
  }, []);
}

/**
 * While an upload runs: interrupted files go on when the browser is back online (and every half minute), leaving
 * the page asks first, and leaving the route pauses the upload (a re-drop resumes it).
 */
function useUploadLifecycle(queue: UploadQueue | undefined): void {
  useEffect(() => {
    if (!queue) return;
    const retry = () => queue.retryInterrupted();
    const confirmLeave = (event: BeforeUnloadEvent) => {
      if (queue.settled) return;
      event.preventDefault();
      event.returnValue = "";
    };
    const timer = setInterval(retry, RETRY_INTERRUPTED_EVERY_MS);
    window.addEventListener("online", retry);
    window.addEventListener("beforeunload", confirmLeave);
    return () => {
      clearInterval(timer);
      window.removeEventListener("online", retry);
      window.removeEventListener("beforeunload", confirmLeave);
      void queue.pause();
    };
  }, [queue]);
}
