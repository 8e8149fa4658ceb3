import { Alert, Button } from "@consult/ui";
import type { Types } from "@cornerstonejs/dicom-image-loader";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { useT } from "~/modules/i18n/use-translation";
import type { CatalogStudy } from "../catalog.server";
import { loadCornerstone, type Cornerstone } from "./cornerstone.client";
import { viewerCommandOf, type ViewerCommand } from "./keyboard";
import { SeriesBrowser, type OpenSeries } from "./series-browser";
import { dicomwebRootOf, SeriesSource, type RegisterMetadata } from "./series-source";
import { StackViewer } from "./stack-viewer";
import { ViewerToolbar } from "./viewer-toolbar";
import type { DisplayWindow } from "./window-presets";

type Engine = { state: "starting" } | { state: "failed" } | { state: "ready"; cs: Cornerstone; source: SeriesSource };
type SeriesState = "idle" | "loading" | "shown" | "failed";

/**
 * A case's series and a stack viewer for the one opened. Cornerstone3D is downloaded and started
 * in the browser only (effects never run on the server); the page works as a list without it.
 */
export function ImageViewer({ caseId, studies }: { caseId: string; studies: CatalogStudy[] }) {
  const t = useT();
  const [engine, setEngine] = useState<Engine>({ state: "starting" });
  const [openSeries, setOpenSeries] = useState<OpenSeries | null>(null);
  const [seriesState, setSeriesState] = useState<SeriesState>("idle");
  const [attempt, setAttempt] = useState(0);
  const [slice, setSlice] = useState<{ index: number; total: number } | null>(null);
  const [displayWindow, setDisplayWindow] = useState<DisplayWindow | null>(null);
  const [imageError, setImageError] = useState(false);
  const [measuring, setMeasuring] = useState(false);
  const elementRef = useRef<HTMLDivElement>(null);
  const viewerRef = useRef<StackViewer | null>(null);

  useEffect(() => {
    let live = true;
    loadCornerstone().then(
      (cs) => {
        // the loader's type insists on a Value in every attribute; the DICOM JSON model leaves empty ones without
        const register: RegisterMetadata = (imageId, instance) => cs.loader.wadors.metaDataManager.add(imageId, instance as unknown as Types.WADORSMetaData);
        if (live) setEngine({ state: "ready", cs, source: new SeriesSource(dicomwebRootOf(window.location.origin, caseId), register) });
      },
      () => live && setEngine({ state: "failed" }),
    );
    return () => {
      live = false;
    };
  }, [caseId]);

  useEffect(() => {
    const element = elementRef.current;
    if (engine.state !== "ready" || !element) return;
    const viewer = new StackViewer(engine.cs, element, {
      onSlice: (index, total) => setSlice({ index, total }),
      onWindow: setDisplayWindow,
      onImageError: () => setImageError(true),
    });
    viewerRef.current = viewer;
    const resizing = new ResizeObserver(() => viewer.resize());
    resizing.observe(element);
    return () => {
      resizing.disconnect();
      viewerRef.current = null;
      viewer.destroy();
    };
  }, [engine]);

  useEffect(() => {
    const viewer = viewerRef.current;
    if (engine.state !== "ready" || !viewer || !openSeries) return;
    let live = true;
    setSeriesState("loading");
    setImageError(false);
    setSlice(null);
    setDisplayWindow(null);
    engine.source
      .series(openSeries)
      .then(({ imageIds }) => (live ? viewer.show(imageIds) : undefined))
      .then(
        () => live && setSeriesState("shown"),
        () => live && setSeriesState("failed"),
      );
    return () => {
      live = false;
    };
  }, [engine, openSeries, attempt]);

  useEffect(() => {
    viewerRef.current?.setMeasuring(measuring);
  }, [engine, measuring]);

  const shown = seriesState === "shown";
  const run = (command: ViewerCommand) => viewerRef.current?.run(command);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const command = viewerCommandOf(event);
    if (!shown || !command) return;
    event.preventDefault();
    run(command);
  };
  const open = (series: OpenSeries) => {
    setOpenSeries(series);
    elementRef.current?.focus();
  };

  return (
    <div className="grid gap-6 lg:grid-cols-[20rem_minmax(0,1fr)]">
      <SeriesBrowser
        studies={studies}
        engine={engine.state === "ready" ? engine : null}
        openSeriesId={openSeries?.id ?? null}
        onOpen={open}
      />
      <section aria-labelledby="viewer-title" className="space-y-3">
        <h2 id="viewer-title" className="sr-only">
          {t("viewer.title")}
        </h2>
        {engine.state === "failed" ? <Alert tone="error">{t("viewer.error.start")}</Alert> : null}
        {seriesState === "failed" ? (
          <Alert tone="error">
            <p>{t("viewer.error.series")}</p>
            <Button variant="secondary" className="mt-2" onClick={() => setAttempt((n) => n + 1)}>
              {t("viewer.retry")}
            </Button>
          </Alert>
        ) : null}
        {imageError && seriesState === "shown" ? <Alert tone="warning">{t("viewer.error.image")}</Alert> : null}
        <ViewerToolbar
          disabled={!shown}
          showCtPresets={openSeries?.modality === "CT"}
          measuring={measuring}
          onWindow={(preset) => viewerRef.current?.applyWindow(preset)}
          onMeasuring={setMeasuring}
          onCommand={run}
        />
        <div className="relative">
          <div
            ref={elementRef}
            role="application"
            aria-label={t("viewer.viewport")}
            tabIndex={0}
            onKeyDown={onKeyDown}
            onContextMenu={(event) => event.preventDefault()}
            className="h-[min(70vh,40rem)] w-full overflow-hidden rounded-lg bg-black select-none focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-700"
          />
          <ViewportMessage engine={engine.state} series={seriesState} />
          <div className="pointer-events-none absolute inset-x-3 bottom-2 flex justify-between font-mono text-sm text-white">
            <p aria-live="polite" data-testid="slice-indicator">
              {slice ? t("viewer.slice", { current: slice.index + 1, total: slice.total }) : null}
            </p>
            <p data-testid="window-indicator">
              {displayWindow ? t("viewer.window", { width: displayWindow.width, center: displayWindow.center }) : null}
            </p>
          </div>
        </div>
        <p className="text-xs text-slate-600">{t("viewer.mouseHelp")}</p>
      </section>
    </div>
  );
}

/** What the viewport says while it has no image to show. */
function ViewportMessage({ engine, series }: { engine: Engine["state"]; series: SeriesState }) {
  const t = useT();
  const message =
    engine === "starting" ? t("viewer.loading") : engine === "ready" && series === "idle" ? t("viewer.chooseSeries") : series === "loading" ? t("viewer.loadingSeries") : null;
  if (!message) return null;
  return (
    <p role="status" className="pointer-events-none absolute inset-0 flex items-center justify-center text-sm text-slate-200">
      {message}
    </p>
  );
}
