/** The JSON form of a {@link UidMap}. It holds a secret that links new UIDs to the originals: keep it at the referring site. */
export interface UidMapJson {
  readonly version: 1;
  /** 32 random bytes, hex. */
  readonly secret: string;
}

const SECRET_BYTES = 32;
const utf8 = new TextEncoder();

/**
 * Replaces UIDs consistently within one case: the new UID is 2.25.<decimal of the first 128 bits of
 * HMAC-SHA-256(case secret, original UID)>. Only the secret is stored, so every upload of the same case (another
 * browser session, another worker running at the same time) maps a UID alike, while two cases never share a mapping.
 * Uses crypto.subtle and crypto.getRandomValues, present in Web Workers and Node alike.
 */
export class UidMap {
  private key: Promise<CryptoKey> | undefined;
  private readonly mapped = new Map<string, Promise<string>>();

  private constructor(private readonly secret: Uint8Array<ArrayBuffer>) {}

  /** A map with a new random secret, for a new case. */
  static create(): UidMap {
    return new UidMap(crypto.getRandomValues(new Uint8Array(SECRET_BYTES)));
  }

  /** Restores a map saved with {@link toJSON}; throws a TypeError on anything else. */
  static fromJSON(json: unknown): UidMap {
    const candidate = (typeof json === "string" ? JSON.parse(json) : json) as Partial<UidMapJson> | null;
    if (candidate?.version !== 1 || typeof candidate.secret !== "string" || !/^[0-9a-f]{64}$/.test(candidate.secret)) {
      throw new TypeError("not a UidMap JSON: expected { version: 1, secret: <64 hex digits> }");
    }
    const secret = new Uint8Array(SECRET_BYTES);
    for (let i = 0; i < SECRET_BYTES; i++) secret[i] = parseInt(candidate.secret.slice(i * 2, i * 2 + 2), 16);
    return new UidMap(secret);
  }

  toJSON(): UidMapJson {
    return { version: 1, secret: toHex(this.secret) };
  }

  /** The replacement for a UID (trailing NUL and space padding ignored). */
  map(uid: string): Promise<string> {
    const original = uid.replace(/[\0 ]+$/, "");
    let replacement = this.mapped.get(original);
    if (replacement === undefined) {
      replacement = this.derive(original);
      this.mapped.set(original, replacement);
    }
    return replacement;
  }

  private async derive(original: string): Promise<string> {
    this.key ??= crypto.subtle.importKey("raw", this.secret, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    const digest = new Uint8Array(await crypto.subtle.sign("HMAC", await this.key, utf8.encode(original)));
    return `2.25.${BigInt(`0x${toHex(digest.subarray(0, 16))}`).toString(10)}`;
  }
}

function toHex(bytes: Uint8Array): string {
  let hex = "";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return hex;
}
