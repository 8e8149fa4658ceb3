const DAY_MS = 86_400_000;
/** What may follow the date in a DT: HH[MM[SS[.F{1,6}]]] and a UTC offset &ZZXX. */
const DT_TIME_PART = /^(\d{2}){0,3}(\.\d{1,6})?([+-]\d{4})?$/;

/** Moves a DA value (YYYYMMDD) by whole days; undefined when it is not a real calendar date. */
export function shiftDate(date: string, days: number): string | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(date);
  if (match === null) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = Date.UTC(year, month - 1, day);
  const parsed = new Date(time);
  if (parsed.getUTCFullYear() !== year || parsed.getUTCMonth() !== month - 1 || parsed.getUTCDate() !== day) return undefined;
  const shifted = new Date(time + days * DAY_MS);
  const shiftedYear = shifted.getUTCFullYear();
  if (shiftedYear < 1 || shiftedYear > 9999) return undefined;
  return (
    String(shiftedYear).padStart(4, "0") +
    String(shifted.getUTCMonth() + 1).padStart(2, "0") +
    String(shifted.getUTCDate()).padStart(2, "0")
  );
}

/** Moves the date part of a DT value (YYYYMMDD[HHMMSS[.F]][&ZZXX]); the time and offset stay. Undefined below day precision. */
export function shiftDateTime(dateTime: string, days: number): string | undefined {
  const time = dateTime.slice(8);
  if (!DT_TIME_PART.test(time)) return undefined;
  const date = shiftDate(dateTime.slice(0, 8), days);
  return date === undefined ? undefined : date + time;
}

/**
 * Shifts every value of a (possibly multi-valued) DA or DT string. Undefined when any value cannot be shifted (partial
 * precision, ACR-NEMA "YYYY.MM.DD", garbage): the caller then empties the element rather than leak a real date.
 */
export function shiftDateValues(text: string, vr: "DA" | "DT", days: number): string | undefined {
  const shifted: string[] = [];
  for (const value of text.split("\\")) {
    const trimmed = value.trim();
    if (trimmed === "") {
      shifted.push("");
      continue;
    }
    const moved = vr === "DA" ? shiftDate(trimmed, days) : shiftDateTime(trimmed, days);
    if (moved === undefined) return undefined;
    shifted.push(moved);
  }
  return shifted.join("\\");
}
