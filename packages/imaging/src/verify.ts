import { checkCharacterSet, DEFAULT_CHARACTER_SET } from "./charset.ts";
import { findElement, type DataElement, type DataSet, type DicomFile } from "./dataset.ts";
import { keywordOf } from "./dictionary.ts";
import { isDummyOrEmpty } from "./dummy-values.ts";
import { parseDicom } from "./parse.ts";
import type { ProfileAction } from "./profile-table.ts";
import { ruleFor, type DateHandling, type ProfileOptions } from "./profile-rules.ts";
import { toRefusal, type RefusalReason } from "./result.ts";
import { formatTag, isGroupLength, isPrivateTag, Tags, type Tag } from "./tags.ts";
import { asciiText, characterSetOf, effectiveVr, firstString, textOf } from "./values.ts";

export interface VerifyExpectations {
  /** The pseudonym the case's uploads must carry as Patient's Name and Patient ID (the case reference). */
  readonly pseudonym: string;
}

export type IdentifyingDataProblem =
  | { readonly kind: "unreadable"; readonly reason: RefusalReason; readonly detail: string }
  | { readonly kind: "identity_not_removed"; readonly detail: string }
  | { readonly kind: "preamble_not_empty"; readonly detail: string }
  | { readonly kind: "file_meta"; readonly tag: string; readonly detail: string }
  | { readonly kind: "private_attribute"; readonly tag: string; readonly path: string }
  | {
      readonly kind: "attribute";
      readonly tag: string;
      readonly keyword: string;
      readonly profileAction: ProfileAction | undefined;
      /** "present": must be removed; "not_emptied": must be empty or the dummy; "not_pseudonym": differs from the case pseudonym. */
      readonly problem: "present" | "not_emptied" | "not_pseudonym";
      readonly path: string;
    };

export type VerifyResult = { readonly ok: true } | { readonly ok: false; readonly problems: readonly IdentifyingDataProblem[] };

/**
 * The server's check on every received instance: parses the bytes again and lists what still identifies the patient.
 * Problems: unreadable input, Patient Identity Removed not YES or no Basic Profile code (113100) in the
 * De-identification Method Code Sequence, a non-zero preamble, File Meta elements beyond the ones a de-identifier writes
 * (or a Media Storage SOP Instance UID other than the dataset's), any private attribute, and any Table E.1-1 attribute
 * (at any depth) still holding a value its action forbids. The retain options the file declares (113106/113107 dates,
 * 113108 patient characteristics) are honoured as the de-identifier honours them. Whether a UID is an original cannot
 * be known from one file, so remapped UIDs are not judged. Values never appear in the problems.
 */
export function findIdentifyingData(input: Uint8Array | DicomFile, expected: VerifyExpectations): VerifyResult {
  let file: DicomFile;
  if (input instanceof Uint8Array) {
    const parsed = parseDicom(input);
    if (!parsed.ok) return { ok: false, problems: [{ kind: "unreadable", reason: parsed.reason, detail: parsed.detail }] };
    file = parsed.file;
  } else {
    file = input;
  }

  const problems: IdentifyingDataProblem[] = [];
  if (file.preamble?.some((byte) => byte !== 0)) {
    problems.push({ kind: "preamble_not_empty", detail: "the 128-byte preamble is not zeroed and may carry another file or identifying data" });
  }
  problems.push(...fileMetaProblems(file));
  if (firstString(file.dataset, Tags.PatientIdentityRemoved)?.toUpperCase() !== "YES") {
    problems.push({ kind: "identity_not_removed", detail: "Patient Identity Removed (0012,0062) is not YES" });
  }
  const codes = declaredMethodCodes(file.dataset);
  if (!codes.has("113100")) {
    problems.push({ kind: "identity_not_removed", detail: "De-identification Method Code Sequence (0012,0064) does not declare the Basic Profile (113100)" });
  }
  const dates: DateHandling = codes.has("113107") ? "shift" : codes.has("113106") ? "keep" : "remove";
  const options: ProfileOptions = { dates, retainPatientCharacteristics: codes.has("113108") };
  try {
    inspect(file.dataset, "", DEFAULT_CHARACTER_SET, options, expected.pseudonym, problems);
  } catch (error) {
    const { reason, detail } = toRefusal(error);
    problems.push({ kind: "unreadable", reason, detail });
  }
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}

/** What a de-identifier writes in the File Meta (PS3.15 E.1.1 item 7); anything else may come from the original. */
const FILE_META_WRITTEN = new Set<Tag>([
  Tags.FileMetaInformationGroupLength,
  Tags.FileMetaInformationVersion,
  Tags.MediaStorageSOPClassUID,
  Tags.MediaStorageSOPInstanceUID,
  Tags.TransferSyntaxUID,
  Tags.ImplementationClassUID,
  Tags.ImplementationVersionName,
]);

function fileMetaProblems(file: DicomFile): IdentifyingDataProblem[] {
  const problems: IdentifyingDataProblem[] = file.meta
    .filter((element) => !FILE_META_WRITTEN.has(element.tag))
    .map((element) => ({ kind: "file_meta", tag: formatTag(element.tag), detail: `File Meta element ${keywordOf(element.tag)} is not one a de-identifier writes` }));
  const mediaStorageUid = firstString(file.meta, Tags.MediaStorageSOPInstanceUID);
  if (mediaStorageUid !== undefined && mediaStorageUid !== firstString(file.dataset, Tags.SOPInstanceUID)) {
    problems.push({ kind: "file_meta", tag: formatTag(Tags.MediaStorageSOPInstanceUID), detail: "Media Storage SOP Instance UID differs from the dataset's SOP Instance UID" });
  }
  return problems;
}

function declaredMethodCodes(dataset: DataSet): Set<string> {
  const items = findElement(dataset, Tags.DeidentificationMethodCodeSequence)?.items ?? [];
  return new Set(items.filter((item) => firstString(item, Tags.CodingSchemeDesignator) === "DCM").map((item) => firstString(item, Tags.CodeValue) ?? ""));
}

function inspect(
  dataSet: DataSet,
  path: string,
  inherited: string,
  options: ProfileOptions,
  pseudonym: string,
  problems: IdentifyingDataProblem[],
): void {
  const characterSet = characterSetOf(dataSet, inherited);
  checkCharacterSet(characterSet);
  for (const element of dataSet) {
    if (isGroupLength(element.tag)) continue;
    if (isPrivateTag(element.tag)) {
      problems.push({ kind: "private_attribute", tag: formatTag(element.tag), path: pathOf(path, element) });
      continue;
    }
    const vr = effectiveVr(element);
    const { treatment, entry } = ruleFor(element.tag, vr, options);
    let problem: "present" | "not_emptied" | "not_pseudonym" | undefined;
    switch (treatment) {
      case "remove":
        if (hasContent(element)) problem = "present";
        break;
      case "empty":
      case "dummy":
        if (element.items === undefined ? !isDummyOrEmpty(element.value, vr) : element.items.length > 0) problem = "not_emptied";
        break;
      case "pseudonym":
        if (element.items !== undefined || (hasContent(element) && textOf(element, characterSet) !== pseudonym)) problem = "not_pseudonym";
        break;
      case "keep":
      case "remap_uid":
      case "shift_date":
        element.items?.forEach((item, index) => inspect(item, `${pathOf(path, element)}[${index}].`, characterSet, options, pseudonym, problems));
        break;
    }
    if (problem !== undefined) {
      const keyword = entry?.keyword ?? keywordOf(element.tag);
      problems.push({ kind: "attribute", tag: formatTag(element.tag), keyword, profileAction: entry?.action, problem, path: pathOf(path, element) });
    }
  }
}

function pathOf(parent: string, element: DataElement): string {
  return `${parent}${keywordOf(element.tag)}`;
}

function hasContent(element: DataElement): boolean {
  return element.items === undefined ? asciiText(element.value) !== "" : element.items.length > 0;
}
