/**
 * Time in the org's zone. Timestamps that carry an offset are absolute; dates and
 * offset-less timestamps are wall-clock times in the org's `timezone` (SPEC §2). Luxon does the
 * zone arithmetic (correct across DST); results are memoised per distinct string because real
 * exports repeat the same dates many thousands of times.
 */
import { DateTime, IANAZone } from "luxon";
import type { Instant, IsoDate } from "./model.ts";

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|z|[+-]\d{2}:?\d{2})$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$/;

export function isValidZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** Parses the timestamps and dates real exports write. Returns `undefined` when the text is not one. */
export class TimeParser {
  private readonly localCache = new Map<string, Instant | undefined>();

  constructor(readonly zone: string) {}

  /** An instant from an ISO-8601 timestamp or date; wall-clock values are in the org zone. */
  instant(text: string): Instant | undefined {
    if (WITH_OFFSET.test(text)) {
      const normalised = text.charCodeAt(10) === 32 ? `${text.slice(0, 10)}T${text.slice(11)}` : text;
      const ms = Date.parse(withColonOffset(normalised));
      return Number.isNaN(ms) ? undefined : ms;
    }
    const cached = this.localCache.get(text);
    if (cached !== undefined || this.localCache.has(text)) return cached;
    let result: Instant | undefined;
    if (DATE_ONLY.test(text) || LOCAL_DATE_TIME.test(text)) {
      const dt = DateTime.fromISO(text.replace(" ", "T"), { zone: this.zone });
      result = dt.isValid && isRealCalendarDate(text) ? dt.toMillis() : undefined;
    }
    this.localCache.set(text, result);
    return result;
  }

  /** A calendar date `YYYY-MM-DD`; a timestamp is reduced to its date in the org zone. */
  date(text: string): IsoDate | undefined {
    if (DATE_ONLY.test(text)) return isRealCalendarDate(text) ? text : undefined;
    const ms = this.instant(text);
    return ms === undefined ? undefined : isoDateInZone(ms, this.zone);
  }
}

function withColonOffset(text: string): string {
  // Date.parse accepts `+00:00` but not `+0000`.
  const m = /([+-])(\d{2})(\d{2})$/.exec(text);
  return m ? `${text.slice(0, -5)}${m[1]}${m[2]}:${m[3]}` : text;
}

function isRealCalendarDate(text: string): boolean {
  const y = Number(text.slice(0, 4));
  const mo = Number(text.slice(5, 7));
  const d = Number(text.slice(8, 10));
  if (mo < 1 || mo > 12 || d < 1) return false;
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= daysInMonth;
}

const startOfNextDayCache = new Map<string, Instant>();

/** The first instant of the day after `date` in `zone` (the end of a last working day). */
export function startOfNextDay(date: IsoDate, zone: string): Instant {
  const key = `${zone}|${date}`;
  const cached = startOfNextDayCache.get(key);
  if (cached !== undefined) return cached;
  const ms = DateTime.fromISO(date, { zone }).plus({ days: 1 }).startOf("day").toMillis();
  startOfNextDayCache.set(key, ms);
  return ms;
}

/** The calendar date of an instant in `zone`. */
export function isoDateInZone(ms: Instant, zone: string): IsoDate {
  return DateTime.fromMillis(ms, { zone }).toISODate() ?? new Date(ms).toISOString().slice(0, 10);
}

/** Adds whole calendar days in `zone` (a day across a DST change is 23 or 25 hours). */
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
