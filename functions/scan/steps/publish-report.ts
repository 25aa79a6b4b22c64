/**
 * PublishReport: renders report.html from the persisted scan and stores it (S3 in AWS; locally
 * also the --out folder), then sends the compliance digest. The findings themselves go out as
 * files from ExportFindings, beside it. Rendering is deterministic, so a retried step rewrites the
 * same file.
 */

import { join } from "node:path";
import { summariseRemediation } from "../../../reports/remediation-summary.ts";
import { renderReportHtml } from "../../../reports/report-html.ts";
import { OUTPUT_FILES } from "../../../reports/write-outputs.ts";
import type { LoadedConfig } from "../../config/load-config.ts";
import type { LeaverFacts } from "../../core/leaver-timeline.ts";
import type { LifecycleFinding } from "../../core/lifecycle/types.ts";
import type { Instant } from "../../core/model.ts";
import { tasksAfterSync } from "../../core/tasks/tasks-after-sync.ts";
import type { TaskRecord } from "../../core/tasks/types.ts";
import { getJson } from "../../ports/json-blob.ts";
import type { ScanRun } from "../../ports/state-store.ts";
import { makePrivateDir, writePrivateFile } from "../../shared/private-files.ts";
import { blobKeys } from "../contract/blob-keys.ts";
import type { RemediationSummary, ScanResult } from "../contract/scan-result.ts";
import type { ScanDependencies } from "../scan-dependencies.ts";
import { sendScanEmails } from "../scan-emails.ts";
import { buildScanHistory, openBySeverity } from "../scan-history.ts";
import { loadResultFindings, type ScanMeta } from "./persist-findings.ts";

export interface PublishReportInput {
  scanId: string;
}

export interface PublishReportOutput {
  reportKey: string;
  digest: string;
  durationMs: number;
  findings: number;
  /** Kept on the scan run for later reports' trend charts. */
  openBySeverity: Record<string, number>;
  outputDir?: string;
}

/**
 * A persisted scan as the report renders it, with its history across scans. Steps that run in one
 * process (locally, the report and the digests' plan side by side) share one load.
 */
export function loadScanResult(deps: ScanDependencies, scanId: string): Promise<ScanResult> {
  let loads = sharedLoads.get(deps.memory);
  if (loads === undefined) {
    loads = new Map();
    sharedLoads.set(deps.memory, loads);
  }
  const cached = loads.get(scanId);
  if (cached) return cached;
  const loading = loadScanResultNow(deps, scanId);
  loads.set(scanId, loading);
  // A failed load is not kept: a retry loads again.
  loading.catch(() => loads?.delete(scanId));
  return loading;
}

/**
 * The loads in progress or done, per process memory (the steps' `memory`, which the local runtime
 * shares between the steps of one thread), kept beside it: a promise is not data to hand between
 * threads.
 */
const sharedLoads = new WeakMap<Map<string, unknown>, Map<string, Promise<ScanResult>>>();

async function loadScanResultNow(deps: ScanDependencies, scanId: string): Promise<ScanResult> {
  const [meta, leavers, run, findings, config] = await Promise.all([
    getJson<ScanMeta>(deps.blobStore, blobKeys.scanMeta(scanId)),
    getJson<LeaverFacts>(deps.blobStore, blobKeys.leavers(scanId)),
    deps.stateStore.getScanRun(scanId),
    loadResultFindings(deps, scanId),
    deps.loadConfig(),
  ]);
  if (!meta || !leavers || !run) throw new Error(`scan ${scanId}: its metadata is missing from the state`);
  const history = await buildScanHistory(deps, run, findings, leavers, config.policy);
  for (const timeline of history.timelines) {
    const name = meta.people[timeline.personId]?.name;
    if (name !== undefined) timeline.name = name;
  }
  return { ...meta, findings, history };
}

export async function publishReport(
  deps: ScanDependencies,
  input: PublishReportInput,
): Promise<PublishReportOutput> {
  const started = performance.now();
  const { result, run, config } = await reportedScan(deps, input.scanId);
  const html = renderReportHtml(result);
  const htmlKey = blobKeys.report(input.scanId, OUTPUT_FILES.html);
  await deps.blobStore.put(htmlKey, html, { contentType: "text/html" });
  if (deps.outputDir !== undefined) {
    await makePrivateDir(deps.outputDir);
    await writePrivateFile(join(deps.outputDir, OUTPUT_FILES.html), html);
  }
  const emails = await sendScanEmails(deps, {
    result,
    config,
    run,
    reportLink: deps.reportLink(input.scanId),
  });
  // The report and the compliance digest went out: the next report counts what is new from here.
  await deps.stateStore.markPublished(input.scanId, Date.now());
  return {
    reportKey: htmlKey,
    findings: result.findings.length,
    openBySeverity: openBySeverity(result.findings),
    digest: emails.digest,
    durationMs: Math.round(performance.now() - started),
    ...(deps.outputDir !== undefined ? { outputDir: deps.outputDir } : {}),
  };
}

/** The scan as its report shows it: the persisted result, with the remediation tasks after the sync. */
export async function reportedScan(
  deps: ScanDependencies,
  scanId: string,
): Promise<{ result: ScanResult; run: ScanRun; config: LoadedConfig }> {
  // The stored tasks are read from the state while the scan result loads.
  const storedTasks = deps.taskStore.listTasks();
  storedTasks.catch(() => {});
  const [loaded, run, config] = await Promise.all([
    loadScanResult(deps, scanId),
    deps.stateStore.getScanRun(scanId),
    deps.loadConfig(),
  ]);
  if (!run) throw new Error(`PublishReport: scan ${scanId} was never started`);
  const remediation = remediationAfterSync(loaded, run.evaluatedAt, config, await storedTasks);
  return { result: { ...loaded, remediation }, run, config };
}

/**
 * The remediation tasks as the remediation-task steps, running beside this one, leave them: worked
 * out with its own planner from the stored records and this scan's findings, so the report never
 * depends on how far that step has got.
 */
function remediationAfterSync(
  result: ScanResult,
  evaluatedAt: Instant,
  config: LoadedConfig,
  records: readonly TaskRecord[],
): RemediationSummary {
  const tasks = tasksAfterSync({
    scanId: result.scanId,
    now: evaluatedAt,
    findings: persistedFindings(result),
    people: result.people,
    records,
  });
  return summariseRemediation({
    tasks,
    findings: result.findings,
    evaluatedAt,
    sink: config.tasks?.sink ?? "local",
    dryRun: config.tasks?.dryRun ?? false,
  });
}

/** A persisted scan's findings carry their lifecycle (the result blob holds nothing else). */
function persistedFindings(result: ScanResult): LifecycleFinding[] {
  for (const finding of result.findings) {
    if (
      finding.status === undefined ||
      finding.firstSeenAt === undefined ||
      finding.lastSeenAt === undefined
    ) {
      throw new Error(`scan ${result.scanId}: finding ${finding.id} in the result blob has no lifecycle`);
    }
  }
  return result.findings as LifecycleFinding[];
}
