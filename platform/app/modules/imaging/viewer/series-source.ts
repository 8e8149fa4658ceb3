import { z } from "zod";
import { seriesStackOf, type DicomJsonInstance, type SeriesStack } from "./series-stack";

/** A series as the viewer addresses it under the case's DICOMweb root. */
export type SeriesAddress = { studyInstanceUid: string; seriesInstanceUid: string };

const metadataSchema = z.array(z.record(z.string(), z.object({ vr: z.string(), Value: z.array(z.unknown()).optional() }).loose()));

/** The case's DICOMweb root, on this page's origin so the session cookie goes with every request. */
export function dicomwebRootOf(origin: string, caseId: string): string {
  return `${origin}/dicomweb/cases/${caseId}`;
}

async function fetchMetadata(url: string): Promise<DicomJsonInstance[]> {
  const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/dicom+json" } });
  if (!response.ok) throw new Error(`metadata request answered ${response.status}`);
  return metadataSchema.parse(await response.json()) as DicomJsonInstance[];
}

/** Hands an instance's metadata to the image loader, under the image id of its first frame. */
export type RegisterMetadata = (imageId: string, instance: DicomJsonInstance) => void;

/**
 * Loads series stacks from WADO-RS metadata, each once per page (a failed load is tried again
 * next time): the whole series for viewing, or a single instance for its thumbnail. The image
 * loader learns every instance's metadata before any of its frames is requested.
 */
export class SeriesSource {
  private readonly stacks = new Map<string, Promise<SeriesStack>>();

  constructor(
    private readonly root: string,
    private readonly register: RegisterMetadata,
  ) {}

  series(address: SeriesAddress): Promise<SeriesStack> {
    return this.once(address.seriesInstanceUid, `${this.seriesPath(address)}/metadata`);
  }

  instance(address: SeriesAddress, sopInstanceUid: string): Promise<SeriesStack> {
    return this.once(`${address.seriesInstanceUid}/${sopInstanceUid}`, `${this.seriesPath(address)}/instances/${sopInstanceUid}/metadata`);
  }

  private seriesPath({ studyInstanceUid, seriesInstanceUid }: SeriesAddress): string {
    return `${this.root}/studies/${studyInstanceUid}/series/${seriesInstanceUid}`;
  }

  private once(key: string, url: string): Promise<SeriesStack> {
    let stack = this.stacks.get(key);
    if (!stack) {
      stack = fetchMetadata(url).then((instances) => {
        const loaded = seriesStackOf(this.root, instances);
        for (const [imageId, instance] of loaded.metadata) this.register(imageId, instance);
        return loaded;
      });
      stack.catch(() => this.stacks.delete(key));
      this.stacks.set(key, stack);
    }
    return stack;
  }
}
