import {
  deidentify,
  extractIndexMetadata,
  parseDicom,
  readText,
  tagOf,
  Tags,
  UidMap,
  type DeidentificationReport,
  type DeidentifyOptions,
  type DicomFile,
  type RefusalReason,
} from "@consult/imaging";
import { kindOfFile, type DocumentType, type FileKind } from "./file-kind";
import type { UploadLimits } from "./limits";
import { RemovalPreviewBuilder, type RemovalPreview } from "./removal-preview";
import { sha256Hex } from "./sha256";
import { StudyGrouping, type InstanceFacts, type StudyPreview } from "./study-grouping";
import { looksLikeZip, openZip, readZipEntry, type ZipEntryProblem, type ZipRefusalReason } from "./zip-archive";

/** A dropped file and its path in the dropped folder (or its name): shown to the uploader, never sent. */
export type ScanInput = { file: Blob; path: string };

/** How files are de-identified: the case's keys and the uploader's choice for dates. */
export type DeidentifySettings = {
  /** the case reference, written as Patient's Name and ID */
  pseudonym: string;
  uidSecret: string;
  dates: { mode: "shift"; offsetDays: number } | { mode: "keep" };
};

/** Why a file is left out. */
export type SetAsideReason =
  // harmless: what a CD carries besides its images
  | "dicomdir"
  | "not_dicom"
  | "duplicate"
  // problems the uploader should look at
  | "nested_archive"
  | Exclude<RefusalReason, "not_dicom">
  | "mismatched_type"
  | "conflicting_duplicate"
  | "too_large"
  | "too_many_files"
  | ZipRefusalReason
  | ZipEntryProblem;

export type SetAside = {
  path: string;
  reason: SetAsideReason;
  /** the parser's or the zip reader's explanation (English, free of attribute values) */
  detail?: string;
};

/** A de-identified DICOM instance ready to be listed in the manifest. */
export type DicomItem = {
  id: number;
  kind: "dicom";
  path: string;
  /** the opaque keys of its original study and series in {@link ScanResult.studies} */
  studyKey: string;
  seriesKey: string;
  sha256: string;
  size: number;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
};

/** A key image or PDF report, sent as it is once the uploader confirms it shows nothing identifying. */
export type DocumentItem = { id: number; kind: DocumentType; path: string; sha256: string; size: number };

export type ScanResult = {
  studies: StudyPreview[];
  instances: DicomItem[];
  documents: DocumentItem[];
  setAside: SetAside[];
  removal: RemovalPreview;
  /** distinct Patient IDs among the originals: more than one usually means a wrong file was dropped */
  patients: number;
};

export type ScanProgress = { done: number; total: number };

export type Prepared =
  | { ok: true; bytes: Uint8Array<ArrayBuffer>; sha256: string }
  | { ok: false; reason: "changed" | "unreadable"; detail: string };

/** A readable DICOM file before it joins the scan: its item, what groups it and what de-identification did. */
type ExpectedBytes = { kind: DicomItem["kind"] | DocumentType; sha256: string };

type ExaminedDicom = {
  instance: Omit<DicomItem, "studyKey" | "seriesKey">;
  facts: InstanceFacts;
  report: DeidentificationReport;
  /** the original's, counted and forgotten */
  patientId: string | undefined;
};

/** A file to read: a dropped file, or an entry of a dropped zip read on demand. */
type Source = {
  path: string;
  /** what the file or entry declares; checked against the limit before reading */
  size: number;
  read: () => Promise<SourceRead>;
  /** the first bytes, when they can be had without reading the whole file (a dropped file, not a zip entry) */
  head?: () => Promise<Uint8Array>;
};

type SourceRead = { ok: true; bytes: Uint8Array<ArrayBuffer> } | { ok: false; reason: SetAsideReason; detail: string };

const MEDIA_STORAGE_DIRECTORY = "1.2.840.10008.1.3.10";
const STUDY_DESCRIPTION = tagOf(0x0008, 0x1030);

/**
 * What is read of a dropped file to tell what it is: the preamble and "DICM", or the start of a bare dataset. A CD's
 * viewer software (hundreds of megabytes of programs and libraries) is set aside on this alone.
 */
const HEAD_BYTES = 4096;

/**
 * The worker's logic, in plain functions of Blobs and bytes so tests run it in Node: opens zips within limits,
 * sorts out what is not an image, parses and de-identifies every DICOM file (the bytes are thrown away: only their
 * SHA-256 and new UIDs are kept for the manifest), groups the originals into studies and series and adds up what
 * de-identification changes. {@link prepare} later gives the same de-identified bytes again, one file at a time,
 * so a large CD never sits in memory.
 */
export class Scanner {
  /** the last finished scan's files and what prepare must give back for each */
  private finished: { sources: Source[]; expected: Map<number, ExpectedBytes>; options: DeidentifyOptions } | undefined;

  constructor(private readonly limits: UploadLimits) {}

  /** Scans `inputs`; an aborted scan throws and leaves the last finished one in place. */
  async scan(inputs: ScanInput[], settings: DeidentifySettings, onProgress: (progress: ScanProgress) => void, signal?: AbortSignal): Promise<ScanResult> {
    const options: DeidentifyOptions = {
      pseudonym: settings.pseudonym,
      uidMap: UidMap.fromJSON({ version: 1, secret: settings.uidSecret }),
      dates: settings.dates,
      retainPatientCharacteristics: true,
    };
    const setAside: SetAside[] = [];
    const sources = await this.expand(inputs, setAside);
    const grouping = new StudyGrouping();
    const removal = new RemovalPreviewBuilder();
    const patients = new Set<string>();
    const instances: DicomItem[] = [];
    const documents: DocumentItem[] = [];
    const bySopInstance = new Map<string, ExaminedDicom["instance"]>();

    for (const [id, source] of sources.entries()) {
      signal?.throwIfAborted();
      onProgress({ done: id, total: sources.length });
      const outcome = await this.examine(source, id, options);
      if ("reason" in outcome) {
        setAside.push({ path: source.path, ...outcome });
      } else if ("instance" in outcome) {
        const { instance } = outcome;
        const earlier = bySopInstance.get(instance.sopInstanceUid);
        if (earlier) {
          setAside.push({ path: source.path, reason: earlier.sha256 === instance.sha256 ? "duplicate" : "conflicting_duplicate" });
          continue;
        }
        bySopInstance.set(instance.sopInstanceUid, instance);
        instances.push({ ...instance, ...grouping.add(outcome.facts) });
        removal.add(outcome.report);
        if (outcome.patientId) patients.add(outcome.patientId);
      } else {
        documents.push(outcome);
      }
    }
    signal?.throwIfAborted();
    onProgress({ done: sources.length, total: sources.length });
    const expected = new Map([...instances, ...documents].map((item) => [item.id, { kind: item.kind, sha256: item.sha256 }]));
    this.finished = { sources, expected, options };
    return { studies: grouping.build(), instances, documents, setAside, removal: removal.build(), patients: patients.size };
  }

  /** The bytes to send for an item of the last scan, checked against the SHA-256 the manifest lists. */
  async prepare(id: number): Promise<Prepared> {
    const source = this.finished?.sources[id];
    const expected = this.finished?.expected.get(id);
    if (!this.finished || !source || !expected) return { ok: false, reason: "unreadable", detail: "the file was not part of the last scan" };
    const read = await source.read();
    if (!read.ok) return { ok: false, reason: "unreadable", detail: read.detail };
    let bytes = read.bytes;
    if (expected.kind === "dicom") {
      const result = await deidentify(bytes, this.finished.options);
      if (!result.ok) return { ok: false, reason: "unreadable", detail: result.detail };
      bytes = ownBuffer(result.bytes);
    }
    const sha256 = await sha256Hex(bytes);
    if (sha256 !== expected.sha256) return { ok: false, reason: "changed", detail: "the file changed since it was scanned" };
    return { ok: true, bytes, sha256 };
  }

  private async expand(inputs: ScanInput[], setAside: SetAside[]): Promise<Source[]> {
    const sources: Source[] = [];
    for (const { file, path } of inputs) {
      const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
      if (!looksLikeZip(head)) {
        sources.push({
          path,
          size: file.size,
          read: async () => ({ ok: true, bytes: new Uint8Array(await file.arrayBuffer()) }),
          head: async () => new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer()),
        });
        continue;
      }
      const archive = await openZip(file, this.limits.zip);
      if (!archive.ok) {
        setAside.push({ path, reason: archive.reason, detail: archive.detail });
        continue;
      }
      for (const entry of archive.entries) {
        sources.push({ path: `${path}/${entry.name}`, size: entry.size, read: () => readZipEntry(file, entry) });
      }
    }
    if (sources.length <= this.limits.maxFiles) return sources;
    for (const source of sources.slice(this.limits.maxFiles)) setAside.push({ path: source.path, reason: "too_many_files" });
    return sources.slice(0, this.limits.maxFiles);
  }

  private async examine(source: Source, id: number, options: DeidentifyOptions): Promise<ExaminedDicom | DocumentItem | Omit<SetAside, "path">> {
    if (source.size > this.limits.maxFileBytes) return { reason: "too_large" };
    if (source.head) {
      const setAside = setAsideByHead(source, await source.head());
      if (setAside) return setAside;
    }
    const read = await source.read();
    if (!read.ok) return { reason: read.reason, detail: read.detail };
    const kind = kindOfFile(source.path, read.bytes.subarray(0, HEAD_BYTES));
    const notSent = NOT_SENT[kind.kind];
    if (notSent) return { reason: notSent };
    if (kind.kind === "document") return { id, kind: kind.type, path: source.path, sha256: await sha256Hex(read.bytes), size: read.bytes.length };
    return this.examineDicom(source, id, read.bytes, options);
  }

  private async examineDicom(source: Source, id: number, bytes: Uint8Array<ArrayBuffer>, options: DeidentifyOptions): Promise<ExaminedDicom | Omit<SetAside, "path">> {
    const parsed = parseDicom(bytes);
    if (!parsed.ok) return { reason: parsed.reason, detail: parsed.detail };
    if (isDicomDirectory(parsed.file)) return { reason: "dicomdir" };
    const original = extractIndexMetadata(parsed.file);
    if (!original.ok) return { reason: original.reason, detail: original.detail };
    const result = await deidentify(bytes, options);
    if (!result.ok) return { reason: result.reason, detail: result.detail };
    if (result.bytes.length > this.limits.maxFileBytes) return { reason: "too_large" };
    const sent = extractIndexMetadata(result.bytes);
    if (!sent.ok) return { reason: sent.reason, detail: sent.detail };
    const { dataset } = parsed.file;
    return {
      instance: {
        id,
        kind: "dicom",
        path: source.path,
        sha256: await sha256Hex(ownBuffer(result.bytes)),
        size: result.bytes.length,
        studyInstanceUid: sent.metadata.studyInstanceUid,
        seriesInstanceUid: sent.metadata.seriesInstanceUid,
        sopInstanceUid: sent.metadata.sopInstanceUid,
      },
      facts: {
        studyInstanceUid: original.metadata.studyInstanceUid,
        seriesInstanceUid: original.metadata.seriesInstanceUid,
        studyDate: readText(dataset, Tags.StudyDate),
        studyDescription: readText(dataset, STUDY_DESCRIPTION)?.trim() || undefined,
        modality: original.metadata.modality,
        seriesNumber: original.metadata.seriesNumber,
        seriesDescription: original.metadata.seriesDescription?.trim() || undefined,
        frames: original.metadata.numberOfFrames,
        burnedInRisk: result.report.warnings.length > 0,
      },
      report: result.report,
      patientId: readText(dataset, Tags.PatientID)?.trim() || undefined,
    };
  }
}

const NOT_SENT: Partial<Record<FileKind["kind"], SetAsideReason>> = { dicomdir: "dicomdir", archive: "nested_archive", mismatched: "mismatched_type" };

/** What a file's head alone tells: set aside without reading the rest, or undefined to read it whole. */
function setAsideByHead(source: Source, head: Uint8Array): Omit<SetAside, "path"> | undefined {
  const kind = kindOfFile(source.path, head);
  const notSent = NOT_SENT[kind.kind];
  if (notSent) return { reason: notSent };
  if (kind.kind !== "dicom_candidate" || head.length >= source.size) return undefined;
  // the head of a DICOM file reads as truncated; a program or a text file reads as "not DICOM" already
  const probe = parseDicom(head);
  return !probe.ok && probe.reason === "not_dicom" ? { reason: "not_dicom", detail: probe.detail } : undefined;
}

function isDicomDirectory(file: DicomFile): boolean {
  return readText(file.meta, Tags.MediaStorageSOPClassUID)?.replace(/\0/g, "").trim() === MEDIA_STORAGE_DIRECTORY;
}

/** Bytes that own their whole ArrayBuffer, so it can be transferred out of the worker and hashed as is. */
function ownBuffer(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  if (bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) {
    return bytes as Uint8Array<ArrayBuffer>;
  }
  return new Uint8Array(bytes);
}
