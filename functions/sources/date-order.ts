/**
 * Dates as HR and spreadsheet exports write them in many countries: `01/15/2025` (the US, BambooHR
 * and ADP reports, Excel's short date), `15.01.2025` (Germany, Personio), `15/01/2025` (the UK).
 * Which number is the month cannot be read from the text (05/03/2023), so a `csv` or `json`
 * source says it with `dateOrder` ("MDY" or "DMY", as PostgreSQL's DateStyle names them); the
 * default "YMD" reads no such date. ISO values, and dates written with a month name or the year
 * first (written-dates.ts), stay readable whatever the order, so a
 * file that mixes both still reads.
 *
 * The day and month may lack their leading zero; the year has four digits (a two-digit year names
 * no century). A time may follow, 24-hour or 12-hour with AM/PM (`1/15/2025 5:30 PM`), in the
 * org's time zone as every wall-clock value is (SPEC §2).
 */
import type { DATE_ORDERS } from "../config/schema.ts";
import type { Instant, IsoDate, RecordWarning } from "../core/model.ts";
import type { TimeParser } from "../core/time.ts";
import { isoClock, twoDigits } from "./wall-clock.ts";

export type DateOrder = (typeof DATE_ORDERS)[number];

/** `d/m/yyyy`, `d.m.yyyy` or `d-m-yyyy`, the same separator twice, then an optional time. */
const NUMERIC_DATE =
  /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:,?[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([AaPp])\.?[Mm]\.?)?)?$/;

/** The time parser of a source whose dates are written in `order`; "YMD" is `time` itself. */
export function withDateOrder(time: TimeParser, order: DateOrder | undefined): TimeParser {
  if (order === undefined || order === "YMD") return time;
  return {
    zone: time.zone,
    instant: (text) => time.instant(text) ?? orderedInstant(time, text, order),
    date: (text) => time.date(text) ?? orderedDate(time, text, order),
  };
}

/**
 * What to add to the message about a date or timestamp that did not read: the `dateOrder` that
 * would read it, when the value is written day-and-month style and the source has none.
 */
export function dateOrderHint(text: string, order: DateOrder | undefined): string | undefined {
  const match = NUMERIC_DATE.exec(text.trim());
  if (match === null) return undefined;
  const separator = match[2];
  if (order === undefined || order === "YMD") {
    return `for dates written as month${separator}day${separator}year or day${separator}month${separator}year, set "dateOrder": "MDY" or "DMY" on the source`;
  }
  const parts = order === "MDY" ? ["month", "day"] : ["day", "month"];
  return `the source's "dateOrder" is "${order}": ${parts.join(separator)}${separator}year, a four-digit year, and an optional time such as 17:30 or 5:30 PM`;
}

function orderedInstant(time: TimeParser, text: string, order: DateOrder): Instant | undefined {
  const iso = isoOf(text, order);
  return iso === undefined ? undefined : time.instant(iso);
}

function orderedDate(time: TimeParser, text: string, order: DateOrder): IsoDate | undefined {
  const iso = isoOf(text, order);
  return iso === undefined ? undefined : time.date(iso);
}

/** The same value in ISO 8601 (`YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS`), for the ISO reader to check. */
function isoOf(text: string, order: DateOrder): string | undefined {
  const match = NUMERIC_DATE.exec(text);
  if (match === null) return undefined;
  const [, first, , second, year, hourText, minute, seconds, meridiem] = match;
  const [month, day] = order === "MDY" ? [first, second] : [second, first];
  const date = `${year}-${twoDigits(month as string)}-${twoDigits(day as string)}`;
  if (hourText === undefined) return date;
  const clock = isoClock(hourText, minute as string, seconds, meridiem);
  return clock === undefined ? undefined : `${date} ${clock}`;
}

/**
 * What a source's unread day-and-month dates say about their order, for one warning on the whole
 * source: a day above 12 in first place can only be day first (31/05/2019), in second place only
 * month first (05/31/2019). The order is recommended, never applied: a guess that changed with the
 * night's data would move people's dates.
 */
export class DateOrderEvidence {
  private readonly monthFirst: TimeParser;
  private readonly dayFirst: TimeParser;
  private monthFirstOnly = 0;
  private dayFirstOnly = 0;
  private either = 0;
  private monthFirstExample: string | undefined;
  private dayFirstExample: string | undefined;
  private example: string | undefined;

  /** `time`: the source's reader of ISO dates, without an order. */
  constructor(time: TimeParser) {
    this.monthFirst = withDateOrder(time, "MDY");
    this.dayFirst = withDateOrder(time, "DMY");
  }

  /** Counts a value that did not read as a date. */
  note(raw: string): void {
    const text = raw.trim();
    if (!NUMERIC_DATE.test(text)) return;
    const monthFirst = this.monthFirst.instant(text) !== undefined;
    const dayFirst = this.dayFirst.instant(text) !== undefined;
    if (monthFirst && dayFirst) {
      this.either++;
      this.example ??= text;
    } else if (monthFirst) {
      this.monthFirstOnly++;
      this.monthFirstExample ??= text;
    } else if (dayFirst) {
      this.dayFirstOnly++;
      this.dayFirstExample ??= text;
    }
  }

  /** The source's warning when it has no `dateOrder` and wrote day-and-month dates. */
  warning(order: DateOrder | undefined): RecordWarning | undefined {
    if (order !== undefined && order !== "YMD") return undefined;
    const total = this.monthFirstOnly + this.dayFirstOnly + this.either;
    if (total === 0) return undefined;
    const dates = `${total} ${total === 1 ? "date is" : "dates are"} written with day and month, and ${total === 1 ? "was" : "were"} dropped`;
    let reason: string;
    if (this.monthFirstOnly > 0 && this.dayFirstOnly > 0) {
      reason = `${dates}: some can only be month first (${JSON.stringify(this.monthFirstExample)}) and some only day first (${JSON.stringify(this.dayFirstExample)}), so the export mixes both; check how the system writes dates`;
    } else if (this.monthFirstOnly > 0) {
      reason = `${dates}: they read as month/day/year (${JSON.stringify(this.monthFirstExample)} has no month ${this.monthFirstExample?.split(/[/.-]/)[1]}); set "dateOrder": "MDY" on the source`;
    } else if (this.dayFirstOnly > 0) {
      reason = `${dates}: they read as day/month/year (${JSON.stringify(this.dayFirstExample)} has no month ${this.dayFirstExample?.split(/[/.-]/)[0]}); set "dateOrder": "DMY" on the source`;
    } else {
      reason = `${dates}: none of them shows which comes first (every number is 12 or less, as in ${JSON.stringify(this.example)}); set "dateOrder" to "MDY" or "DMY" as the system writes dates`;
    }
    return { record: "(file)", field: "(dates)", reason };
  }
}
