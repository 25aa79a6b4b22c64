/**
 * RemediationTasks: one task per leaver and per system from the persisted open findings —
 * created once, updated while open, closed when the findings resolve, reopened if they return —
 * in the configured sink (local store, Jira, ServiceNow, webhook). The changes go into one blob
 * per scan attempt, and the audit trail gets one entry per kind of change referencing it by key and
 * SHA-256 — as finding transitions do (ADR 0002): a first scan of a large org opens thousands of
 * tasks, and one audit item each would cost thousands of conditional writes. tasks.json lists what
 * the scan's attempts changed (tasks-file.ts).
 */
import type { Instant } from "../../core/model.ts";
import { writeTaskChangesBlob } from "../../ports/result-blob.ts";
import { type AuditEntry, auditEntryId } from "../../ports/state-store.ts";
import { createTaskSink } from "../../ports/tasks/create-task-sink.ts";
import {
  type SyncedTask,
  type SyncRemediationTasksResult,
  syncRemediationTasks,
  TaskSyncError,
} from "../../ports/tasks/sync-tasks.ts";
import { blobKeys } from "../blob-keys.ts";
import type { ScanDependencies } from "../scan-dependencies.ts";
import {
  type TaskChange,
  taskChangesOf,
  tasksFileOf,
  writeScanTasksFile,
  writeTasksFile,
} from "../tasks-file.ts";
import { loadResultFindings, type ScanMeta } from "./persist-findings.ts";
import { getJson } from "./source-snapshot.ts";

export interface SyncRemediationTasksInput {
  scanId: string;
}

export interface SyncRemediationTasksOutput {
  scanId: string;
  sink: string;
  dryRun: boolean;
  created: number;
  updated: number;
  closed: number;
  reopened: number;
  unchanged: number;
  skipped: number;
  durationMs: number;
}

export async function syncRemediationTasksStep(
  deps: ScanDependencies,
  input: SyncRemediationTasksInput,
): Promise<SyncRemediationTasksOutput> {
  const started = performance.now();
  const config = await deps.loadConfig();
  const run = await deps.stateStore.getScanRun(input.scanId);
  if (!run) throw new Error(`RemediationTasks: scan ${input.scanId} was never started`);
  // The stored tasks are read from the state while the findings load.
  const storedTasks = deps.taskStore.listTasks();
  storedTasks.catch(() => {});
  const [findings, meta] = await Promise.all([
    loadResultFindings(deps, input.scanId),
    getJson<ScanMeta>(deps.blobStore, blobKeys.scanMeta(input.scanId)),
  ]);
  if (!meta) throw new Error(`RemediationTasks: scan ${input.scanId} has no metadata blob`);
  const sink = createTaskSink(config.tasks, { resolveCredential: deps.resolveCredential });
  const dryRun = config.tasks?.dryRun ?? false;
  const sinkName = config.tasks?.sink ?? "local";
  let synced: SyncRemediationTasksResult;
  try {
    synced = await syncRemediationTasks({
      scanId: input.scanId,
      now: run.evaluatedAt,
      findings,
      people: meta.people,
      store: deps.taskStore,
      storedTasks,
      sink,
      dryRun,
    });
  } catch (error) {
    // What was carried out before other changes failed is recorded all the same: the retry finds
    // those tasks done and would never record them.
    if (error instanceof TaskSyncError && !dryRun) {
      await recordTaskChanges(deps, input.scanId, run.startedAt, error.result.actions, sinkName);
    }
    throw error;
  }
  if (dryRun) {
    const planned = taskChangesOf(synced.actions, sinkName, "planned");
    await writeTasksFile(deps, tasksFileOf(input.scanId, planned, true));
  } else {
    await recordTaskChanges(deps, input.scanId, run.startedAt, synced.actions, sinkName);
  }
  return {
    scanId: input.scanId,
    sink: sinkName,
    dryRun,
    created: synced.created,
    updated: synced.updated,
    closed: synced.closed,
    reopened: synced.reopened,
    unchanged: synced.unchanged,
    skipped: synced.skipped,
    durationMs: Math.round(performance.now() - started),
  };
}

/**
 * The applied changes of this attempt: their blob, one audit entry per kind referencing it, and
 * tasks.json with every change this scan's attempts made.
 */
async function recordTaskChanges(
  deps: ScanDependencies,
  scanId: string,
  at: Instant,
  actions: readonly SyncedTask[],
  sink: string,
): Promise<void> {
  const changes = taskChangesOf(actions, sink, "applied");
  const blobKey = await auditTaskChanges(deps, scanId, at, sink, changes);
  await writeScanTasksFile(deps, scanId, { blobKey, changes });
}

/** Resolves to the key of the blob the changes went into; undefined when there were none. */
async function auditTaskChanges(
  deps: ScanDependencies,
  scanId: string,
  at: Instant,
  sink: string,
  changes: readonly TaskChange[],
): Promise<string | undefined> {
  if (changes.length === 0) return undefined;
  const blob = await writeTaskChangesBlob(deps.blobStore, scanId, changes);
  const counts = new Map<string, number>();
  for (const change of changes) counts.set(change.kind, (counts.get(change.kind) ?? 0) + 1);
  const entries: AuditEntry[] = [...counts].map(([kind, count]) => ({
    // Per blob: a retry that recomputes the same changes writes nothing twice (first write wins).
    id: auditEntryId(scanId, `task.${kind}`, blob.sha256),
    at,
    kind: `task.${kind}`,
    actor: `scan:${scanId}`,
    subject: scanId,
    scanId,
    detail: { count, sink, changesKey: blob.key, changesSha256: blob.sha256 },
  }));
  await deps.stateStore.appendAudit(entries);
  return blob.key;
}
