/**
 * Collects one source: parses the export in its system's format and applies the source's
 * `privileged` list. A source that cannot be read or parsed fails alone — it is reported as
 * failed with the reason, never treated as "no records".
 */
import { readFileSync, statSync } from "node:fs";
import { describeIoError, type LoadedConfig, resolveConfigPath } from "../config/load-config.ts";
import type { SourceConfig } from "../config/schema.ts";
import type { Account, AccountField, Instant, RecordWarning, RejectedRecord } from "../core/model.ts";
import { orgCurrency } from "../core/money.ts";
import type { SourceInfo } from "../core/scan-context.ts";
import type { TimeParser } from "../core/time.ts";
import { withoutBom } from "../shared/byte-order-mark.ts";
import { type ParsedRecords, SourceFormatError } from "../sources/parser.ts";
import { parserFor } from "../sources/registry.ts";
import { undecodableBytesWarning } from "../sources/undecodable-bytes.ts";
import type { SourceSummaryBlob } from "./contract/source-summary-blob.ts";
import { ExportReadError } from "./export-read-error.ts";
import { exportText } from "./export-text.ts";

export { ExportReadError };

/** Rejected-record messages kept per source; the count is always exact. */
export const MAX_ERRORS_KEPT = 200;
/** Warning messages kept per source; the count is always exact. */
export const MAX_WARNINGS_KEPT = 200;
/**
 * Held subjects kept per source (see HeldSubjects). A source that holds more is held as a whole:
 * nothing it feeds is resolved, and the summary stays small.
 */
export const MAX_HELD_KEPT = 10_000;

/**
 * One source as parsed: its summary as the contract stores it (counts, capped errors and warnings,
 * held subjects, a count check that tripped; see SourceSummaryBlob), with its records, absent when
 * the source failed.
 */
export interface CollectedSource extends Omit<SourceSummaryBlob, "info" | "snapshotKey" | "modifiedAt"> {
  info: SourceInfo;
  records?: ParsedRecords;
}

/** An export as read from wherever it lives (a local file, an S3 object). */
export interface ExportFile {
  /** Where it was read from, for messages. */
  file: string;
  text: string;
  modifiedAt: Instant;
  /** Set when the export is a local file (lets the snapshot be a file copy). */
  localPath?: string;
  /**
   * The export's own bytes, when `text` was converted from them (a workbook) and it is not a local
   * file: the snapshot keeps what the system exported, not the conversion.
   */
  bytes?: Buffer;
  /**
   * Set when `text` is a workbook sheet written out as CSV: a record is named by its sheet row,
   * whatever line breaks its cells hold.
   */
  sheetRows?: true;
  /** "api" when the data was read live: `modifiedAt` is then the read time. */
  origin?: "file" | "api";
  /** Warnings of the read, carried into the source's summary. */
  warnings?: string[];
  /** A live read's figures, for `deprov validate`. */
  live?: LiveReadFigures;
  /** Deletes what reading left behind (a live read's temporary snapshot file), once the snapshot is stored. */
  dispose?(): Promise<void>;
}

export interface LiveReadFigures {
  /** The API read (redacted). */
  endpoint: string;
  pages: number;
  bytes: number;
}

/**
 * Reads a source's export from the local file system, relative to the config's folder. A workbook
 * is read as the CSV text of its sheet (export-text.ts); its snapshot is still the file itself.
 */
export async function readExportFile(config: LoadedConfig, source: SourceConfig): Promise<ExportFile> {
  if (source.path === undefined) {
    throw new ExportReadError(
      `source "${source.id}": a live source is read by the scan's CollectSource step (deprov scan, deprov validate), not from a file`,
    );
  }
  const file = resolveConfigPath(config, source.path);
  let bytes: Buffer;
  let modifiedAt: Instant;
  try {
    // Read as bytes, then decoded: Node 20's readFileSync(file, "utf8") decodes at half the speed.
    bytes = readFileSync(file);
    modifiedAt = statSync(file).mtimeMs;
  } catch (error) {
    throw new ExportReadError(`${file}: cannot read the export (${describeIoError(error)})`);
  }
  const read = await exportText(bytes, file, source);
  return {
    file: read.file,
    text: read.text,
    modifiedAt,
    localPath: file,
    ...(read.converted ? { sheetRows: true as const } : {}),
    ...(read.warnings.length > 0 ? { warnings: read.warnings } : {}),
  };
}

/** Reads (from local files) and parses one source. */
export async function collectSource(
  config: LoadedConfig,
  source: SourceConfig,
  time: TimeParser,
  maxErrorsKept = MAX_ERRORS_KEPT,
): Promise<CollectedSource> {
  const started = performance.now();
  let exported: ExportFile;
  try {
    exported = await readExportFile(config, source);
  } catch (error) {
    return failedSource(source, error instanceof Error ? error.message : String(error), started);
  }
  return parseExport(source, exported, time, { maxErrorsKept, started, currency: orgCurrency(config) });
}

export interface ParseExportOptions {
  /** Rejected-record messages to keep (the count is always exact). */
  maxErrorsKept?: number;
  /** When the source's collection began (`performance.now()`), for its duration. */
  started?: number;
  /** The org's currency (`report.currency`); USD when absent. */
  currency?: string;
}

/** Parses an export already read. Never throws for bad data: the result says the source failed. */
export function parseExport(
  source: SourceConfig,
  exported: ExportFile,
  time: TimeParser,
  options: ParseExportOptions = {},
): CollectedSource {
  const { maxErrorsKept = MAX_ERRORS_KEPT, started = performance.now(), currency } = options;
  const { file } = exported;
  const text = withoutBom(exported.text);
  try {
    const output = parserFor(source.format)({
      text,
      file,
      source,
      time,
      ...(currency === undefined ? {} : { currency }),
      ...(exported.sheetRows ? { sheetRows: true } : {}),
    });
    if (output.records.kind === "accounts") applyPrivilegedList(output.records.records, source.privileged);
    const provides = new Set(output.provides);
    if (source.privileged !== undefined) provides.add("privileged");
    const exportedAt = source.exportedAt === undefined ? undefined : time.instant(source.exportedAt);
    const info: SourceInfo = {
      ...baseInfo(source),
      status: "ok",
      provides,
      exportedAt: exportedAt ?? exported.modifiedAt,
      exportedAtFrom: exported.origin === "api" ? "api" : exportedAt === undefined ? "file-mtime" : "config",
    };
    const warnings = sourceWarnings(
      output.warnings ?? [],
      text,
      source.format,
      output.records.records.length,
      output.rejected.length,
    );
    const readWarnings = exported.warnings ?? [];
    const held = [...new Set(output.held ?? [])];
    return {
      info,
      records: output.records,
      recordCount: output.records.records.length,
      rejectedCount: output.rejected.length,
      errors: output.rejected.slice(0, maxErrorsKept).map((r) => describeRecord(file, r)),
      warnings: [
        ...readWarnings,
        ...warnings.slice(0, MAX_WARNINGS_KEPT).map((w) => describeRecord(file, w)),
      ],
      warningCount: readWarnings.length + warnings.length,
      held: held.length > MAX_HELD_KEPT ? [] : held,
      heldAll: held.length > MAX_HELD_KEPT,
      durationMs: performance.now() - started,
      file,
    };
  } catch (error) {
    if (error instanceof SourceFormatError) return failedSource(source, error.message, started, file);
    // An unexpected parser crash must not read as an empty source either.
    const reason = error instanceof Error ? error.message : String(error);
    return failedSource(source, `${file}: could not be parsed as ${source.format}: ${reason}`, started, file);
  }
}

export function failedSource(
  source: SourceConfig,
  reason: string,
  started: number,
  file?: string,
): CollectedSource {
  return {
    info: baseInfo(source),
    recordCount: 0,
    rejectedCount: 0,
    errors: [reason],
    warnings: [],
    warningCount: 0,
    held: [],
    heldAll: false,
    durationMs: performance.now() - started,
    ...(file ? { file } : {}),
  };
}

/** `file: line 12: field "Status": reason`: every rejection and warning names all four. */
function describeRecord(file: string, record: RejectedRecord | RecordWarning): string {
  return `${file}: ${record.record}: field "${record.field}": ${record.reason}`;
}

/** The parser's warnings, plus what only the whole export shows: bytes that are not UTF-8, no records at all. */
function sourceWarnings(
  parsed: readonly RecordWarning[],
  text: string,
  format: string,
  records: number,
  rejected: number,
): RecordWarning[] {
  const warnings: RecordWarning[] = [];
  const encoding = undecodableBytesWarning(text, format === "csv" || format === "aws-iam-credential-report");
  if (encoding !== undefined) warnings.push(encoding);
  if (records === 0 && rejected === 0) {
    warnings.push({
      record: "(file)",
      field: "(records)",
      reason:
        "the export holds no records (a header or an empty list only): if the system really has none, ignore this; where the last successful collection had records, the source is suspect and nothing it feeds is resolved",
    });
  }
  for (const warning of parsed) warnings.push(warning);
  return warnings;
}

function baseInfo(source: SourceConfig): SourceInfo {
  return {
    id: source.id,
    kind: source.kind,
    format: source.format,
    status: "failed",
    provides: new Set<AccountField>(),
    ...(source.monthlyCostPerSeat !== undefined ? { monthlyCostPerSeat: source.monthlyCostPerSeat } : {}),
  };
}

/** The config's `privileged` list names account ids or usernames holding admin rights in the system. */
function applyPrivilegedList(accounts: Account[], privileged: readonly string[] | undefined): void {
  if (privileged === undefined || privileged.length === 0) return;
  const names = new Set(privileged);
  for (const account of accounts) {
    if (names.has(account.accountId) || (account.username !== undefined && names.has(account.username))) {
      account.privileged = true;
    }
  }
}
