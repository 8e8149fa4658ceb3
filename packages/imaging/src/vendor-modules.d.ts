// Type declarations for the two runtime dependencies, which ship JavaScript only.

declare module "dcmjs" {
  const dcmjs: {
    readonly data: {
      readonly DicomMetaDictionary: {
        readonly dictionary: Record<string, { readonly vr: string; readonly name: string } | undefined>;
      };
    };
  };
  export default dcmjs;
}

declare module "dicom-character-set" {
  /** Decodes DICOM text bytes under a Specific Character Set value, ISO 2022 code extensions included. Throws on an unknown set. */
  export function convertBytes(specificCharacterSet: string | undefined, bytes: Uint8Array, options?: { vr?: string }): string;
}
