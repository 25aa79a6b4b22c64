/** StartScan: opens the scan run (idempotently) and lists the sources to collect. */
import { toIso } from "../../core/time.ts";
import { auditEntryId } from "../../ports/state-store.ts";
import { scanIdFor } from "../run-scan.ts";
import type { ScanDependencies } from "../scan-dependencies.ts";
import { SCAN_LOCK_TTL_MS, ScanAlreadyRunningError, scanLockHolder } from "../scan-lock.ts";
import { assertAfterLastScan } from "../scan-order.ts";

export interface StartScanInput {
  /** Given by the CLI; derived from the organization and the evaluation instant otherwise. */
  scanId?: string;
  /** Evaluation instant (ISO 8601); defaults to the scheduled time, else the current time. */
  now?: string;
  trigger?: string;
  /** EventBridge Scheduler's `<aws.scheduler.scheduled-time>`: a redelivered schedule gets the same scan id. */
  scheduledTime?: string;
  acceptRosterChange?: { by: string; reason: string };
  /** `--accept-source-change SOURCE`: a suspect source's change is accepted for this scan (SPEC §5). */
  acceptSourceChanges?: { sourceId: string; by: string; reason: string }[];
  /** The Step Functions execution running the scan: it holds the scan lock. */
  execution?: string;
}

export interface StartScanOutput {
  scanId: string;
  evaluatedAt: string;
  sources: { sourceId: string }[];
}

export const ACCEPT_ROSTER_CHANGE_STEP = "accept-roster-change";

/** The step marker that records an accepted change of one source, with who and why. */
export function acceptSourceChangeStep(sourceId: string): string {
  return `accept-source-change:${sourceId}`;
}

/** Who accepted a change, and why (a step marker's result). */
export interface Acceptance {
  [key: string]: string;
  by: string;
  reason: string;
}

export async function startScan(deps: ScanDependencies, input: StartScanInput): Promise<StartScanOutput> {
  const config = await deps.loadConfig();
  const nowText = input.now ?? input.scheduledTime;
  const evaluatedAt = nowText === undefined ? Date.now() : Date.parse(nowText);
  if (Number.isNaN(evaluatedAt))
    throw new Error(`StartScan: "now" must be an ISO 8601 instant, got "${nowText}"`);
  const scanId = input.scanId ?? scanIdFor(config.organization, evaluatedAt);
  const unknown = (input.acceptSourceChanges ?? []).filter(
    (a) => !config.sources.some((s) => s.id === a.sourceId),
  );
  if (unknown.length > 0) {
    throw new Error(
      `StartScan: accept-source-change names no configured source: ${unknown.map((a) => `"${a.sourceId}"`).join(", ")} (the sources are ${config.sources.map((s) => s.id).join(", ")})`,
    );
  }
  assertAfterLastScan(evaluatedAt, await deps.stateStore.latestSuccessfulScan(), scanId);
  const holder = scanLockHolder(scanId, input.execution);
  await takeScanLock(deps, scanId, holder);

  const { run, created } = await deps.stateStore.startScanRun({
    scanId,
    status: "running",
    startedAt: Date.now(),
    evaluatedAt,
    trigger: input.trigger ?? "manual",
    organization: config.organization,
    timezone: config.timezone,
    execution: holder,
  });
  if (created) {
    await deps.stateStore.appendAudit([
      {
        id: auditEntryId(scanId, "scan.started"),
        at: run.startedAt,
        kind: "scan.started",
        actor: `scan:${scanId}`,
        subject: scanId,
        scanId,
        detail: {
          trigger: run.trigger ?? "manual",
          evaluatedAt: toIso(evaluatedAt),
          sources: config.sources.length,
        },
      },
    ]);
  }
  if (input.acceptRosterChange) {
    // Recorded before the guard rail runs, with who accepted it and why (SPEC §5).
    const { created: accepted } = await deps.stateStore.markStep(
      scanId,
      ACCEPT_ROSTER_CHANGE_STEP,
      input.acceptRosterChange,
    );
    if (accepted) {
      await deps.stateStore.appendAudit([
        {
          id: auditEntryId(scanId, "roster-change.accepted"),
          at: run.startedAt,
          kind: "roster-change.accepted",
          actor: `user:${input.acceptRosterChange.by}`,
          subject: scanId,
          scanId,
          detail: { reason: input.acceptRosterChange.reason },
        },
      ]);
    }
  }
  for (const acceptance of input.acceptSourceChanges ?? []) {
    const { sourceId, by, reason } = acceptance;
    const { created: accepted } = await deps.stateStore.markStep<Acceptance>(
      scanId,
      acceptSourceChangeStep(sourceId),
      { by, reason },
    );
    if (accepted) {
      await deps.stateStore.appendAudit([
        {
          id: auditEntryId(scanId, "source-change.accepted", sourceId),
          at: run.startedAt,
          kind: "source-change.accepted",
          actor: `user:${by}`,
          subject: sourceId,
          scanId,
          detail: { reason },
        },
      ]);
    }
  }
  return {
    scanId,
    evaluatedAt: toIso(run.evaluatedAt),
    sources: config.sources.map((s) => ({ sourceId: s.id })),
  };
}

/** Takes the scan lock, or records the refusal in the audit trail and fails the start. */
async function takeScanLock(deps: ScanDependencies, scanId: string, holder: string): Promise<void> {
  // Real time, not the evaluation instant: the lock bounds how long an execution may run.
  const now = Date.now();
  const taken = await deps.stateStore.acquireScanLock({
    holder,
    scanId,
    acquiredAt: now,
    until: now + SCAN_LOCK_TTL_MS,
  });
  if (taken.acquired) return;
  const { current } = taken;
  await deps.stateStore.appendAudit([
    {
      id: auditEntryId(scanId, "scan.refused", holder),
      at: now,
      kind: "scan.refused",
      actor: `scan:${scanId}`,
      subject: scanId,
      scanId,
      detail: { runningScanId: current.scanId, lockedUntil: toIso(current.until) },
    },
  ]);
  throw new ScanAlreadyRunningError(
    `scan ${scanId} not started: scan ${current.scanId} is running (it holds the scan lock until ${toIso(current.until)})`,
  );
}
