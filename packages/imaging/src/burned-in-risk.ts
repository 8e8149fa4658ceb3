import { findElement, type DataSet } from "./dataset.ts";
import { Tags } from "./tags.ts";
import { firstString } from "./values.ts";

/** Modalities whose pixels routinely carry burned-in text (screen captures, ultrasound, photographs, projection X-ray). */
const BURNED_IN_TEXT_MODALITIES = new Set(["CR", "DOC", "DX", "ES", "GM", "IO", "MG", "OT", "PX", "RF", "SC", "SM", "US", "XA", "XC"]);

/**
 * The Basic Profile leaves pixels alone (no Clean Pixel Data Option here): these warnings tell the UI which instances
 * may still show identifying text in the image and need a human look before sharing.
 */
export function burnedInTextWarnings(dataset: DataSet): string[] {
  if (findElement(dataset, Tags.PixelData) === undefined) return [];
  const burnedIn = firstString(dataset, Tags.BurnedInAnnotation)?.toUpperCase();
  if (burnedIn === "YES") return ["Burned In Annotation is YES: text in the image pixels is not removed"];
  const modality = firstString(dataset, Tags.Modality)?.toUpperCase();
  if (burnedIn !== "NO" && modality !== undefined && BURNED_IN_TEXT_MODALITIES.has(modality)) {
    return [`modality ${modality} often has text burned into the image pixels, which is not removed`];
  }
  return [];
}
