// @consult/imaging: DICOM parsing, PS3.15 Basic Profile de-identification, server-side verification and index
// metadata. Runs unchanged in a browser Web Worker and in Node: no node: imports, only Uint8Array, TextDecoder and crypto.

export { parseDicom, type ParseResult } from "./parse.ts";
export type { ByteRange, DataElement, DataSet, DicomFile, EncapsulatedPixelData } from "./dataset.ts";
export { findElement } from "./dataset.ts";
export type { Refusal, RefusalReason } from "./result.ts";
export { Tags, formatTag, tagOf, type Tag } from "./tags.ts";
export type { TransferSyntax } from "./transfer-syntax.ts";
export type { Vr } from "./vr.ts";
export { readText } from "./values.ts";

export { deidentify, type DateOption, type DeidentifyOptions, type DeidentifyResult } from "./deidentify.ts";
export type { DeidentificationReport, MethodCode, ReportEntry } from "./deidentification-report.ts";
export { UidMap, type UidMapJson } from "./uid-map.ts";
export { BASIC_PROFILE, PROFILE_EDITION, type ProfileAction, type ProfileEntry } from "./profile-table.ts";
export { PATIENT_CHARACTERISTICS, type Treatment } from "./profile-rules.ts";

export { findIdentifyingData, type IdentifyingDataProblem, type VerifyExpectations, type VerifyResult } from "./verify.ts";
export { extractIndexMetadata, type IndexMetadata, type IndexMetadataResult } from "./index-metadata.ts";
export type { FrameLocation } from "./frames.ts";
export { toDicomJson, type DicomJsonAttribute, type DicomJsonDataset, type DicomJsonPersonName, type DicomJsonValue } from "./dicom-json.ts";

export { writeDicomFile, type WritableDicom } from "./write.ts";
export { bytesElement, sequenceElement, stringElement, withElements } from "./elements.ts";
