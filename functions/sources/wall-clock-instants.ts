/**
 * Fast instants for offset-less `YYYY-MM-DD HH:MM:SS` timestamps in the org zone (Snipe-IT writes
 * its dates this way, in the server's zone). `TimeParser.instant` is memoised per distinct string,
 * but checkout times are nearly all distinct, and a luxon call each costs ~20 µs (3 s per 150,000).
 * Here only each distinct *date* goes through `TimeParser`: on an ordinary day the instant is
 * local midnight plus the wall-clock time; on a day whose length is not 24 h (a DST change) the
 * full text goes through `TimeParser` so gaps and overlaps resolve exactly as it resolves them.
 */
import type { Instant } from "../core/model.ts";
import { DAY_MS, HOUR_MS, type TimeParser } from "../core/time.ts";

const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

/** Per-date cache: local midnight when the day is exactly 24 h long, `null` on a DST day. */
type MidnightCache = Map<string, Instant | null>;

export class WallClockInstants {
  private readonly midnights: MidnightCache = new Map();

  constructor(private readonly time: TimeParser) {}

  /** The instant of `text`, or `undefined` when it is not a real `YYYY-MM-DD HH:MM[:SS]` wall-clock time. */
  instant(text: string): Instant | undefined {
    const parts = LOCAL_DATE_TIME.exec(text);
    if (parts === null) return this.time.instant(text);
    const [, date = "", hh = "", mm = "", ss = "00"] = parts;
    const hours = Number(hh);
    const minutes = Number(mm);
    const seconds = Number(ss);
    if (hours > 23 || minutes > 59 || seconds > 59) return undefined;
    const midnight = this.midnightOfRegularDay(date);
    if (midnight === undefined) return undefined;
    if (midnight === null) return this.time.instant(text);
    return midnight + hours * HOUR_MS + minutes * 60_000 + seconds * 1000;
  }

  /** Midnight of `date` in the zone; `null` when the day is not 24 h long; `undefined` when not a date. */
  private midnightOfRegularDay(date: string): Instant | null | undefined {
    const cached = this.midnights.get(date);
    if (cached !== undefined || this.midnights.has(date)) return cached;
    const midnight = this.time.instant(date);
    if (midnight === undefined) return undefined;
    const nextMidnight = this.time.instant(nextDate(date));
    const regular = nextMidnight !== undefined && nextMidnight - midnight === DAY_MS ? midnight : null;
    this.midnights.set(date, regular);
    return regular;
  }
}

function nextDate(date: string): string {
  const ms = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)) + 1);
  return new Date(ms).toISOString().slice(0, 10);
}
