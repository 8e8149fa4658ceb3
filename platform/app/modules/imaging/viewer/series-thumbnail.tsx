import { useEffect, useRef, useState } from "react";
import type { Cornerstone } from "./cornerstone.client";
import type { SeriesAddress, SeriesSource } from "./series-source";

type Props = SeriesAddress & { engine: { cs: Cornerstone; source: SeriesSource } | null; sopInstanceUid: string | null };

/** Thumbnail edge in CSS pixels. */
const SIZE = 64;

/**
 * The series' middle image, drawn small once the viewer has started; a dark square while it
 * loads or when it cannot be drawn (the series text beside it says what it is).
 */
export function SeriesThumbnail({ engine, studyInstanceUid, seriesInstanceUid, sopInstanceUid }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [drawn, setDrawn] = useState(false);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!engine || !canvas || !sopInstanceUid) return;
    let live = true;
    engine.source
      .instance({ studyInstanceUid, seriesInstanceUid }, sopInstanceUid)
      .then(async ({ imageIds }) => {
        if (!live || !imageIds[0]) return;
        // drawn on the CPU: a thumbnail needs no WebGL context of its own
        await engine.cs.core.utilities.loadImageToCanvas({ canvas, imageId: imageIds[0], thumbnail: true, useCPURendering: true });
        if (live) setDrawn(true);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [engine, studyInstanceUid, seriesInstanceUid, sopInstanceUid]);

  return (
    <canvas
      ref={canvasRef}
      width={SIZE}
      height={SIZE}
      aria-hidden="true"
      data-drawn={drawn ? "true" : undefined}
      // important: Cornerstone sizes the canvas it draws into with inline styles
      className="size-16! shrink-0 rounded bg-slate-900"
    />
  );
}
