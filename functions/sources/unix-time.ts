/**
 * Timestamps written as Unix time: seconds since 1970 (`1705339800`, or `1705339800.25` as
 * Python's `time.time()` writes it) or milliseconds (`1705339800000`, as Java and JavaScript
 * write them), in a JSON number or a cell of digits. Database dumps, internal APIs and Slack's
 * API write timestamps so; each was a malformed value, dropped with a warning, and its record held.
 *
 * The magnitude says which unit it is, without a guess: seconds from 1e8 to 1e10 (March 1973 to
 * the year 2286) and milliseconds from 1e11 to 1e13 (March 1973 to 2286) do not overlap, and a
 * value between them (seconds past 2286, milliseconds before 1973) is not read. `0` is how many
 * systems write "never": it reads as no value, as an empty cell does. Only timestamps are read so:
 * a date stored as Unix time is some instant of a day in some zone, and which day it meant cannot
 * be known.
 */
import type { Instant } from "../core/model.ts";

const UNIX_DIGITS = /^\d{1,13}(?:\.\d+)?$/;

/** The instant `value` stands for as Unix time; `null` for 0 ("never"); `undefined` when it is none. */
export function unixTimeInstant(value: number | string): Instant | null | undefined {
  let number: number;
  if (typeof value === "number") number = value;
  else if (UNIX_DIGITS.test(value)) number = Number(value);
  else return undefined;
  if (!Number.isFinite(number) || number < 0) return undefined;
  if (number === 0) return null;
  if (number >= 1e8 && number < 1e10) return Math.round(number * 1000);
  if (number >= 1e11 && number < 1e13 && Number.isInteger(number)) return number;
  return undefined;
}
