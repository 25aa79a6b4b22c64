/**
 * One worksheet cell as the text a CSV export of it would hold, so that a workbook is read by the
 * same `csv` parser, with the same field rules, as the CSV the user would otherwise have saved.
 *
 * A cell's value is not always what Excel shows: a date is a serial number under a date format
 * (the sheet reader hands it over as a Date of that wall-clock time in UTC), an id like `001234` is often the
 * number 1234 under the format `000000`, and a formula's value is the result saved with the file.
 * What the cell cannot tell — a formula error, a formula never calculated — is never read as an
 * empty cell: an empty termination date means "still employed".
 */
import type { PlainValue, SheetValue } from "./xlsx/sheet-rows.ts";

export type CellText =
  | { readonly text: string }
  /** The cell holds no value deprov may read: the caller reports it. */
  | { readonly problem: "formula-error"; readonly text: string }
  | { readonly problem: "formula-not-calculated" };

const EMPTY: CellText = { text: "" };

/** `numFmt` is the cell's number format code (`undefined`: General). */
export function cellText(value: SheetValue | undefined, numFmt: string | undefined): CellText {
  if (value === undefined) return EMPTY;
  if (typeof value === "object" && !(value instanceof Date) && "formula" in value) {
    if (value.result === undefined) return { problem: "formula-not-calculated" };
    return plainText(value.result, numFmt);
  }
  return plainText(value, numFmt);
}

function plainText(value: PlainValue, numFmt: string | undefined): CellText {
  if (typeof value === "string") return { text: value };
  if (typeof value === "number") return { text: numberText(value, numFmt) };
  if (typeof value === "boolean") return { text: value ? "TRUE" : "FALSE" };
  if (value instanceof Date) return { text: wallClockText(value) };
  return { problem: "formula-error", text: value.error };
}

/** A format of zeros only (`000000`): the number is shown padded to that many digits, as ids are. */
const ZERO_PADDED = /^0+$/;

function numberText(value: number, numFmt: string | undefined): string {
  if (numFmt !== undefined && ZERO_PADDED.test(numFmt) && Number.isInteger(value) && value >= 0) {
    return String(value).padStart(numFmt.length, "0");
  }
  return String(value);
}

/**
 * A date cell's wall-clock time: `2025-06-18` at midnight, else `2025-06-18T17:30:00`. Neither
 * carries an offset, so the org's time zone applies, as it does to such values in a CSV. Excel
 * stores times as fractions of a day: 17:30 comes back as 17:29:59.999, so seconds are rounded.
 */
function wallClockText(date: Date): string {
  const rounded = new Date(Math.round(date.getTime() / 1000) * 1000);
  const iso = rounded.toISOString();
  const day = iso.slice(0, 10);
  const time = iso.slice(11, 19);
  return time === "00:00:00" ? day : `${day}T${time}`;
}
