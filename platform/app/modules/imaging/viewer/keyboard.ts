/** What a key does in the viewport. */
export type ViewerCommand =
  | { type: "scroll"; delta: number }
  | { type: "first" }
  | { type: "last" }
  | { type: "zoom"; factor: number }
  | { type: "reset" };

/** Slices one Page Up / Page Down moves. */
export const PAGE_SLICES = 10;
/** How much one + or − zooms. */
export const ZOOM_STEP = 1.25;

const COMMANDS: Record<string, ViewerCommand> = {
  ArrowDown: { type: "scroll", delta: 1 },
  ArrowUp: { type: "scroll", delta: -1 },
  PageDown: { type: "scroll", delta: PAGE_SLICES },
  PageUp: { type: "scroll", delta: -PAGE_SLICES },
  Home: { type: "first" },
  End: { type: "last" },
  "+": { type: "zoom", factor: ZOOM_STEP },
  "=": { type: "zoom", factor: ZOOM_STEP },
  "-": { type: "zoom", factor: 1 / ZOOM_STEP },
  r: { type: "reset" },
  R: { type: "reset" },
};

/** The command of a key press in the viewport; none when a modifier other than Shift is held (browser shortcuts stay). */
export function viewerCommandOf(event: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey">): ViewerCommand | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  return COMMANDS[event.key] ?? null;
}

/** The slice index a command leads to, kept inside the stack; null for commands that do not move. */
export function sliceAfter(command: ViewerCommand, current: number, total: number): number | null {
  const last = Math.max(0, total - 1);
  if (command.type === "first") return 0;
  if (command.type === "last") return last;
  if (command.type === "scroll") return Math.min(last, Math.max(0, current + command.delta));
  return null;
}
