/**
 * "Start + N calendar days in the org zone" deadlines that have passed, for hot loops: a
 * plain-number pre-check rules out starts whose deadline is certainly ahead, and results are
 * memoised per start (a leaver's accounts share one termination).
 */
import type { Instant } from "../model.ts";
import { type Calendar, HOUR_MS } from "../time.ts";

/** More than any zone's offset change (DST shifts are at most 2 hours), so the pre-check never misses. */
const OFFSET_CHANGE_MARGIN_MS = 3 * HOUR_MS;

export class CalendarDeadline {
  private readonly cache = new Map<Instant, Instant>();
  private readonly latestPossibleStart: Instant;

  constructor(
    private readonly days: number,
    private readonly calendar: Calendar,
    private readonly now: Instant,
  ) {
    this.latestPossibleStart = calendar.plusDays(now, -days) + OFFSET_CHANGE_MARGIN_MS;
  }

  /** The deadline if it is at or before `now`, else `undefined`. */
  passed(start: Instant): Instant | undefined {
    if (start > this.latestPossibleStart) return undefined;
    const due = this.of(start);
    return due <= this.now ? due : undefined;
  }

  of(start: Instant): Instant {
    let due = this.cache.get(start);
    if (due === undefined) {
      due = this.calendar.plusDays(start, this.days);
      this.cache.set(start, due);
    }
    return due;
  }
}
