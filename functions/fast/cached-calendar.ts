/**
 * Fast path (ADR 0011): calendar days in the org zone, which the rules count for every account.
 * The plain version is `plainCalendar` in functions/core/time.ts; test/fast/cached-calendar.test.ts
 * holds this one to it and to luxon.
 */
import { DateTime, type Zone } from "luxon";
import type { Instant, IsoDate } from "../core/model.ts";
import { type Calendar, DAY_MS, toIso } from "../core/time.ts";

/** What a scan counts calendar days with. The plain reference: `plainCalendar(zone)`. */
export const calendarFor = (zone: string): Calendar => new CachedCalendar(zone);

const MINUTE_MS = 60_000;

/** ISO strings kept for instants that repeat across findings (a leaver's termination, its deadlines). */
const ISO_CACHE_LIMIT = 50_000;

/**
 * The calendar with what it has worked out kept, per scan: each day's offset (only days with an
 * offset change ask the zone), each date's next midnight, the ISO strings of instants that repeat.
 * `plusDays` is luxon's `plus({ days })` without luxon's per-call cost, down to its rule for a
 * time that falls in a gap or an overlap (luxon's `fixOffset`).
 */
export class CachedCalendar implements Calendar {
  private readonly zoneRules: Zone;
  /** Per UTC day: the zone's offset in minutes if it is the same all day, else `null`. */
  private readonly steadyOffsets = new Map<number, number | null>();
  private readonly nextMidnights = new Map<IsoDate, Instant>();
  private readonly isoStrings = new Map<Instant, string>();

  constructor(readonly zone: string) {
    this.zoneRules = DateTime.fromMillis(0, { zone }).zone;
  }

  plusDays(ms: Instant, days: number): Instant {
    const before = this.offsetMinutes(ms);
    const wallClock = ms + before * MINUTE_MS + days * DAY_MS;
    // Luxon's fixOffset: try the old offset, then the offset found there, else the gap rule.
    let guess = wallClock - before * MINUTE_MS;
    const second = this.offsetMinutes(guess);
    if (second === before) return guess;
    guess -= (second - before) * MINUTE_MS;
    const third = this.offsetMinutes(guess);
    if (third === second) return guess;
    return wallClock - Math.min(second, third) * MINUTE_MS;
  }

  startOfNextDay(date: IsoDate): Instant {
    let ms = this.nextMidnights.get(date);
    if (ms === undefined) {
      ms = DateTime.fromISO(date, { zone: this.zone }).plus({ days: 1 }).startOf("day").toMillis();
      this.nextMidnights.set(date, ms);
    }
    return ms;
  }

  iso(ms: Instant): string {
    let iso = this.isoStrings.get(ms);
    if (iso === undefined) {
      // Bounded, so a long-lived process cannot grow it without limit.
      if (this.isoStrings.size >= ISO_CACHE_LIMIT) this.isoStrings.clear();
      iso = toIso(ms);
      this.isoStrings.set(ms, iso);
    }
    return iso;
  }

  private offsetMinutes(ms: Instant): number {
    const day = Math.floor(ms / DAY_MS);
    let steady = this.steadyOffsets.get(day);
    if (steady === undefined) {
      const first = this.zoneRules.offset(day * DAY_MS);
      steady = first === this.zoneRules.offset(day * DAY_MS + DAY_MS - 1) ? first : null;
      this.steadyOffsets.set(day, steady);
    }
    return steady ?? this.zoneRules.offset(ms);
  }
}
