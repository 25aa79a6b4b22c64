/**
 * Time in the org zone. Timestamps that carry an offset are absolute; dates and offset-less
 * timestamps are wall-clock times in the org's `timezone` (SPEC §2). Luxon does the zone arithmetic
 * (correct across DST).
 *
 * These are the plain versions. What a scan runs per record — the timestamp parser and the
 * calendar — is chosen in functions/fast/iso-time-parser.ts, whose faster versions must give exactly
 * these results (ADR 0011).
 */
import { DateTime, IANAZone } from "luxon";
import type { Instant, IsoDate } from "./model.ts";

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export function isValidZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/**
 * Reads the timestamps and dates real exports write: `YYYY-MM-DD`, and `YYYY-MM-DD[T ]HH:MM`
 * with optional `:SS` and `.fraction` (up to nine digits; milliseconds are its first three), with
 * or without an offset (`Z`, `±HH:MM`, `±HHMM`, or `±HH` as PostgreSQL writes whole hours). Anything else, or a day or time that does not
 * exist (`2021-02-30`, `24:00`), is `undefined`: `Date.parse` would roll those over.
 */
export interface TimeParser {
  readonly zone: string;
  /** An instant from an ISO-8601 timestamp or date; wall-clock values are in the org zone. */
  instant(text: string): Instant | undefined;
  /** A calendar date `YYYY-MM-DD`; a timestamp is reduced to its date in the org zone. */
  date(text: string): IsoDate | undefined;
}

const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;

/** The plain reader: a regular expression, then luxon for wall-clock times in the zone. */
export class LuxonTimeParser implements TimeParser {
  constructor(readonly zone: string) {}

  instant(text: string): Instant | undefined {
    const match = ISO_TIMESTAMP.exec(text);
    if (match === null) return undefined;
    const [, y, mo, d, h, mi, s, fraction, utc, sign, offsetHours, offsetMinutes] = match;
    const year = Number(y);
    const month = Number(mo);
    const day = Number(d);
    if (!isRealDate(year, month, day)) return undefined;
    if (h === undefined) return DateTime.fromObject({ year, month, day }, { zone: this.zone }).toMillis();
    const hour = Number(h);
    const minute = Number(mi);
    const second = s === undefined ? 0 : Number(s);
    const millisecond = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, "0"));
    if (hour > 23 || minute > 59 || second > 59) return undefined;
    const wallClock = { year, month, day, hour, minute, second, millisecond };
    if (utc !== undefined) return utcMillis(wallClock);
    if (sign !== undefined) {
      const minutesOfOffset = offsetMinutes === undefined ? 0 : Number(offsetMinutes);
      const offset = Number(offsetHours) * HOUR_MS + minutesOfOffset * MINUTE_MS;
      if (Number(offsetHours) > 23 || minutesOfOffset > 59) return undefined;
      return utcMillis(wallClock) - (sign === "+" ? offset : -offset);
    }
    const local = DateTime.fromObject(wallClock, { zone: this.zone });
    return local.isValid ? local.toMillis() : undefined;
  }

  date(text: string): IsoDate | undefined {
    if (text.length === 10) return this.instant(text) === undefined ? undefined : text;
    const ms = this.instant(text);
    return ms === undefined ? undefined : isoDateInZone(ms, this.zone);
  }
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(utcMillis({ year, month: month + 1, day: 0 })).getUTCDate();
}

/** Milliseconds since the epoch of a UTC wall-clock time; years below 100 stay as written. */
function utcMillis(time: {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
  millisecond?: number;
}): Instant {
  const date = new Date(0);
  date.setUTCFullYear(time.year, time.month - 1, time.day);
  date.setUTCHours(time.hour ?? 0, time.minute ?? 0, time.second ?? 0, time.millisecond ?? 0);
  return date.getTime();
}

/** Calendar arithmetic and formatting in the org zone, as the rules need it for every account. */
export interface Calendar {
  readonly zone: string;
  /** Whole calendar days later (earlier when negative): the same wall-clock time, as luxon's `plus({ days })`. */
  plusDays(ms: Instant, days: number): Instant;
  /** The first instant of the day after `date` (the end of a last working day). */
  startOfNextDay(date: IsoDate): Instant;
  /** The instant as ISO 8601 in UTC (`toIso`). */
  iso(ms: Instant): string;
}

/** The plain calendar: luxon for each call. */
export function plainCalendar(zone: string): Calendar {
  return {
    zone,
    plusDays: (ms, days) => plusDays(ms, days, zone),
    startOfNextDay: (date) => startOfNextDay(date, zone),
    iso: toIso,
  };
}

/** The first instant of the day after `date` in `zone`. */
export function startOfNextDay(date: IsoDate, zone: string): Instant {
  return DateTime.fromISO(date, { zone }).plus({ days: 1 }).startOf("day").toMillis();
}

/** The calendar date of an instant in `zone`. */
export function isoDateInZone(ms: Instant, zone: string): IsoDate {
  return DateTime.fromMillis(ms, { zone }).toISODate() ?? new Date(ms).toISOString().slice(0, 10);
}

/**
 * Adds whole calendar days in `zone` (a day across a DST change is 23 or 25 hours): the same
 * wall-clock time N days later, with luxon's rule for a time that falls in a gap or an overlap.
 */
export function plusDays(ms: Instant, days: number, zone: string): Instant {
  return DateTime.fromMillis(ms, { zone }).plus({ days }).toMillis();
}

export function toIso(ms: Instant): string {
  return new Date(ms).toISOString();
}

/** Whole days between two instants, rounded down. */
export function daysBetween(from: Instant, to: Instant): number {
  return Math.floor((to - from) / DAY_MS);
}
