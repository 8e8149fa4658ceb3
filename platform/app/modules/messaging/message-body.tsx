import { linkify } from "./linkify";

/**
 * A message's text as written: line breaks kept, http(s) addresses as links opening in a new
 * tab without access to this page. Everything is a React text node or an <a> element, so any
 * markup in the text is shown, never interpreted.
 */
export function MessageBody({ text }: { text: string }) {
  return (
    <p className="whitespace-pre-wrap break-words text-sm text-slate-800">
      {linkify(text).map((part, index) =>
        "href" in part ? (
          <a key={index} href={part.href} target="_blank" rel="noopener noreferrer" className="font-medium text-teal-800 underline">
            {part.text}
          </a>
        ) : (
          part.text
        ),
      )}
    </p>
  );
}
