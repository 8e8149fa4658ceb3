/** A data element tag as one unsigned 32-bit number: group in the high 16 bits, element in the low 16. */
export type Tag = number;

export function tagOf(group: number, element: number): Tag {
  return ((group << 16) | element) >>> 0;
}

export function groupOf(tag: Tag): number {
  return tag >>> 16;
}

export function elementOf(tag: Tag): number {
  return tag & 0xffff;
}

/** "(0010,0010)" */
export function formatTag(tag: Tag): string {
  const hex = tag.toString(16).toUpperCase().padStart(8, "0");
  return `(${hex.slice(0, 4)},${hex.slice(4)})`;
}

/** Odd groups are private (PS3.5 7.8); groups 0001, 0003, 0005, 0007 and FFFF are not allowed at all and count as private too. */
export function isPrivateTag(tag: Tag): boolean {
  return (groupOf(tag) & 1) === 1;
}

/** (gggg,0000) group lengths: retired outside the file meta, recomputed or dropped on write. */
export function isGroupLength(tag: Tag): boolean {
  return elementOf(tag) === 0;
}

export const ITEM = 0xfffee000;
export const ITEM_DELIMITATION = 0xfffee00d;
export const SEQUENCE_DELIMITATION = 0xfffee0dd;

/** Tags this package reads or writes by name. */
export const Tags = {
  FileMetaInformationGroupLength: 0x00020000,
  FileMetaInformationVersion: 0x00020001,
  MediaStorageSOPClassUID: 0x00020002,
  MediaStorageSOPInstanceUID: 0x00020003,
  TransferSyntaxUID: 0x00020010,
  ImplementationClassUID: 0x00020012,
  ImplementationVersionName: 0x00020013,
  SpecificCharacterSet: 0x00080005,
  SOPClassUID: 0x00080016,
  SOPInstanceUID: 0x00080018,
  StudyDate: 0x00080020,
  Modality: 0x00080060,
  CodeValue: 0x00080100,
  CodingSchemeDesignator: 0x00080102,
  CodeMeaning: 0x00080104,
  SeriesDescription: 0x0008103e,
  PatientName: 0x00100010,
  PatientID: 0x00100020,
  PatientBirthDate: 0x00100030,
  PatientBirthTime: 0x00100032,
  PatientSex: 0x00100040,
  PatientAge: 0x00101010,
  PatientSize: 0x00101020,
  PatientWeight: 0x00101030,
  PatientIdentityRemoved: 0x00120062,
  DeidentificationMethod: 0x00120063,
  DeidentificationMethodCodeSequence: 0x00120064,
  StudyInstanceUID: 0x0020000d,
  SeriesInstanceUID: 0x0020000e,
  SeriesNumber: 0x00200011,
  InstanceNumber: 0x00200013,
  ImagePositionPatient: 0x00200032,
  PlanePositionSequence: 0x00209113,
  SamplesPerPixel: 0x00280002,
  NumberOfFrames: 0x00280008,
  Rows: 0x00280010,
  Columns: 0x00280011,
  PixelSpacing: 0x00280030,
  BitsAllocated: 0x00280100,
  BurnedInAnnotation: 0x00280301,
  LongitudinalTemporalInformationModified: 0x00280303,
  PixelMeasuresSequence: 0x00289110,
  SharedFunctionalGroupsSequence: 0x52009229,
  PerFrameFunctionalGroupsSequence: 0x52009230,
  ExtendedOffsetTable: 0x7fe00001,
  ExtendedOffsetTableLengths: 0x7fe00002,
  PixelData: 0x7fe00010,
} as const;
