/** The three Cornerstone3D packages, loaded and initialised. */
export type Cornerstone = {
  core: typeof import("@cornerstonejs/core");
  tools: typeof import("@cornerstonejs/tools");
  loader: typeof import("@cornerstonejs/dicom-image-loader");
};

/** Decode workers: enough to decode a CT series in parallel without starving the page. */
const MAX_DECODE_WORKERS = 4;

let loading: Promise<Cornerstone> | undefined;

/**
 * Downloads Cornerstone3D (only the images page needs it) and initialises it once per page
 * life, whatever number of viewers mount; a failed attempt may be retried. Without WebGL, core
 * renders on the CPU by itself. Image requests are same-origin and carry the session cookie.
 */
export function loadCornerstone(): Promise<Cornerstone> {
  loading ??= initialise().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

async function initialise(): Promise<Cornerstone> {
  const [core, tools, loader] = await Promise.all([
    import("@cornerstonejs/core"),
    import("@cornerstonejs/tools"),
    import("@cornerstonejs/dicom-image-loader"),
  ]);
  // one stack viewport per page: one WebGL context, not the default pool of 7 (browsers allow about 16 in all)
  core.init({ rendering: { webGlContextCount: 1 }, debug: {} });
  loader.init({ maxWebWorkers: Math.min(MAX_DECODE_WORKERS, Math.max(1, (navigator.hardwareConcurrency || 2) - 1)) });
  tools.init();
  for (const tool of [tools.StackScrollTool, tools.WindowLevelTool, tools.PanTool, tools.ZoomTool, tools.LengthTool]) tools.addTool(tool);
  return { core, tools, loader };
}
