/**
 * Fast path (ADR 0011): reading timestamps in the org zone, which a scan does for every record and
 * account. The plain version is `LuxonTimeParser` in functions/core/time.ts;
 * test/fast/iso-time-parser.test.ts holds this one to it.
 */
import { DateTime } from "luxon";
import type { Instant, IsoDate } from "../core/model.ts";
import { DAY_MS, HOUR_MS, isoDateInZone, type TimeParser } from "../core/time.ts";

/** What a scan reads timestamps with. The plain reference: `new LuxonTimeParser(zone)`. */
export const timeParserFor = (zone: string): TimeParser => new IsoTimeParser(zone);

const MINUTE_MS = 60_000;

const DATE_LENGTH = 10;
const DIGIT_0 = 48;
const HYPHEN = 45;
const COLON = 58;
const DOT = 46;
const SPACE = 32;
const UPPER_T = 84;
const UPPER_Z = 90;
const LOWER_Z = 122;
const PLUS = 43;
/** `twoDigits` of anything that is not two digits: above every range checked below (years' parts too). */
const NOT_DIGITS = 100;
/** Fractional seconds beyond nine digits are not ISO 8601 as exports write it. */
const MAX_FRACTION_DIGITS = 9;

/** A calendar day of the org zone: when it starts, and whether it lasts exactly 24 hours. */
interface LocalDay {
  readonly midnight: Instant;
  /** False on a day with a DST change: its wall-clock times are not `midnight + time of day`. */
  readonly regular: boolean;
}

/**
 * Parses the timestamps and dates real exports write: `YYYY-MM-DD`, and `YYYY-MM-DD[T ]HH:MM`
 * with optional `:SS` and `.fraction`, with or without an offset (`Z`, `±HH:MM`, `±HHMM`, `±HH`).
 * Returns `undefined` when the text is not one, or names a day or time that does not exist
 * (`2021-02-30`, `24:00`: `Date.parse` would roll those over into another day).
 *
 * It runs millions of times per scan, so it reads the characters itself instead of using a regular
 * expression and luxon for every value, and only each distinct *day* goes through luxon: on a 24-hour day
 * a wall-clock time is local midnight plus the time of day; on a DST-change day luxon resolves the
 * whole text, so gaps and overlaps come out exactly as luxon resolves them.
 */
export class IsoTimeParser implements TimeParser {
  private readonly days = new Map<number, LocalDay>();
  /** Local midnights by day, each found once: a day's length needs the next day's midnight too. */
  private readonly midnights = new Map<number, Instant>();

  constructor(readonly zone: string) {}

  /** An instant from an ISO-8601 timestamp or date; wall-clock values are in the org zone. */
  instant(text: string): Instant | undefined {
    const day = dayNumberOf(text);
    if (day === undefined) return undefined;
    const length = text.length;
    if (length === DATE_LENGTH) return this.localDay(day).midnight;
    const separator = text.charCodeAt(DATE_LENGTH);
    if (separator !== UPPER_T && separator !== SPACE) return undefined;
    const hours = twoDigits(text, 11);
    const minutes = twoDigits(text, 14);
    if (hours > 23 || text.charCodeAt(13) !== COLON || minutes > 59) return undefined;
    let end = 16;
    let seconds = 0;
    let millis = 0;
    if (text.charCodeAt(end) === COLON) {
      seconds = twoDigits(text, 17);
      if (seconds > 59) return undefined;
      end = 19;
      if (text.charCodeAt(end) === DOT) {
        // Milliseconds are the first three digits; further digits are cut off, as Date.parse does.
        let digits = 0;
        for (end = 20; end < length; end++) {
          const digit = text.charCodeAt(end) - DIGIT_0;
          if (digit < 0 || digit > 9) break;
          if (digits < 3) millis = millis * 10 + digit;
          digits++;
        }
        if (digits === 0 || digits > MAX_FRACTION_DIGITS) return undefined;
        for (; digits < 3; digits++) millis *= 10;
      }
    }
    const timeOfDay = hours * HOUR_MS + minutes * MINUTE_MS + seconds * 1000 + millis;
    if (end === length) {
      const local = this.localDay(day);
      return local.regular ? local.midnight + timeOfDay : this.onIrregularDay(text);
    }
    const offset = offsetAt(text, end);
    return offset === undefined ? undefined : day * DAY_MS + timeOfDay - offset;
  }

  /** A calendar date `YYYY-MM-DD`; a timestamp is reduced to its date in the org zone. */
  date(text: string): IsoDate | undefined {
    if (text.length === DATE_LENGTH) return dayNumberOf(text) === undefined ? undefined : text;
    const ms = this.instant(text);
    return ms === undefined ? undefined : isoDateInZone(ms, this.zone);
  }

  /** Local midnight of `day` (days since 1970-01-01) and whether the day is 24 h long; once per day. */
  private localDay(day: number): LocalDay {
    const cached = this.days.get(day);
    if (cached !== undefined) return cached;
    const midnight = this.midnightOf(day);
    const local = { midnight, regular: this.midnightOf(day + 1) - midnight === DAY_MS };
    this.days.set(day, local);
    return local;
  }

  private midnightOf(day: number): Instant {
    const cached = this.midnights.get(day);
    if (cached !== undefined) return cached;
    const utc = new Date(day * DAY_MS);
    const midnight = DateTime.fromObject(
      { year: utc.getUTCFullYear(), month: utc.getUTCMonth() + 1, day: utc.getUTCDate() },
      { zone: this.zone },
    ).toMillis();
    this.midnights.set(day, midnight);
    return midnight;
  }

  /** A wall-clock time on a DST-change day (already checked to be well-formed). */
  private onIrregularDay(text: string): Instant | undefined {
    const dt = DateTime.fromISO(
      text.charCodeAt(DATE_LENGTH) === SPACE ? `${text.slice(0, 10)}T${text.slice(11)}` : text,
      {
        zone: this.zone,
      },
    );
    return dt.isValid ? dt.toMillis() : undefined;
  }
}

/** Days since 1970-01-01 of the `YYYY-MM-DD` that `text` starts with; `undefined` when it is not a real date. */
function dayNumberOf(text: string): number | undefined {
  if (text.length < DATE_LENGTH || text.charCodeAt(4) !== HYPHEN || text.charCodeAt(7) !== HYPHEN) {
    return undefined;
  }
  const century = twoDigits(text, 0);
  const yearOfCentury = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  if (century > 99 || yearOfCentury > 99 || month < 1 || month > 12 || day < 1) return undefined;
  const year = century * 100 + yearOfCentury;
  if (day > daysInMonth(year, month)) return undefined;
  return daysFromCivil(year, month, day);
}

/** The number written as two ASCII digits at `at`, or NOT_DIGITS. */
function twoDigits(text: string, at: number): number {
  const tens = text.charCodeAt(at) - DIGIT_0;
  const ones = text.charCodeAt(at + 1) - DIGIT_0;
  // charCodeAt past the end is NaN, which fails both range checks.
  if (!(tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9)) return NOT_DIGITS;
  return tens * 10 + ones;
}

/**
 * The offset `Z`, `±HH:MM`, `±HHMM` or `±HH` (ISO 8601's whole hours, as PostgreSQL writes
 * `timestamptz`: `2025-01-15 17:30:00+00`) that runs from `at` to the end, in ms; `undefined`
 * when it is not one.
 */
function offsetAt(text: string, at: number): number | undefined {
  const sign = text.charCodeAt(at);
  const length = text.length;
  if (sign === UPPER_Z || sign === LOWER_Z) return at + 1 === length ? 0 : undefined;
  if (sign !== PLUS && sign !== HYPHEN) return undefined;
  const hours = twoDigits(text, at + 1);
  if (length === at + 3) {
    if (hours > 23) return undefined;
    return sign === PLUS ? hours * HOUR_MS : -hours * HOUR_MS;
  }
  const withColon = text.charCodeAt(at + 3) === COLON;
  const minutes = twoDigits(text, withColon ? at + 4 : at + 3);
  if (hours > 23 || minutes > 59 || length !== at + (withColon ? 6 : 5)) return undefined;
  const ms = hours * HOUR_MS + minutes * MINUTE_MS;
  return sign === PLUS ? ms : -ms;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
