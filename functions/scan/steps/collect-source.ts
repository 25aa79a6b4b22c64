/**
 * CollectSource: reads one export, stores it as the scan's snapshot, parses it and stores the
 * summary. Unreadable or unparsable data is a *failed source* (reported, never "no records");
 * only infrastructure errors throw, so the state machine's Retry/Catch can deal with them.
 */

import type { LoadedConfig } from "../../config/load-config.ts";
import { isLiveSource, type SourceConfig } from "../../config/schema.ts";
import { orgCurrency } from "../../core/money.ts";
import { timeParserFor } from "../../fast/iso-time-parser.ts";
import { causeMessage } from "../../ports/aws-errors.ts";
import { putJson } from "../../ports/json-blob.ts";
import { auditEntryId } from "../../ports/state-store.ts";
import { blobKeys } from "../contract/blob-keys.ts";
import {
  type CollectedSource,
  type ExportFile,
  ExportReadError,
  failedSource,
  parseExport,
} from "../parse-source-export.ts";
import type { ScanDependencies } from "../scan-dependencies.ts";
import { toSummaryBlob } from "../source-snapshot.ts";

export interface CollectSourceInput {
  scanId: string;
  sourceId: string;
}

export interface CollectSourceOutput {
  sourceId: string;
  status: "ok" | "failed";
  records: number;
  rejected: number;
  /**
   * Every warning about the data, counted (the read's and those about kept records: unknown status
   * words, dropped values). Only the count: state payloads end up in the execution history, and
   * record warnings quote record values.
   */
  warningCount: number;
  durationMs: number;
  /** The first failure reason, for progress lines. */
  error?: string;
  /** The read's warnings (a field a live system could not provide), for progress lines. */
  warnings?: string[];
}

export async function collectSourceStep(
  deps: ScanDependencies,
  input: CollectSourceInput,
): Promise<CollectSourceOutput> {
  const config = await deps.loadConfig();
  const source = config.sources.find((s) => s.id === input.sourceId);
  if (!source) throw new Error(`CollectSource: no source "${input.sourceId}" in ${config.file}`);
  const started = performance.now();
  // A live read mostly waits on a remote system: it does not take a turn, so a slow or throttled
  // system delays only its own source. Parsing, the CPU-heavy part, takes its turn below.
  const live = isLiveSource(source) ? await readExport(deps, config, source) : undefined;
  return deps.exclusive(async () => {
    // A file's reading and parsing are timed from its turn.
    const begun = live === undefined ? performance.now() : started;
    const read = live ?? (await readExport(deps, config, source));
    if (read instanceof ExportReadError) return recordReadFailure(deps, input, source, read, begun);
    return storeAndParse(deps, input, config, source, read, begun);
  });
}

/** The export, or the reason it could not be read (the source then fails); other errors propagate. */
async function readExport(
  deps: ScanDependencies,
  config: LoadedConfig,
  source: SourceConfig,
): Promise<ExportFile | ExportReadError> {
  try {
    return await deps.readExport(config, source);
  } catch (error) {
    if (error instanceof ExportReadError) return error;
    throw error;
  }
}

async function recordReadFailure(
  deps: ScanDependencies,
  input: CollectSourceInput,
  source: SourceConfig,
  error: ExportReadError,
  started: number,
): Promise<CollectSourceOutput> {
  const collected = failedSource(source, error.message, started);
  await putJson(deps.blobStore, blobKeys.sourceSummary(input.scanId, source.id), toSummaryBlob(collected));
  await auditSourceFailure(deps, input.scanId, source, {
    cause: "unreadable",
    ...(error.reachable !== undefined ? { reachable: error.reachable } : {}),
  });
  return failedOutput(source.id, error.message, Math.round(collected.durationMs));
}

async function storeAndParse(
  deps: ScanDependencies,
  input: CollectSourceInput,
  config: LoadedConfig,
  source: SourceConfig,
  exported: ExportFile,
  started: number,
): Promise<CollectSourceOutput> {
  const snapshotKey = blobKeys.sourceSnapshot(input.scanId, source.id);
  // The snapshot is stored while the export is parsed (the copy runs off this thread).
  const snapshotStored =
    exported.localPath !== undefined && deps.blobStore.putFile
      ? deps.blobStore.putFile(snapshotKey, exported.localPath)
      : deps.blobStore.put(snapshotKey, exported.bytes ?? exported.text);
  let collected: CollectedSource;
  try {
    collected = parseExport(source, exported, timeParserFor(config.timezone), {
      started,
      currency: orgCurrency(config),
    });
    await snapshotStored;
  } catch (error) {
    await snapshotStored.catch(() => {});
    throw error;
  } finally {
    // A live read's temporary snapshot file: the stored snapshot is the one that is kept.
    await exported.dispose?.();
  }
  if (collected.records) deps.memory.set(snapshotKey, collected.records);
  await putJson(
    deps.blobStore,
    blobKeys.sourceSummary(input.scanId, source.id),
    toSummaryBlob(collected, snapshotKey, exported.modifiedAt),
  );
  // Collection itself only tells ok from failed; CheckGuardRails judges the counts (suspect).
  const status = collected.info.status === "failed" ? "failed" : "ok";
  if (status === "failed") await auditSourceFailure(deps, input.scanId, source, { cause: "unparsable" });
  return {
    sourceId: source.id,
    status,
    records: collected.recordCount,
    rejected: collected.rejectedCount,
    warningCount: collected.warningCount,
    durationMs: Math.round(collected.durationMs),
    ...(status === "failed" && collected.errors[0] ? { error: collected.errors[0] } : {}),
    ...(exported.warnings !== undefined && exported.warnings.length > 0
      ? { warnings: exported.warnings }
      : {}),
  };
}

export interface RecordSourceFailureInput {
  scanId: string;
  sourceId: string;
  error?: { Error?: string; Cause?: string };
}

/** RecordSourceFailure: the collect step itself crashed after its retries; the source is failed. */
export async function recordSourceFailure(
  deps: ScanDependencies,
  input: RecordSourceFailureInput,
): Promise<CollectSourceOutput> {
  const config = await deps.loadConfig();
  const source = config.sources.find((s) => s.id === input.sourceId);
  if (!source) throw new Error(`RecordSourceFailure: no source "${input.sourceId}" in ${config.file}`);
  const reason = `collecting failed after retries: ${input.error?.Error ?? "error"}${input.error?.Cause ? `: ${causeMessage(input.error.Cause)}` : ""}`;
  const collected = failedSource(source, reason, performance.now());
  await putJson(deps.blobStore, blobKeys.sourceSummary(input.scanId, source.id), toSummaryBlob(collected));
  await auditSourceFailure(deps, input.scanId, source, {
    cause: "collect-crashed",
    error: input.error?.Error ?? "error",
  });
  return failedOutput(source.id, reason, 0);
}

/**
 * `source.failed` in the audit trail, as a suspect source gets `source.suspect`: the failure is
 * otherwise only inside the scan's result. Why, in words of our own — a read or parse message
 * can quote the export's values, and the trail is kept for a year; the whole message stays in
 * the scan's summary. One entry per scan and source: a retried step writes the same one.
 */
async function auditSourceFailure(
  deps: ScanDependencies,
  scanId: string,
  source: SourceConfig,
  detail: { cause: "unreadable" | "unparsable" | "collect-crashed"; reachable?: boolean; error?: string },
): Promise<void> {
  const run = await deps.stateStore.getScanRun(scanId);
  await deps.stateStore.appendAudit([
    {
      id: auditEntryId(scanId, "source.failed", source.id),
      at: run?.startedAt ?? Date.now(),
      kind: "source.failed",
      actor: `scan:${scanId}`,
      subject: source.id,
      scanId,
      detail: { kind: source.kind, format: source.format, ...detail },
    },
  ]);
}

function failedOutput(sourceId: string, error: string, durationMs: number): CollectSourceOutput {
  return { sourceId, status: "failed", records: 0, rejected: 0, warningCount: 0, durationMs, error };
}
