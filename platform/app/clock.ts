/** The source of "now" for everything time-dependent, so tests can move time. */
export type Clock = { now: () => Date };

export const systemClock: Clock = { now: () => new Date() };

/**
 * The system clock moved forward by an offset that only grows. Demo mode only (see
 * createServices): lets a demonstration, or an end-to-end test of deadlines, make days pass
 * for the whole platform (deadline jobs, sessions, codes) without waiting for them.
 */
export class OffsetClock implements Clock {
  private offsetMs = 0;
  constructor(private readonly base: Clock = systemClock) {}
  now = () => new Date(this.base.now().getTime() + this.offsetMs);
  /** how far ahead of the real time this clock runs */
  get offset(): number {
    return this.offsetMs;
  }
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms <= 0) throw new RangeError("the clock only moves forward");
    this.offsetMs += ms;
  }
}

/** A clock that can be moved forward at /dev/clock. */
export type AdjustableClock = Clock & { readonly offset: number; advance: (ms: number) => void };

/**
 * Whether the services run on an OffsetClock. Recognised by shape, not `instanceof`: the HTTP
 * entry and the Remix build each bundle their own copy of this module.
 */
export function isAdjustableClock(clock: Clock): clock is AdjustableClock {
  const candidate = clock as Partial<AdjustableClock>;
  return typeof candidate.advance === "function" && typeof candidate.offset === "number";
}
