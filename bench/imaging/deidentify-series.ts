import { deidentify, type DeidentifyOptions } from "@consult/imaging";

/**
 * De-identifies a series one file after another in this thread, as the uploading browser's Web
 * Worker does: the de-identified files and the seconds it took. Throws on the first refusal.
 */
export async function deidentifySeries(
  series: readonly Uint8Array[],
  options: DeidentifyOptions,
): Promise<{ files: Uint8Array[]; seconds: number }> {
  const files: Uint8Array[] = [];
  const started = performance.now();
  for (const bytes of series) {
    const result = await deidentify(bytes, options);
    if (!result.ok) throw new Error(`de-identification refused a file: ${result.reason}: ${result.detail}`);
    files.push(result.bytes);
  }
  return { files, seconds: (performance.now() - started) / 1000 };
}
