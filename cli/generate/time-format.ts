/**
 * Timestamps as each system writes them. Real exports repeat a few formats millions of times, so
 * these avoid `Date#toISOString` and luxon in the hot path: calendar days are formatted once and
 * cached, zone offsets are looked up once per day (per hour only on days the offset changes).
 */
import { DateTime } from "luxon";
import type { Instant, IsoDate } from "../../functions/core/model.ts";
import { DAY_MS, HOUR_MS } from "../../functions/core/time.ts";

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, "0"));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, "0"));
const dayStrings = new Map<number, IsoDate>();

/** `YYYY-MM-DD` of a UTC epoch day. */
function dayString(day: number): IsoDate {
  let text = dayStrings.get(day);
  if (text === undefined) {
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    dayStrings.set(day, text);
  }
  return text;
}

/** `YYYY-MM-DD`, `HH:MM:SS` and milliseconds of a UTC instant (fractions of a ms dropped). */
function utcParts(ms: Instant): [IsoDate, string, string] {
  const t = Math.floor(ms);
  const day = Math.floor(t / DAY_MS);
  let rest = t - day * DAY_MS;
  const hours = Math.floor(rest / HOUR_MS);
  rest -= hours * HOUR_MS;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  return [
    dayString(day),
    `${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[seconds]}`,
    THREE_DIGITS[millis] ?? "000",
  ];
}

/** `2026-11-26T12:00:00.000Z` (Okta, Google). */
export function isoMillis(ms: Instant): string {
  const [date, time, millis] = utcParts(ms);
  return `${date}T${time}.${millis}Z`;
}

/** `2026-11-26T12:00:00Z` (Microsoft Graph, SCIM, GitHub). */
export function isoSeconds(ms: Instant): string {
  const [date, time] = utcParts(ms);
  return `${date}T${time}Z`;
}

/** `2026-11-26T12:00:00+00:00` (AWS IAM credential report). */
export function isoUtcOffset(ms: Instant): string {
  const [date, time] = utcParts(ms);
  return `${date}T${time}+00:00`;
}

/** `2026-11-26T12:00:00.000+0000` (Salesforce REST). */
export function isoSalesforce(ms: Instant): string {
  const [date, time, millis] = utcParts(ms);
  return `${date}T${time}.${millis}+0000`;
}

/** Wall-clock time in one zone, as systems without offsets write it (Snipe-IT, ticket exports). */
export class ZoneClock {
  /** Offset per UTC day; `NaN` for a day on which it changes (then per hour). */
  private readonly offsetByDay = new Map<number, number>();
  private readonly offsetByHour = new Map<number, number>();
  private readonly startOfDayByDate = new Map<IsoDate, Instant>();

  constructor(readonly zone: string) {}

  /** Offset from UTC in ms at `ms`. */
  offsetAt(ms: Instant): number {
    const day = Math.floor(ms / DAY_MS);
    let offset = this.offsetByDay.get(day);
    if (offset === undefined) {
      const start = this.luxonOffset(day * DAY_MS);
      offset = start === this.luxonOffset((day + 1) * DAY_MS - 1) ? start : Number.NaN;
      this.offsetByDay.set(day, offset);
    }
    if (!Number.isNaN(offset)) return offset;
    const hour = Math.floor(ms / HOUR_MS);
    let hourly = this.offsetByHour.get(hour);
    if (hourly === undefined) {
      hourly = this.luxonOffset(hour * HOUR_MS);
      this.offsetByHour.set(hour, hourly);
    }
    return hourly;
  }

  /** `2026-11-26 07:00:00` */
  wallTime(ms: Instant): string {
    const [date, time] = utcParts(ms + this.offsetAt(ms));
    return `${date} ${time}`;
  }

  /** `2026-11-26T07:00:00-05:00`: ISO 8601 with the zone's offset at that instant. */
  isoWithOffset(ms: Instant): string {
    const offset = this.offsetAt(ms);
    const [date, time] = utcParts(ms + offset);
    const minutes = Math.abs(offset) / 60_000;
    const sign = offset < 0 ? "-" : "+";
    return `${date}T${time}${sign}${TWO_DIGITS[Math.floor(minutes / 60)]}:${TWO_DIGITS[minutes % 60]}`;
  }

  /** The calendar date of `ms` in the zone. */
  date(ms: Instant): IsoDate {
    return dayString(Math.floor((ms + this.offsetAt(ms)) / DAY_MS));
  }

  /** The first instant of `date` in the zone. */
  startOfDay(date: IsoDate): Instant {
    let start = this.startOfDayByDate.get(date);
    if (start === undefined) {
      start = DateTime.fromISO(date, { zone: this.zone }).startOf("day").toMillis();
      this.startOfDayByDate.set(date, start);
    }
    return start;
  }

  /** SPEC §3: a leaver's last day ends at the start of the next day in the org zone. */
  endOfDay(date: IsoDate): Instant {
    return this.startOfDay(addDays(date, 1));
  }

  private luxonOffset(ms: Instant): number {
    return DateTime.fromMillis(ms, { zone: this.zone }).offset * 60_000;
  }
}

/** Calendar arithmetic on ISO dates (no zone involved). */
export function addDays(date: IsoDate, days: number): IsoDate {
  const day =
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
  return dayString(day + days);
}

/** Snipe-IT `formatted`: `2026-11-26 07:00 AM` (its default `Y-m-d` + `h:i A`). */
export function snipeItFormatted(wallTime: string): string {
  const hour = Number(wallTime.slice(11, 13));
  const hour12 = hour % 12 === 0 ? 12 : hour % 12;
  return `${wallTime.slice(0, 10)} ${TWO_DIGITS[hour12]}:${wallTime.slice(14, 16)} ${hour < 12 ? "AM" : "PM"}`;
}
