import { profileEntryFor, type ProfileAction, type ProfileEntry } from "./profile-table.ts";
import { Tags, type Tag } from "./tags.ts";
import type { Vr } from "./vr.ts";

/**
 * How dates are handled:
 * - "remove": the Basic Profile as is (dates and times emptied or removed per Table E.1-1);
 * - "keep": Retain Longitudinal Temporal Information with Full Dates Option (113106);
 * - "shift": Retain Longitudinal Temporal Information with Modified Dates Option (113107): every DA and DT value,
 *   listed in the table or not, moves by one per-case number of days; times are kept.
 * Patient's Birth Date and Birth Time are never retained, whatever the option (age is the characteristic kept instead).
 */
export type DateHandling = "remove" | "keep" | "shift";

export interface ProfileOptions {
  readonly dates: DateHandling;
  /** Retain Patient Characteristics Option (113108), limited to sex, age, size and weight. */
  readonly retainPatientCharacteristics: boolean;
}

/** What happens to one element. */
export type Treatment =
  | "remove"
  | "empty"
  | "dummy"
  | "remap_uid"
  | "pseudonym"
  | "shift_date"
  | "keep";

export interface Rule {
  readonly treatment: Treatment;
  /** The Table E.1-1 row behind the treatment, when the attribute is listed. */
  readonly entry: ProfileEntry | undefined;
}

/**
 * The attributes kept under the Retain Patient Characteristics Option. The option's other K rows (Ethnic Group,
 * Patient's Sex Neutered, Smoking Status, Pregnancy Status) and its C rows (allergies, history, occupation...) stay
 * removed: a conservative subset, as nothing here can clean free text.
 */
export const PATIENT_CHARACTERISTICS: ReadonlySet<Tag> = new Set([Tags.PatientSex, Tags.PatientAge, Tags.PatientSize, Tags.PatientWeight]);

const NEVER_RETAINED_DATES: ReadonlySet<Tag> = new Set([Tags.PatientBirthDate, Tags.PatientBirthTime]);
const DATE_VRS: ReadonlySet<Vr> = new Set(["DA", "DT", "TM"]);

/**
 * Combined codes take their most conservative reading: any code that allows X removes (X/Z, X/D, X/Z/D, X/Z/U*),
 * Z/D empties, and a D or Z on a sequence leaves it with no items (a dummy item cannot be built without the IOD).
 * D on a UID becomes a consistently remapped UID.
 */
function basicTreatment(action: ProfileAction, vr: Vr): Treatment {
  switch (action) {
    case "X":
    case "X/Z":
    case "X/D":
    case "X/Z/D":
    case "X/Z/U*":
      return "remove";
    case "Z":
    case "Z/D":
      return "empty";
    case "D":
      return vr === "UI" ? "remap_uid" : "dummy";
    case "U":
      return "remap_uid";
    case "K":
    case "C":
      return "keep";
  }
}

/** The treatment of a public (even-group) element, given its effective VR and the options. Private tags are always removed by the caller. */
export function ruleFor(tag: Tag, vr: Vr, options: ProfileOptions): Rule {
  const entry = profileEntryFor(tag);
  if (tag === Tags.PatientName || tag === Tags.PatientID) return { treatment: "pseudonym", entry };
  if (options.retainPatientCharacteristics && PATIENT_CHARACTERISTICS.has(tag)) return { treatment: "keep", entry };
  if (DATE_VRS.has(vr) && !NEVER_RETAINED_DATES.has(tag) && options.dates !== "remove") {
    return { treatment: options.dates === "shift" && vr !== "TM" ? "shift_date" : "keep", entry };
  }
  if (entry === undefined) return { treatment: "keep", entry };
  return { treatment: basicTreatment(entry.action, vr), entry };
}
