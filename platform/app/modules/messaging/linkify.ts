/** A piece of message text: plain text, or a web address to show as a link. */
export type TextPart = { text: string } | { text: string; href: string };

// printable ASCII without the characters that end an address in running text
const ADDRESS = /https?:\/\/[!#-;=?-~]+/gi;
const TRAILING_PUNCTUATION = /[.,;:!?'*]+$/;

/**
 * Splits text into plain runs and http(s) addresses. Punctuation ending a sentence and a closing
 * bracket that does not belong to the address stay outside it; Japanese text right after an
 * address is not part of it. Rendering the parts as text nodes and <a> elements never
 * interprets anything the text contains.
 */
export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let plainFrom = 0;
  for (const match of text.matchAll(ADDRESS)) {
    const candidate = trimAddress(match[0]);
    const href = safeHref(candidate);
    if (!href) continue;
    if (match.index > plainFrom) parts.push({ text: text.slice(plainFrom, match.index) });
    parts.push({ text: candidate, href });
    plainFrom = match.index + candidate.length;
  }
  if (plainFrom < text.length) parts.push({ text: text.slice(plainFrom) });
  return parts;
}

function trimAddress(address: string): string {
  let trimmed = address.replace(TRAILING_PUNCTUATION, "");
  for (const [open, close] of [["(", ")"], ["[", "]"]] as const) {
    while (trimmed.endsWith(close) && count(trimmed, close) > count(trimmed, open)) {
      trimmed = trimmed.slice(0, -1).replace(TRAILING_PUNCTUATION, "");
    }
  }
  return trimmed;
}

const count = (text: string, char: string) => text.split(char).length - 1;

function safeHref(candidate: string): string | null {
  try {
    const url = new URL(candidate);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname ? url.href : null;
  } catch {
    return null;
  }
}
