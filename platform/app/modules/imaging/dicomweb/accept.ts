/** One media range of an Accept header (RFC 9110 12.5.1), names lower-cased, parameter values unquoted. */
export type MediaRange = {
  type: string;
  subtype: string;
  params: ReadonlyMap<string, string>;
};

/**
 * The media ranges a client accepts, those with q=0 left out; an absent or empty header gives
 * [{*\/*}] (anything). Quoted values may hold ";" and ",".
 */
export function parseAccept(header: string | null): MediaRange[] {
  if (header === null || header.trim() === "") return [{ type: "*", subtype: "*", params: new Map() }];
  return splitOutsideQuotes(header, ",").flatMap((text) => {
    const [mediaType = "", ...parameters] = splitOutsideQuotes(text, ";");
    const [type = "", subtype = ""] = mediaType.trim().toLowerCase().split("/");
    if (type === "" || subtype === "") return [];
    const params = new Map<string, string>();
    for (const parameter of parameters) {
      const equals = parameter.indexOf("=");
      if (equals === -1) continue;
      params.set(parameter.slice(0, equals).trim().toLowerCase(), unquote(parameter.slice(equals + 1).trim()));
    }
    return Number(params.get("q") ?? "1") > 0 ? [{ type, subtype, params }] : [];
  });
}

/** Whether the client takes the DICOM JSON model: application/dicom+json, or plain JSON. */
export function acceptsDicomJson(accept: readonly MediaRange[]): boolean {
  return accept.some(
    ({ type, subtype }) => (type === "*" && subtype === "*") || (type === "application" && ["*", "dicom+json", "json"].includes(subtype)),
  );
}

/**
 * Whether the client takes multipart/related parts of `partType` in `transferSyntax` (PS3.18
 * 8.7.3.5): a missing type parameter means the resource's default type, and a missing or "*"
 * transfer-syntax accepts the syntax the object is stored in (nothing is ever transcoded).
 */
export function acceptsMultipart(accept: readonly MediaRange[], partType: string, transferSyntax: string): boolean {
  return accept.some(({ type, subtype, params }) => {
    if (type === "*" && subtype === "*") return true;
    if (type !== "multipart" || (subtype !== "*" && subtype !== "related")) return false;
    const requestedType = params.get("type")?.toLowerCase();
    const requestedSyntax = params.get("transfer-syntax");
    const typeMatches = requestedType === undefined || requestedType === partType;
    return typeMatches && (requestedSyntax === undefined || requestedSyntax === "*" || requestedSyntax === transferSyntax);
  });
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const pieces: string[] = [];
  let current = "";
  let quoted = false;
  for (const character of text) {
    if (character === '"') quoted = !quoted;
    if (character === separator && !quoted) {
      pieces.push(current);
      current = "";
    } else {
      current += character;
    }
  }
  pieces.push(current);
  return pieces;
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, "$1") : value;
}
