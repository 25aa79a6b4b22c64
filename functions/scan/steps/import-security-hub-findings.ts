/**
 * The Security Hub export (config `exports.securityHub`) as bulk work of its own, AWS only.
 *
 * PlanSecurityHubImport picks what changed since the last scan — findings first seen, reopened,
 * waived or whose waiver expired (this scan's transitions), and the findings it resolved — so a
 * night of an unchanged org sends nothing, and cuts them into chunks for ImportSecurityHubFindings.
 * BatchImportFindings takes 100 findings a call at about 10 calls a second; a chunk holds what
 * fits well inside its Lambda's timeout. Importing a finding again replaces it (same Id), so a
 * retried chunk sends its findings again without duplicating any.
 */

import type { Transition } from "../../core/lifecycle/types.ts";
import { getJson } from "../../ports/json-blob.ts";
import { readJsonLinesBlob } from "../../ports/json-lines-blob.ts";
import { SECURITY_HUB_BATCH_SIZE } from "../../ports/security-hub/security-hub-exporter.ts";
import { blobKeys } from "../contract/blob-keys.ts";
import type { ReportFinding, ResolvedFinding } from "../contract/scan-result.ts";
import type { ScanDependencies } from "../scan-dependencies.ts";
import { type ChunkRef, chunkSize, readChunk, writeChunks } from "../work-chunks.ts";
import type { ScanMeta } from "./persist-findings.ts";
import { loadScanResult } from "./publish-report.ts";

/** A finding to import: an open or waived one, or one this scan resolved. */
export type SecurityHubItem = { open: ReportFinding } | { resolved: ResolvedFinding };

export interface PlanSecurityHubImportOutput {
  scanId: string;
  skipped?: "disabled" | "aws-only";
  chunks: ChunkRef[];
  findings: number;
}

export interface ImportSecurityHubFindingsOutput {
  chunk: number;
  imported: number;
  failed: number;
  durationMs: number;
}

/** The Lambda timeout of ImportSecurityHubFindings (functions/handlers/catalogue.ts). */
export const IMPORT_SECURITY_HUB_TIMEOUT_SECONDS = 300;
/** BatchImportFindings calls a second the chunks are sized for (Security Hub allows 10, burst 30). */
const BATCHES_PER_SECOND = 5;
const MAX_FINDINGS_PER_CHUNK = 20_000;

/** The lifecycle changes that change what Security Hub shows (resolved ones come from the history). */
const IMPORTED_TRANSITIONS: ReadonlySet<Transition["kind"]> = new Set([
  "new",
  "reopened",
  "waived",
  "waiver-expired",
]);

export async function planSecurityHubImport(
  deps: ScanDependencies,
  input: { scanId: string },
): Promise<PlanSecurityHubImportOutput> {
  const { scanId } = input;
  const config = await deps.loadConfig();
  if (config.exports.securityHub?.enabled !== true)
    return { scanId, skipped: "disabled", chunks: [], findings: 0 };
  if (deps.securityHub === undefined) {
    deps.log("exports.securityHub: the AWS Security Hub import runs in AWS only; skipped");
    return { scanId, skipped: "aws-only", chunks: [], findings: 0 };
  }
  const [result, transitions] = await Promise.all([
    loadScanResult(deps, scanId),
    readJsonLinesBlob<Transition>(deps.blobStore, blobKeys.transitions(scanId)),
  ]);
  if (transitions === undefined)
    throw new Error(`PlanSecurityHubImport: scan ${scanId} has no transitions blob`);
  const changed = new Set(
    transitions.filter((t) => IMPORTED_TRANSITIONS.has(t.kind)).map((t) => t.findingId),
  );
  const items: SecurityHubItem[] = [
    ...result.findings.filter((finding) => changed.has(finding.id)).map((open) => ({ open })),
    ...(result.history?.resolved ?? []).map((resolved) => ({ resolved })),
  ];
  const size = chunkSize({
    ratePerSecond: BATCHES_PER_SECOND * SECURITY_HUB_BATCH_SIZE,
    timeoutSeconds: IMPORT_SECURITY_HUB_TIMEOUT_SECONDS,
    maxItems: MAX_FINDINGS_PER_CHUNK,
  });
  const chunks = await writeChunks(deps, items, size, (index) => blobKeys.securityHubChunk(scanId, index));
  deps.log(`Security Hub: ${items.length} changed findings to import in ${chunks.length} chunks`);
  return { scanId, chunks, findings: items.length };
}

export async function importSecurityHubFindings(
  deps: ScanDependencies,
  input: { scanId: string; chunk: ChunkRef },
): Promise<ImportSecurityHubFindingsOutput> {
  const started = performance.now();
  const { scanId, chunk } = input;
  if (deps.securityHub === undefined) throw new Error("ImportSecurityHubFindings: runs in AWS only");
  const [meta, items] = await Promise.all([
    getJson<ScanMeta>(deps.blobStore, blobKeys.scanMeta(scanId)),
    readChunk<SecurityHubItem>(deps, chunk),
  ]);
  if (!meta) throw new Error(`ImportSecurityHubFindings: scan ${scanId} has no metadata blob`);
  const open: ReportFinding[] = [];
  const resolved: ResolvedFinding[] = [];
  for (const item of items) {
    if ("open" in item) open.push(item.open);
    else resolved.push(item.resolved);
  }
  // The scan as the exporter maps it, with only this chunk's findings in it.
  const imported = await deps.securityHub(
    { ...meta, findings: open, history: { resolved } },
    Date.parse(meta.evaluatedAt),
  );
  return {
    chunk: chunk.index,
    imported: imported.imported,
    failed: imported.failed,
    durationMs: Math.round(performance.now() - started),
  };
}
