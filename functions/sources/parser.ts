/**
 * The contract every source-format parser implements: the file's text in, canonical records out.
 * A record that fails validation is rejected (with where, which field and why) and the rest is
 * used; a file that cannot be parsed at all throws `SourceFormatError` and the source fails alone.
 */

import type { SourceConfig } from "../config/schema.ts";
import type {
  AccountField,
  RecordsByKind,
  RecordWarning,
  RejectedRecord,
  SourceKind,
} from "../core/model.ts";
import type { TimeParser } from "../core/time.ts";

export interface ParseInput {
  /** The whole file as text (UTF-8, a leading BOM already removed). */
  text: string;
  /** The file's path, for error messages. */
  file: string;
  source: SourceConfig;
  time: TimeParser;
  /**
   * The text is a workbook sheet written out as CSV (functions/sources/workbook.ts): a record's line
   * is its sheet row, whatever line breaks its cells hold.
   */
  sheetRows?: boolean;
  /** The org's currency (`report.currency`, ISO 4217): costs written with another are not read. USD when absent. */
  currency?: string;
}

export type ParsedRecords = { [K in SourceKind]: { kind: K; records: RecordsByKind[K][] } }[SourceKind];

export interface ParseOutput {
  records: ParsedRecords;
  rejected: RejectedRecord[];
  /** Optional account fields this source actually provides (drives "not evaluated" reporting). */
  provides: ReadonlySet<AccountField>;
  /** Records kept with something the reader should know (an unknown status word, a dropped field). */
  warnings?: RecordWarning[];
  /**
   * `subjectKey`s of records this source cannot vouch for: rejected records whose id was readable,
   * and kept records that lost a malformed field. Their findings are not resolved (SPEC §5).
   */
  held?: string[];
}

export type SourceParser = (input: ParseInput) => ParseOutput;

/** The file as a whole is not in the expected format: the source fails, the scan goes on. */
export class SourceFormatError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = "SourceFormatError";
  }
}
