/** How a CSV reader names a record and rejects one with the wrong number of fields. */
import type { RecordWarning, RejectedRecord } from "../core/model.ts";
import { WHOLE_RECORD } from "./value-description.ts";

/** Where a CSV record is, as RejectedRecord.record. */
export function csvLine(line: number): string {
  return `line ${line}`;
}

/** The rejection for a row whose field count differs from the header's. */
export function fieldCountRejection(line: number, expected: number, got: number): RejectedRecord {
  return {
    record: csvLine(line),
    field: WHOLE_RECORD,
    reason: `expected ${expected} fields (as in the header), got ${got}`,
  };
}

const FIELD_COUNT = /^expected (\d+) fields \(as in the header\), got (\d+)$/;

/** A rejection of `fieldCountRejection` for a row with fewer fields than the header. */
export function isShortRow(rejection: RejectedRecord): boolean {
  const counts = FIELD_COUNT.exec(rejection.reason);
  return counts !== null && Number(counts[2]) < Number(counts[1]);
}

/**
 * One warning above the rejections of rows that end early. Spreadsheet applications saving CSV can
 * leave out the separators of a row's empty last cells (Excel does for groups of rows; StataCorp's
 * FAQ "How Excel writes empty cells"), so a roster saved from one may lose a share of its rows. The
 * rows stay rejected — a row that ends early may as well have been cut short — and the warning
 * says how to give the file whole.
 */
export function shortRowsWarning(rejected: readonly RejectedRecord[]): RecordWarning | undefined {
  const short = rejected.filter(isShortRow);
  // One row that ends early is most often the last, of an export cut short: that is not this.
  if (short.length < 2) return undefined;
  return {
    record: "(file)",
    field: "(rows)",
    reason: `${short.length} rows have fewer fields than the header and were rejected (the first on ${short[0]?.record}): spreadsheet applications saving CSV can leave out the separators of a row's empty last cells. Give deprov the workbook (.xlsx) itself, which it reads as the sheet, or fill the last column before saving`,
  };
}
