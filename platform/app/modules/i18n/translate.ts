import type { Locale } from "./define";
import { messages, type MessageKey } from "./messages";

export type { MessageKey };
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** Looks a text up in `locale` and fills {placeholders}. */
export function translator(locale: Locale): Translate {
  const table = messages[locale];
  return (key, vars) => {
    const text = table[key] ?? key;
    return vars ? text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`)) : text;
  };
}

/** zod messages are message keys; anything else (a library's own text) falls back to the generic error. */
export function isMessageKey(value: string): value is MessageKey {
  return value in messages.ja;
}
