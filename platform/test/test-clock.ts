import type { Clock } from "~/clock";

/** A clock that stands still until a test moves it. */
export class TestClock implements Clock {
  private current: number;
  constructor(start = new Date("2026-11-25T09:00:00+09:00")) {
    this.current = start.getTime();
  }
  now = () => new Date(this.current);
  advance(ms: number): void {
    this.current += ms;
  }
  set(date: Date): void {
    this.current = date.getTime();
  }
}
