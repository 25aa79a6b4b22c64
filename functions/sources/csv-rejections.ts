/** How a CSV reader names a record and rejects one with the wrong number of fields. */
import type { RejectedRecord } from "../core/model.ts";
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
