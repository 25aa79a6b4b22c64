/**
 * Reads back what CollectSources stored for a scan: each source's summary and, for sources that
 * were collected, its parsed records — from this process's memory when the same process collected
 * them, else by parsing the stored snapshot again with the same parser.
 */
import type { LoadedConfig } from "../config/load-config.ts";
import type { SourceKind } from "../core/model.ts";
import { orgCurrency } from "../core/money.ts";
import { wasRead } from "../core/scan-context.ts";
import type { TimeParser } from "../core/time.ts";
import { timeParserFor } from "../fast/iso-time-parser.ts";
import { getJson } from "../ports/json-blob.ts";
import type { ParsedRecords } from "../sources/parser.ts";
import { blobKeys } from "./contract/blob-keys.ts";
import type { SourceSummaryBlob } from "./contract/source-summary-blob.ts";
import { exportText } from "./export-text.ts";
import { type CollectedSource, parseExport } from "./parse-source-export.ts";
import type { ScanDependencies } from "./scan-dependencies.ts";
import { sourceInfoOf } from "./source-snapshot.ts";

export async function loadSummaries(
  deps: ScanDependencies,
  config: LoadedConfig,
  scanId: string,
): Promise<SourceSummaryBlob[]> {
  const summaries: SourceSummaryBlob[] = [];
  for (const source of config.sources) {
    const summary = await getJson<SourceSummaryBlob>(
      deps.blobStore,
      blobKeys.sourceSummary(scanId, source.id),
    );
    if (!summary)
      throw new Error(`scan ${scanId}: source "${source.id}" was never collected (no summary blob)`);
    summaries.push(summary);
  }
  return summaries;
}

export async function loadCollected(
  deps: ScanDependencies,
  config: LoadedConfig,
  scanId: string,
  /** Only parse sources of these kinds (the others come without records). */
  kinds?: ReadonlySet<SourceKind>,
): Promise<CollectedSource[]> {
  const summaries = await loadSummaries(deps, config, scanId);
  const time = timeParserFor(config.timezone);
  const collected: CollectedSource[] = [];
  for (const summary of summaries) {
    const base = collectedFromSummary(summary);
    const wanted = kinds === undefined || kinds.has(summary.info.kind);
    // A suspect source was read: its records are used (only resolving by its silence is not).
    if (!wasRead(summary.info.status) || summary.snapshotKey === undefined || !wanted) {
      collected.push(base);
      continue;
    }
    const records = await recordsOf(deps, config, summary, summary.snapshotKey, time);
    collected.push({ ...base, records });
  }
  return collected;
}

/** A collected source's records, parsed again from its stored snapshot (or taken from this process's memory). */
export async function snapshotRecords(
  deps: ScanDependencies,
  config: LoadedConfig,
  summary: SourceSummaryBlob & { snapshotKey: string },
): Promise<ParsedRecords> {
  return recordsOf(deps, config, summary, summary.snapshotKey, timeParserFor(config.timezone));
}

async function recordsOf(
  deps: ScanDependencies,
  config: LoadedConfig,
  summary: SourceSummaryBlob,
  snapshotKey: string,
  time: TimeParser,
): Promise<ParsedRecords> {
  const cached = deps.memory.get(snapshotKey) as ParsedRecords | undefined;
  if (cached) return cached;
  const source = config.sources.find((s) => s.id === summary.info.id);
  const body = await deps.blobStore.get(snapshotKey);
  if (!source || body === undefined) throw new Error(`snapshot ${snapshotKey} is missing`);
  const read = await exportText(body, summary.file ?? snapshotKey, source);
  const reparsed = parseExport(
    source,
    {
      // The summary's name of the export already says which sheet of a workbook was read.
      file: summary.file ?? read.file,
      text: read.text,
      modifiedAt: summary.modifiedAt ?? 0,
      ...(read.converted ? { sheetRows: true as const } : {}),
      ...(summary.info.exportedAtFrom === "api" ? { origin: "api" as const } : {}),
    },
    time,
    { currency: orgCurrency(config) },
  );
  if (!reparsed.records)
    throw new Error(`snapshot ${snapshotKey} no longer parses: ${reparsed.errors[0] ?? ""}`);
  deps.memory.set(snapshotKey, reparsed.records);
  return reparsed.records;
}

/** A stored summary as the collected source it describes (without its records). */
export function collectedFromSummary(summary: SourceSummaryBlob): CollectedSource {
  return {
    info: sourceInfoOf(summary),
    recordCount: summary.recordCount,
    rejectedCount: summary.rejectedCount,
    errors: summary.errors,
    warnings: summary.warnings ?? [],
    warningCount: summary.warningCount ?? 0,
    held: summary.held ?? [],
    heldAll: summary.heldAll ?? false,
    ...(summary.suspect !== undefined ? { suspect: summary.suspect } : {}),
    durationMs: summary.durationMs,
    ...(summary.file !== undefined ? { file: summary.file } : {}),
    ...(summary.warnings !== undefined ? { warnings: summary.warnings } : {}),
  };
}
