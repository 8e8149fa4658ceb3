import { burnedInTextWarnings } from "./burned-in-risk.ts";
import { DEFAULT_CHARACTER_SET } from "./charset.ts";
import { findElement, type DataElement, type DataSet, type DicomFile } from "./dataset.ts";
import { shiftDateValues } from "./date-shift.ts";
import { ReportBuilder, type DeidentificationReport, type MethodCode } from "./deidentification-report.ts";
import { dummyValue } from "./dummy-values.ts";
import { bytesElement, sequenceElement, stringElement, withElements } from "./elements.ts";
import { parseDicomOrThrow } from "./parse.ts";
import { PROFILE_EDITION, profileEntryFor } from "./profile-table.ts";
import { ruleFor, type ProfileOptions, type Treatment } from "./profile-rules.ts";
import { refuse, toRefusal, type Refusal } from "./result.ts";
import { groupOf, isGroupLength, isPrivateTag, Tags } from "./tags.ts";
import { normaliseTextEncoding } from "./text-encoding.ts";
import type { UidMap } from "./uid-map.ts";
import { asciiText, characterSetOf, effectiveVr, stringValues } from "./values.ts";
import { writeDicomFile } from "./write.ts";

export type DateOption =
  | { readonly mode: "remove" }
  | { readonly mode: "keep" }
  | { readonly mode: "shift"; readonly offsetDays: number };

export interface DeidentifyOptions {
  /** Replaces Patient's Name and Patient ID, e.g. the case reference. ASCII letters, digits, space and . _ - ^ only, 1-64 characters. */
  readonly pseudonym: string;
  /** The case's UID map: keep one per case so every upload of the case maps UIDs alike. */
  readonly uidMap: UidMap;
  /** Default { mode: "remove" } (the Basic Profile itself). */
  readonly dates?: DateOption;
  /** Retain Patient Characteristics Option (sex, age, size, weight). Default true: dosing and SUV need them in consultation. */
  readonly retainPatientCharacteristics?: boolean;
}

export type DeidentifyResult =
  | { readonly ok: true; readonly bytes: Uint8Array; readonly report: DeidentificationReport }
  | Refusal;

/** This implementation's Implementation Class UID and Version Name in the File Meta of every file it writes. */
export const IMPLEMENTATION_CLASS_UID = "2.25.227920404112886786004345572020057482157";
const IMPLEMENTATION_VERSION_NAME = "CONSULT_DEID_1";

const PSEUDONYM = /^[A-Za-z0-9 ._^-]{1,64}$/;
const UID = /^[0-9.]{1,64}$/;
const FIRST_DATASET_GROUP = 0x0008;
const MAX_SHIFT_DAYS = 36_500;

const BASIC_PROFILE_CODE: MethodCode = { codeValue: "113100", codingSchemeDesignator: "DCM", codeMeaning: "Basic Application Confidentiality Profile" };
const FULL_DATES_CODE: MethodCode = { codeValue: "113106", codingSchemeDesignator: "DCM", codeMeaning: "Retain Longitudinal Temporal Information Full Dates Option" };
const MODIFIED_DATES_CODE: MethodCode = { codeValue: "113107", codingSchemeDesignator: "DCM", codeMeaning: "Retain Longitudinal Temporal Information Modified Dates Option" };
const PATIENT_CHARACTERISTICS_CODE: MethodCode = { codeValue: "113108", codingSchemeDesignator: "DCM", codeMeaning: "Retain Patient Characteristics Option" };

interface Context {
  readonly options: ProfileOptions;
  readonly offsetDays: number;
  readonly pseudonym: string;
  readonly uidMap: UidMap;
  readonly report: ReportBuilder;
}

/**
 * De-identifies one DICOM file by the PS3.15 Basic Application Level Confidentiality Profile (Table E.1-1, 2023b)
 * at every nesting depth: private attributes removed, listed UIDs replaced through the case's {@link UidMap}, names and
 * IDs replaced by the pseudonym, dates handled per option, Patient Identity Removed = YES and the method recorded.
 * The transfer syntax and the pixel data bytes are unchanged; the File Meta is rebuilt (nothing of the original's kept)
 * and the preamble zeroed.
 * Refuses (never throws on) unreadable input; throws a TypeError only for invalid options.
 */
export async function deidentify(bytes: Uint8Array, options: DeidentifyOptions): Promise<DeidentifyResult> {
  const context = contextFor(options);
  try {
    const file = parseDicomOrThrow(bytes);
    return await deidentifyFile(file, context);
  } catch (error) {
    return toRefusal(error);
  }
}

function contextFor(options: DeidentifyOptions): Context {
  if (!PSEUDONYM.test(options.pseudonym)) throw new TypeError("pseudonym must be 1-64 ASCII letters, digits, spaces or . _ - ^");
  const dates = options.dates ?? { mode: "remove" };
  const offsetDays = dates.mode === "shift" ? dates.offsetDays : 0;
  if (dates.mode === "shift" && (!Number.isInteger(offsetDays) || offsetDays === 0 || Math.abs(offsetDays) > MAX_SHIFT_DAYS)) {
    throw new TypeError(`dates.offsetDays must be a non-zero integer of at most ${MAX_SHIFT_DAYS} days either way`);
  }
  return {
    options: { dates: dates.mode, retainPatientCharacteristics: options.retainPatientCharacteristics ?? true },
    offsetDays,
    pseudonym: options.pseudonym,
    uidMap: options.uidMap,
    report: new ReportBuilder(),
  };
}

async function deidentifyFile(file: DicomFile, context: Context): Promise<DeidentifyResult> {
  const sopClassUid = asciiText(findElement(file.dataset, Tags.SOPClassUID)?.value ?? new Uint8Array(0));
  const sopInstanceUid = asciiText(findElement(file.dataset, Tags.SOPInstanceUID)?.value ?? new Uint8Array(0));
  if (!UID.test(sopClassUid) || !UID.test(sopInstanceUid)) refuse("malformed", "the dataset has no valid SOP Class UID or SOP Instance UID");
  const inputCharacterSet = characterSetOf(file.dataset, DEFAULT_CHARACTER_SET);
  const cleaned = await cleanDataSet(file.dataset, context);
  const { dataset: encoded, characterSet } = normaliseTextEncoding(cleaned);
  const codes = methodCodes(context.options);
  const method = [`Consult: PS3.15-${PROFILE_EDITION} Table E.1-1 Basic Profile`, ...codes.slice(1).map((code) => code.codeMeaning)];
  const longitudinal = context.options.dates === "remove" ? "REMOVED" : context.options.dates === "keep" ? "UNMODIFIED" : "MODIFIED";
  const dataset = withElements(encoded, [
    stringElement(Tags.PatientIdentityRemoved, "CS", "YES"),
    stringElement(Tags.DeidentificationMethod, "LO", method.join("\\")),
    sequenceElement(Tags.DeidentificationMethodCodeSequence, codes.map(codeItem)),
    stringElement(Tags.LongitudinalTemporalInformationModified, "CS", longitudinal),
  ]);
  const meta: DataSet = [
    bytesElement(Tags.FileMetaInformationVersion, "OB", new Uint8Array([0x00, 0x01])),
    stringElement(Tags.MediaStorageSOPClassUID, "UI", sopClassUid),
    stringElement(Tags.MediaStorageSOPInstanceUID, "UI", await context.uidMap.map(sopInstanceUid)),
    stringElement(Tags.ImplementationClassUID, "UI", IMPLEMENTATION_CLASS_UID),
    stringElement(Tags.ImplementationVersionName, "SH", IMPLEMENTATION_VERSION_NAME),
  ];
  const output = writeDicomFile({ meta, dataset, transferSyntax: file.transferSyntax });
  return {
    ok: true,
    bytes: output,
    report: {
      entries: context.report.entries(),
      privateAttributesRemoved: context.report.privateAttributesRemoved,
      characterSet: { input: inputCharacterSet, output: characterSet },
      method,
      methodCodes: codes,
      longitudinalTemporalInformationModified: longitudinal,
      warnings: burnedInTextWarnings(file.dataset),
    },
  };
}

function methodCodes(options: ProfileOptions): MethodCode[] {
  const codes = [BASIC_PROFILE_CODE];
  if (options.dates === "keep") codes.push(FULL_DATES_CODE);
  if (options.dates === "shift") codes.push(MODIFIED_DATES_CODE);
  if (options.retainPatientCharacteristics) codes.push(PATIENT_CHARACTERISTICS_CODE);
  return codes;
}

function codeItem(code: MethodCode): DataSet {
  return [
    stringElement(Tags.CodeValue, "SH", code.codeValue),
    stringElement(Tags.CodingSchemeDesignator, "SH", code.codingSchemeDesignator),
    stringElement(Tags.CodeMeaning, "LO", code.codeMeaning),
  ];
}

/** Applies the profile to one dataset and, recursively, to the items of every sequence it keeps. */
async function cleanDataSet(dataSet: DataSet, context: Context): Promise<DataElement[]> {
  const cleaned: DataElement[] = [];
  for (const element of dataSet) {
    if (isGroupLength(element.tag)) continue;
    if (isPrivateTag(element.tag)) {
      context.report.privateAttributesRemoved += 1;
      continue;
    }
    if (groupOf(element.tag) < FIRST_DATASET_GROUP) {
      // Command, File Meta and directory groups have no place in an instance's dataset and would be read back as File Meta.
      context.report.record(element.tag, profileEntryFor(element.tag), "remove");
      continue;
    }
    const replacement = await cleanElement(element, context);
    if (replacement !== undefined) cleaned.push(replacement);
  }
  return cleaned;
}

async function cleanElement(element: DataElement, context: Context): Promise<DataElement | undefined> {
  const vr = effectiveVr(element);
  const { treatment, entry } = ruleFor(element.tag, vr, context.options);
  const record = (done: Treatment) => context.report.record(element.tag, entry, done);
  switch (treatment) {
    case "remove":
      record("remove");
      return undefined;
    case "empty":
      record("empty");
      return element.items === undefined ? bytesElement(element.tag, vr, new Uint8Array(0)) : sequenceElement(element.tag, []);
    case "dummy":
      if (element.items !== undefined) {
        record("empty");
        return sequenceElement(element.tag, []);
      }
      record("dummy");
      return bytesElement(element.tag, vr, dummyValue(vr));
    case "pseudonym":
      record("pseudonym");
      return stringElement(element.tag, vr, context.pseudonym);
    case "remap_uid": {
      record("remap_uid");
      const uids = await Promise.all(stringValues(element).map((uid) => (uid === "" ? uid : context.uidMap.map(uid))));
      return stringElement(element.tag, "UI", uids.join("\\"));
    }
    case "shift_date": {
      const shifted = shiftDateValues(asciiText(element.value), vr === "DT" ? "DT" : "DA", context.offsetDays);
      if (shifted === undefined) {
        record("empty");
        return bytesElement(element.tag, vr, new Uint8Array(0));
      }
      record("shift_date");
      return stringElement(element.tag, vr, shifted);
    }
    case "keep":
      if (entry !== undefined) record("keep");
      if (element.items === undefined) return element;
      return { ...element, items: await Promise.all(element.items.map((item) => cleanDataSet(item, context))) };
  }
}
