/**
 * Dates as HR and spreadsheet exports write them in many countries: `01/15/2025` (the US, BambooHR
 * and ADP reports, Excel's short date), `15.01.2025` (Germany, Personio), `15/01/2025` (the UK).
 * Which number is the month cannot be read from the text (05/03/2023), so a `csv` or `json`
 * source says it with `dateOrder` ("MDY" or "DMY", as PostgreSQL's DateStyle names them); the
 * default "YMD" reads ISO 8601 only, as before. ISO values stay readable whatever the order, so a
 * file that mixes both still reads.
 *
 * The day and month may lack their leading zero; the year has four digits (a two-digit year names
 * no century). A time may follow, 24-hour or 12-hour with AM/PM (`1/15/2025 5:30 PM`), in the
 * org's time zone as every wall-clock value is (SPEC §2).
 */
import type { DATE_ORDERS } from "../config/schema.ts";
import type { Instant, IsoDate } from "../core/model.ts";
import type { TimeParser } from "../core/time.ts";

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
  const [, first, , second, year, hourText, minute, second_ = "00", meridiem] = match;
  const [month, day] = order === "MDY" ? [first, second] : [second, first];
  const date = `${year}-${pad(month as string)}-${pad(day as string)}`;
  if (hourText === undefined) return date;
  let hour = Number(hourText);
  if (meridiem !== undefined) {
    // 12-hour clock: 12:xx AM is just after midnight, 12:xx PM just after noon.
    if (hour < 1 || hour > 12) return undefined;
    const pm = meridiem === "P" || meridiem === "p";
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  return `${date} ${pad(String(hour))}:${minute}:${second_}`;
}

function pad(digits: string): string {
  return digits.length === 1 ? `0${digits}` : digits;
}
