import type { Manifest, ManifestFile } from "./manifest-client";
import type { DicomItem, DocumentItem, ScanResult } from "./scan";

export type Selection = {
  /** studies the uploader unticked, by their opaque key */
  excludedStudies: ReadonlySet<string>;
  /** key images and PDFs go only once the uploader confirms they show nothing identifying */
  documentsConfirmed: boolean;
};

export type SelectedItem = DicomItem | DocumentItem;

/** What one upload sends, in manifest order: the instances of the chosen studies, then the confirmed documents. */
export function selectedItems(result: ScanResult, selection: Selection): SelectedItem[] {
  const instances = result.instances.filter((item) => !selection.excludedStudies.has(item.studyKey));
  return selection.documentsConfirmed ? [...instances, ...result.documents] : instances;
}

/** The manifest of a selection: hashes, sizes and de-identified UIDs; nothing of a path or a name. */
export function manifestOf(items: SelectedItem[], dateMode: Manifest["dateMode"]): Manifest {
  return { dateMode, files: items.map(manifestFileOf) };
}

function manifestFileOf(item: SelectedItem): ManifestFile {
  if (item.kind !== "dicom") return { kind: item.kind, sha256: item.sha256, size: item.size };
  const { sha256, size, studyInstanceUid, seriesInstanceUid, sopInstanceUid } = item;
  return { kind: "dicom", sha256, size, studyInstanceUid, seriesInstanceUid, sopInstanceUid };
}
