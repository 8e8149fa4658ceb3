import { Alert, Button, Card } from "@consult/ui";
import { useEffect, useRef, useState } from "react";
import { useLocale, useT } from "~/modules/i18n/use-translation";
import { formatBytes } from "./format-bytes";
import { refusalText } from "./reason-text";
import type { SelectedItem } from "./selection";
import type { UploadQueue } from "./upload-queue";

/** How often the screen reader hears the overall progress: often enough to follow, not a stream of numbers. */
const ANNOUNCE_EVERY_MS = 10_000;

/** Overall and per-file progress of a running upload, with pause/resume and what the server refused. */
export function UploadProgress({ queue, items }: { queue: UploadQueue; items: SelectedItem[] }) {
  const t = useT();
  const locale = useLocale();
  const totals = queue.totals();
  const progress = queue.progress();
  const summary = t("imagingUpload.progress.summary", {
    done: totals.done,
    files: totals.files,
    sent: formatBytes(totals.sentBytes, locale),
    bytes: formatBytes(totals.bytes, locale),
  });
  const announced = useThrottled(summary, ANNOUNCE_EVERY_MS, queue.settled);
  const alreadyStored = progress.filter((file) => file.state === "done" && file.alreadyStored).length;
  const pathOf = (position: number) => items[position]?.path ?? "";

  return (
    <Card aria-labelledby="upload-progress" className="space-y-4" data-testid="upload-progress">
      <h2 id="upload-progress" className="text-lg font-semibold">
        {t("imagingUpload.progress.title")}
      </h2>
      <div className="space-y-1">
        <label htmlFor="upload-total" className="text-sm font-medium text-slate-800">
          {t("imagingUpload.progress.total")}
        </label>
        <progress id="upload-total" className="h-3 w-full accent-teal-700" value={totals.sentBytes} max={Math.max(totals.bytes, 1)} />
        <p className="text-sm text-slate-700" data-testid="upload-summary">
          {summary}
        </p>
        <p className="sr-only" aria-live="polite">
          {announced}
        </p>
      </div>
      {alreadyStored > 0 ? <p className="text-sm text-slate-600">{t("imagingUpload.progress.alreadyStored", { count: alreadyStored })}</p> : null}
      {queue.settled ? null : (
        <div className="flex flex-wrap items-center gap-3">
          {queue.paused ? (
            <Button onClick={() => queue.resume()}>{t("imagingUpload.resume")}</Button>
          ) : (
            <Button variant="secondary" onClick={() => void queue.pause()}>
              {t("imagingUpload.pause")}
            </Button>
          )}
          <p className="text-sm text-slate-600">{t("imagingUpload.progress.keepOpen")}</p>
        </div>
      )}
      {queue.paused ? <Alert tone="info">{t("imagingUpload.paused")}</Alert> : null}
      {totals.interrupted > 0 && !queue.paused ? (
        <Alert tone="warning">
          <p>{t("imagingUpload.interrupted", { count: totals.interrupted })}</p>
          <Button variant="secondary" className="mt-2" onClick={() => queue.retryInterrupted()}>
            {t("imagingUpload.retryNow")}
          </Button>
        </Alert>
      ) : null}
      <ActiveFiles queue={queue} pathOf={pathOf} />
      <Refusals queue={queue} pathOf={pathOf} />
    </Card>
  );
}

function ActiveFiles({ queue, pathOf }: { queue: UploadQueue; pathOf: (position: number) => string }) {
  const t = useT();
  const sizes = queue.files();
  const active = queue
    .progress()
    .map((file, position) => ({ file, position }))
    .filter(({ file }) => file.state === "uploading" || file.state === "preparing");
  if (active.length === 0) return null;
  return (
    <div>
      <h3 className="text-sm font-semibold text-slate-800">{t("imagingUpload.progress.active")}</h3>
      <ul className="mt-2 space-y-2">
        {active.map(({ file, position }) => {
          const label = file.state === "preparing" ? t("imagingUpload.progress.preparing", { path: pathOf(position) }) : pathOf(position);
          return (
            <li key={position} className="text-xs text-slate-700">
              <span className="block truncate">{label}</span>
              <progress
                className="h-2 w-full accent-teal-700"
                aria-label={label}
                value={file.state === "uploading" ? file.sent : undefined}
                max={Math.max(sizes[position]?.size ?? 1, 1)}
              />
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function Refusals({ queue, pathOf }: { queue: UploadQueue; pathOf: (position: number) => string }) {
  const t = useT();
  const lines = queue.progress().flatMap((file, position) => {
    if (file.state === "refused") {
      return [{ position, text: t("imagingUpload.refused.item", { path: pathOf(position), reason: refusalText(t, file.reason, file.attributes) }) }];
    }
    if (file.state === "failed") return [{ position, text: t("imagingUpload.failed", { path: pathOf(position), status: file.status }) }];
    return [];
  });
  if (lines.length === 0) return null;
  return (
    <div className="rounded-md bg-rose-50 p-4 text-sm text-rose-950 ring-1 ring-rose-200" data-testid="upload-refusals">
      <h3 className="font-semibold">{t("imagingUpload.refused.title", { count: lines.length })}</h3>
      <ul className="mt-2 list-disc space-y-1 break-all pl-5">
        {lines.map((line) => (
          <li key={line.position}>{line.text}</li>
        ))}
      </ul>
    </div>
  );
}

/** `value`, changing at most once per `ms` (and at once when `final`). */
function useThrottled(value: string, ms: number, final: boolean): string {
  const [shown, setShown] = useState(value);
  const latest = useRef(value);
  latest.current = value;
  useEffect(() => {
    const timer = setInterval(() => setShown(latest.current), ms);
    return () => clearInterval(timer);
  }, [ms]);
  useEffect(() => {
    if (final) setShown(value);
  }, [final, value]);
  return shown;
}
