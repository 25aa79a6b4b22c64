/** FinishScan / AbortScan / RecordScanFailure: close the scan run and record it in the audit trail. */
import {
  ACCEPT_ROSTER_CHANGE_COMMAND,
  renderGuardRailAlert,
} from "../../../reports/email/guard-rail-alert.ts";
import { type CollectedCount, nextSourceCounts, type SourceCounts } from "../../core/source-counts.ts";
import { auditEntryId, successBefore } from "../../ports/state-store.ts";
import { loadSummaries } from "../load-collected.ts";
import { alertRecipients, type ScanDependencies } from "../scan-dependencies.ts";
import { scanLockHolder } from "../scan-lock.ts";
import { sendOnce } from "../send-once.ts";
import { countsOf } from "./check-guard-rails.ts";
import type { PersistFindingsOutput } from "./persist-findings.ts";

export interface FinishScanInput {
  scanId: string;
  persisted: PersistFindingsOutput;
  published: unknown[];
  /** The execution holding the scan lock, which this step releases. */
  execution?: string;
}

export interface FinishScanOutput {
  scanId: string;
  status: "succeeded";
  findings: number;
  transitions: Record<string, number>;
  resultKey: string;
}

export async function finishScan(deps: ScanDependencies, input: FinishScanInput): Promise<FinishScanOutput> {
  const { scanId, persisted } = input;
  const run = await deps.stateStore.finishScanRun(scanId, {
    status: "succeeded",
    finishedAt: Date.now(),
    resultKey: persisted.resultKey,
    resultSha256: persisted.resultSha256,
    rosterRecords: persisted.rosterRecords,
    sourceCounts: await sourceCountsAfter(deps, scanId),
    counts: { findings: persisted.findings, ...persisted.transitions, ...openCounts(input.published) },
  });
  await deps.stateStore.appendAudit([
    {
      id: auditEntryId(scanId, "scan.finished"),
      at: run.startedAt,
      kind: "scan.finished",
      actor: `scan:${scanId}`,
      subject: scanId,
      scanId,
      detail: {
        findings: persisted.findings,
        ...persisted.transitions,
        resultSha256: persisted.resultSha256,
      },
    },
  ]);
  // The scan's entries are complete: their digest goes to the write-once archive.
  await deps.stateStore.sealAudit(scanId, run.finishedAt ?? run.startedAt);
  await deps.stateStore.releaseScanLock(scanLockHolder(scanId, input.execution));
  return {
    scanId,
    status: "succeeded",
    findings: persisted.findings,
    transitions: persisted.transitions,
    resultKey: persisted.resultKey,
  };
}

/**
 * The counts the next scan compares its sources with: this scan's, for every source collected
 * successfully (or accepted); the earlier ones for sources that failed or were suspect.
 */
export async function sourceCountsAfter(deps: ScanDependencies, scanId: string): Promise<SourceCounts> {
  const [config, run, latest] = await Promise.all([
    deps.loadConfig(),
    deps.stateStore.getScanRun(scanId),
    deps.stateStore.latestSuccessfulScan(),
  ]);
  if (!run) throw new Error(`FinishScan: scan ${scanId} was never started`);
  const summaries = await loadSummaries(deps, config, scanId);
  const roster = config.sources.find((s) => s.kind === "roster");
  // A retried FinishScan (the pointer already names this scan) starts from the scan before it.
  const baseline = successBefore(latest, scanId);
  const collected: CollectedCount[] = summaries.map((summary) => {
    const accepted = summary.suspect?.accepted != null;
    return {
      sourceId: summary.info.id,
      records: summary.recordCount,
      successful: summary.info.status === "ok",
      accepted,
    };
  });
  return nextSourceCounts(countsOf(baseline, roster?.id ?? ""), collected, {
    sourceId: roster?.id ?? "",
    evaluatedAt: run.evaluatedAt,
    lookbackDays: config.policy.lookbackDays,
    zone: config.timezone,
  });
}

export interface AbortScanInput {
  scanId: string;
  reason: string;
  /** The execution holding the scan lock, which this step releases. */
  execution?: string;
}

export async function abortScan(
  deps: ScanDependencies,
  input: AbortScanInput,
): Promise<{ aborted: true; reason: string; email: string }> {
  const run = await deps.stateStore.finishScanRun(input.scanId, {
    status: "aborted",
    finishedAt: Date.now(),
    reason: input.reason,
  });
  await deps.stateStore.appendAudit([
    {
      id: auditEntryId(input.scanId, "scan.aborted"),
      at: run.startedAt,
      kind: "scan.aborted",
      actor: `scan:${input.scanId}`,
      subject: input.scanId,
      scanId: input.scanId,
      detail: { reason: input.reason },
    },
  ]);
  const config = await deps.loadConfig();
  let email: string = "not-configured";
  const recipients = alertRecipients(config, deps);
  if (recipients) {
    const alert = renderGuardRailAlert({
      organization: config.organization,
      scanId: input.scanId,
      evaluatedAt: new Date(run.evaluatedAt).toISOString(),
      timezone: config.timezone,
      reason: input.reason,
      howToAccept: ACCEPT_ROSTER_CHANGE_COMMAND,
    });
    email = await sendOnce(deps, input.scanId, "guard-rail-alert", run.startedAt, {
      from: recipients.from,
      to: recipients.to,
      subject: alert.subject,
      text: alert.text,
      html: alert.html,
      headers: { "X-Deprov-Scan-Id": input.scanId },
    });
  }
  await deps.stateStore.sealAudit(input.scanId, run.finishedAt ?? run.startedAt);
  await deps.stateStore.releaseScanLock(scanLockHolder(input.scanId, input.execution));
  deps.log(`scan aborted by a guard rail: ${input.reason} (alert email: ${email})`);
  return { aborted: true, reason: input.reason, email };
}

export interface RecordScanFailureInput {
  execution?: string;
  state: { scan?: { scanId?: string }; scanId?: string; error?: { Error?: string; Cause?: string } };
}

export async function recordScanFailure(
  deps: ScanDependencies,
  input: RecordScanFailureInput,
): Promise<{ recorded: boolean }> {
  const scanId = input.state.scan?.scanId ?? input.state.scanId;
  if (scanId === undefined) return { recorded: false };
  const existing = await deps.stateStore.getScanRun(scanId);
  if (!existing) {
    // Failed before its run was recorded, perhaps after taking the lock: let the next scan in.
    await deps.stateStore.releaseScanLock(scanLockHolder(scanId, input.execution));
    return { recorded: false };
  }
  const reason =
    `${input.state.error?.Error ?? "error"}: ${input.state.error?.Cause ?? "unknown cause"}`.slice(0, 2000);
  const run = await deps.stateStore.finishScanRun(scanId, {
    status: "failed",
    finishedAt: Date.now(),
    reason,
  });
  await deps.stateStore.appendAudit([
    {
      id: auditEntryId(scanId, "scan.failed"),
      at: run.startedAt,
      kind: "scan.failed",
      actor: `scan:${scanId}`,
      subject: scanId,
      scanId,
      detail: { reason, execution: input.execution ?? null },
    },
  ]);
  await deps.stateStore.sealAudit(scanId, run.finishedAt ?? run.startedAt);
  await deps.stateStore.releaseScanLock(scanLockHolder(scanId, input.execution));
  return { recorded: true };
}

/** The report branch's open findings by severity, as `open_<severity>` counts on the scan run. */
function openCounts(published: readonly unknown[]): Record<string, number> {
  const report = published.find(
    (p): p is { openBySeverity: Record<string, number> } =>
      typeof p === "object" && p !== null && "openBySeverity" in p,
  );
  return Object.fromEntries(
    Object.entries(report?.openBySeverity ?? {}).map(([severity, n]) => [`open_${severity}`, n]),
  );
}
