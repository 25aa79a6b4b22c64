/**
 * Dates written out in forms that leave no order to guess, read by every `csv` and `json` source
 * whatever its `dateOrder`:
 *
 * - year first with slashes, `2025/01/15` or `2025/1/5 17:30:00`, as Japanese and Chinese locales
 *   and some admin consoles write them (nobody writes year/day/month);
 * - month names: `15-Jan-2025` (Excel's `d-mmm-yyyy`, Oracle and SAP reports),
 *   `15 January 2025`, `Jan 15, 2025` and `January 15, 2025 5:30 PM` (US reports); and day first
 *   in the languages of European exports (month-names.ts): `15. März 2025`, `1er janvier 2025`,
 *   `15-janv.-2025`, `15 de enero de 2025`, `15 mrt 2025`.
 *
 * A time may follow, 24-hour or 12-hour, in the org's time zone as every wall-clock value is, or
 * in UTC when `UTC` or `GMT` follows it (`2025-01-15 17:30:00 UTC`, as audit logs and SaaS
 * reports write). A two-digit year names no century and is not read; nor is a time followed by
 * another zone abbreviation (`EST` names different offsets in different places): each is dropped
 * with a warning as before, and its record held.
 */
import type { TimeParser } from "../core/time.ts";
import { monthOfName } from "./month-names.ts";
import { isoClock, twoDigits } from "./wall-clock.ts";

/** An optional time after the date: `17:30`, `5:30:15 PM`, `, 5:30 p.m.`, ` at 5:30 PM`. */
const TIME = String.raw`(?:,? (?:at )?(\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([AaPp])\.?[Mm]\.?)?)?`;

const YEAR_FIRST =
  /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([AaPp])\.?[Mm]\.?)?)?$/;
/**
 * `15-Jan-2025`, `15 Jan 2025`, `15 January 2025`: the same separator twice. In other languages
 * too: `15. März 2025` (German), `1er janvier 2025` and Excel's `15-janv.-2025` (French),
 * `15 de enero de 2025` (Spanish, Portuguese).
 */
const DAY_MONTH_NAME = new RegExp(
  String.raw`^(\d{1,2})(?:\.|er)?([ -])(?:de )?(\p{L}{3,12})\.?\2(?:de )?(\d{4})${TIME}$`,
  "u",
);
/** `Jan 15, 2025`, `Jan. 15 2025`, `January 15, 2025`. */
const MONTH_NAME_DAY = new RegExp(String.raw`^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})${TIME}$`);

/** Excel's default `d-mmm-yy` (`15-Jan-25`): the form most often met with a two-digit year. */
const TWO_DIGIT_YEAR = /^\d{1,2}\.?([ -])\p{L}{3,12}\.?\1\d{2}(?:$|[ ,])/u;

/** What to add to the message about a value that did not read as a date, when it is written out with a two-digit year. */
export function writtenDateHint(text: string): string | undefined {
  if (!TWO_DIGIT_YEAR.test(text.trim())) return undefined;
  return "a two-digit year names no century: have the export write four digits (in Excel, the date format d-mmm-yyyy)";
}

/** A date and time, then `UTC` or `GMT`: the only zone abbreviations that name one offset. */
const UTC_SUFFIX = /^(.*\S)\s+(?:UTC|GMT)$/i;
/** An ISO 8601 date and time without an offset, as the ISO reader takes it. */
const ISO_WALL_CLOCK = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?$/;

/** `time`, also reading the written forms above (ISO 8601 is tried first, and wins). */
export function withWrittenDates(time: TimeParser): TimeParser {
  return {
    zone: time.zone,
    instant: (text) => {
      const read = time.instant(text);
      if (read !== undefined) return read;
      const iso = isoOfWritten(text) ?? isoOfUtc(text);
      return iso === undefined ? undefined : time.instant(iso);
    },
    date: (text) => {
      const read = time.date(text);
      if (read !== undefined) return read;
      const iso = isoOfWritten(text) ?? isoOfUtc(text);
      return iso === undefined ? undefined : time.date(iso);
    },
  };
}

/** `2025-01-15 17:30:00 UTC` (or a written form before `UTC`) as ISO 8601 with `Z`. */
function isoOfUtc(text: string): string | undefined {
  const match = UTC_SUFFIX.exec(text);
  if (match === null) return undefined;
  const base = match[1] as string;
  const wallClock = ISO_WALL_CLOCK.test(base) ? base : isoOfWritten(base);
  // A date alone is a calendar day, not an instant: "UTC" after it says nothing deprov can use.
  return wallClock === undefined || !wallClock.includes(":") ? undefined : `${wallClock}Z`;
}

/** The same value in ISO 8601 (`YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS`), for the ISO reader to check. */
export function isoOfWritten(text: string): string | undefined {
  let match = YEAR_FIRST.exec(text);
  if (match !== null) {
    const [, year, month, day, ...clock] = match;
    return withClock(year as string, month as string, day as string, clock);
  }
  match = DAY_MONTH_NAME.exec(text);
  if (match !== null) {
    const [, day, , monthName, year, ...clock] = match;
    const month = monthOfName(monthName as string);
    return month === undefined ? undefined : withClock(year as string, String(month), day as string, clock);
  }
  match = MONTH_NAME_DAY.exec(text);
  if (match !== null) {
    const [, monthName, day, year, ...clock] = match;
    const month = monthOfName(monthName as string);
    return month === undefined ? undefined : withClock(year as string, String(month), day as string, clock);
  }
  return undefined;
}

function withClock(
  year: string,
  month: string,
  day: string,
  [hour, minute, second, meridiem]: (string | undefined)[],
): string | undefined {
  const date = `${year}-${twoDigits(month)}-${twoDigits(day)}`;
  if (hour === undefined) return date;
  const clock = isoClock(hour, minute as string, second, meridiem);
  return clock === undefined ? undefined : `${date} ${clock}`;
}
