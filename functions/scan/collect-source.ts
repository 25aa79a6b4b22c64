/**
 * Collects one source: reads the export, parses it in its system's format, applies the source's
 * `privileged` list. A source that cannot be read or parsed fails alone — it is reported as
 * failed with the reason, never treated as "no records".
 */
import { readFileSync, statSync } from "node:fs";
import { describeIoError, type LoadedConfig, resolveConfigPath } from "../config/load-config.ts";
import type { SourceConfig } from "../config/schema.ts";
import type { Account, AccountField, Instant } from "../core/model.ts";
import type { SourceInfo } from "../core/scan-context.ts";
import type { TimeParser } from "../core/time.ts";
import { type ParsedRecords, SourceFormatError } from "../sources/parser.ts";
import { parserFor } from "../sources/registry.ts";

/** Rejected-record messages kept per source; the count is always exact. */
const MAX_ERRORS_KEPT = 200;

export interface CollectedSource {
  info: SourceInfo;
  /** Absent when the source failed. */
  records?: ParsedRecords;
  recordCount: number;
  rejectedCount: number;
  /** Rejected-record messages (capped), or the failure reason. */
  errors: string[];
  durationMs: number;
  file?: string;
}

export function collectSource(
  config: LoadedConfig,
  source: SourceConfig,
  time: TimeParser,
  maxErrorsKept = MAX_ERRORS_KEPT,
): CollectedSource {
  const started = performance.now();
  const base: SourceInfo = {
    id: source.id,
    kind: source.kind,
    format: source.format,
    status: "failed",
    provides: new Set<AccountField>(),
    ...(source.monthlyCostPerSeat !== undefined ? { monthlyCostPerSeat: source.monthlyCostPerSeat } : {}),
  };
  const failed = (reason: string, file?: string): CollectedSource => ({
    info: base,
    recordCount: 0,
    rejectedCount: 0,
    errors: [reason],
    durationMs: performance.now() - started,
    ...(file ? { file } : {}),
  });

  if (source.path === undefined) {
    return failed(
      `source "${source.id}": reading live APIs (url) is not supported by this version; export the data to a file and set "path"`,
    );
  }
  const file = resolveConfigPath(config, source.path);
  let text: string;
  let mtime: Instant;
  try {
    text = readFileSync(file, "utf8");
    mtime = statSync(file).mtimeMs;
  } catch (error) {
    return failed(`${file}: cannot read the export (${describeIoError(error)})`, file);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  try {
    const output = parserFor(source.format)({ text, file, source, time });
    if (output.records.kind === "accounts") applyPrivilegedList(output.records.records, source.privileged);
    const provides = new Set(output.provides);
    if (source.privileged !== undefined) provides.add("privileged");
    const exportedAt = source.exportedAt === undefined ? undefined : time.instant(source.exportedAt);
    const info: SourceInfo = {
      ...base,
      status: "ok",
      provides,
      exportedAt: exportedAt ?? mtime,
      exportedAtFrom: exportedAt === undefined ? "file-mtime" : "config",
    };
    return {
      info,
      records: output.records,
      recordCount: output.records.records.length,
      rejectedCount: output.rejected.length,
      errors: output.rejected
        .slice(0, maxErrorsKept)
        .map((r) => `${file}: ${r.record}: field "${r.field}": ${r.reason}`),
      durationMs: performance.now() - started,
      file,
    };
  } catch (error) {
    if (error instanceof SourceFormatError) return failed(error.message, file);
    // An unexpected parser crash must not read as an empty source either.
    return failed(
      `${file}: could not be parsed as ${source.format}: ${error instanceof Error ? error.message : String(error)}`,
      file,
    );
  }
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
