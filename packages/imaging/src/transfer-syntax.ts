import { refuse } from "./result.ts";

export interface TransferSyntax {
  readonly uid: string;
  readonly explicitVr: boolean;
  readonly littleEndian: boolean;
  /** Pixel data is a sequence of fragments (compressed or encapsulated): carried through byte for byte, never decoded. */
  readonly encapsulated: boolean;
}

const IMPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2";
const EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";
const EXPLICIT_VR_BIG_ENDIAN = "1.2.840.10008.1.2.2";
const DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1.99";
const ENCAPSULATED_UNCOMPRESSED_EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1.98";
const RLE_LOSSLESS = "1.2.840.10008.1.2.5";
/** JPEG, JPEG-LS, JPEG 2000, HTJ2K, JPEG XL, MPEG-2/4, HEVC: all encapsulated, explicit VR little endian. */
const ENCAPSULATED_FAMILY_PREFIX = "1.2.840.10008.1.2.4.";

export const EXPLICIT_LITTLE: TransferSyntax = { uid: EXPLICIT_VR_LITTLE_ENDIAN, explicitVr: true, littleEndian: true, encapsulated: false };
export const IMPLICIT_LITTLE: TransferSyntax = { uid: IMPLICIT_VR_LITTLE_ENDIAN, explicitVr: false, littleEndian: true, encapsulated: false };

/** Looks a Transfer Syntax UID up; refuses private syntaxes, deflate (would need an async inflate and re-deflate) and unknown ones. */
export function transferSyntaxFor(uid: string): TransferSyntax {
  switch (uid) {
    case IMPLICIT_VR_LITTLE_ENDIAN:
      return IMPLICIT_LITTLE;
    case EXPLICIT_VR_LITTLE_ENDIAN:
      return EXPLICIT_LITTLE;
    case EXPLICIT_VR_BIG_ENDIAN:
      return { uid, explicitVr: true, littleEndian: false, encapsulated: false };
    case DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN:
      return refuse("unsupported_transfer_syntax", `deflated transfer syntax ${uid} is not supported`);
    default:
      if (uid === RLE_LOSSLESS || uid === ENCAPSULATED_UNCOMPRESSED_EXPLICIT_VR_LITTLE_ENDIAN || uid.startsWith(ENCAPSULATED_FAMILY_PREFIX)) {
        return { uid, explicitVr: true, littleEndian: true, encapsulated: true };
      }
      return refuse("unsupported_transfer_syntax", `unknown transfer syntax ${uid.replace(/[^0-9.]/g, "?").slice(0, 64)}`);
  }
}
