/**
 * SyncRemediationTasks: one chunk of the night's task changes, carried out in the configured sink
 * (local store, Jira, ServiceNow, webhook) at the sink's rate — each saved to its task record as
 * soon as the sink confirms it.
 *
 * Resumable: a retried chunk reads its tasks' records first, and a change a record shows this
 * scan already made (an earlier attempt) is not made again; a first attempt works from the
 * records as the plan read them. Before the chunk's time budget runs out it
 * stops starting changes and fails with a retryable error, so the Map's Retry continues it.
 *
 * Audited from the records, the authority on what was done: when the chunk completes — or, when
 * its retries are exhausted, in RecordRemediationTasksFailure — the audit trail gets one entry per
 * kind of change, referencing a blob that lists each change (ADR 0002). FinishRemediationTasks
 * adds up the chunks and writes tasks.json from those blobs (tasks-file.ts).
 */
import type { Instant } from "../../core/model.ts";
import { errorCodeOf, isTransientError, TransientError } from "../../ports/aws-errors.ts";
import { type Clock, systemClock } from "../../ports/clock.ts";
import { writeTaskChangesBlob } from "../../ports/result-blob.ts";
import { type AuditEntry, auditEntryId } from "../../ports/state-store.ts";
import { createTaskSink } from "../../ports/tasks/create-task-sink.ts";
import { applyTaskActions, type SyncedTask } from "../../ports/tasks/sync-tasks.ts";
import type { StoredTask } from "../../ports/tasks/task-store.ts";
import type { ScanDependencies } from "../scan-dependencies.ts";
import {
  readScanTaskChanges,
  type TaskChange,
  taskChangesOf,
  tasksFileOf,
  writeTasksFile,
} from "../tasks-file.ts";
import { type ChunkRef, readChunk } from "../work-chunks.ts";
import type { PlanRemediationTasksOutput, TaskChunkItem } from "./plan-remediation-tasks.ts";

export interface SyncRemediationTasksInput {
  scanId: string;
  chunk: ChunkRef;
  ratePerSecond: number | null;
  budgetMs: number;
}

export interface SyncRemediationTasksOutput {
  chunk: number;
  created: number;
  updated: number;
  closed: number;
  reopened: number;
  /** Left to another run working on the same task at the same time. */
  skipped: number;
  /** Made by an earlier attempt of this chunk (already counted there, and in the audit trail once). */
  earlierAttempt: number;
  durationMs: number;
}

export async function syncRemediationTasksStep(
  deps: ScanDependencies,
  input: SyncRemediationTasksInput,
): Promise<SyncRemediationTasksOutput> {
  const clock: Clock = deps.clock ?? systemClock;
  const started = clock.now();
  const { scanId, chunk } = input;
  const [config, run, items] = await Promise.all([
    deps.loadConfig(),
    deps.stateStore.getScanRun(scanId),
    readChunk<TaskChunkItem>(deps, chunk),
  ]);
  if (!run) throw new Error(`SyncRemediationTasks: scan ${scanId} was never started`);
  const keys = items.map((item) => item.action.key);
  const firstAttempt = await isFirstAttempt(deps, scanId, chunk);
  const current = firstAttempt ? storedAtPlan(items) : await deps.taskStore.getTasks(keys);
  const sink = createTaskSink(config.tasks, { resolveCredential: deps.resolveCredential });
  const dryRun = config.tasks?.dryRun ?? false;
  const actions = items.map((item) => item.action);
  const applied = await applyTaskActions({
    scanId,
    now: run.evaluatedAt,
    actions,
    current,
    store: deps.taskStore,
    sink,
    dryRun,
    pace: { ratePerSecond: input.ratePerSecond ?? undefined, clock, deadline: started + input.budgetMs },
  }).catch((error: unknown) => {
    // The store or the sink dropped out: what was done is in the records, the retry does the rest.
    if (isTransientError(error))
      throw new TransientError(`remediation tasks chunk ${chunk.index}: ${errorCodeOf(error)}`, {
        cause: error,
      });
    throw error;
  });
  const failed = applied.actions.filter((action) => action.outcome === "failed");
  if (failed.length > 0 || applied.stoppedAtDeadline) {
    // What this attempt did is in the records; the retry makes the rest.
    throw new TransientError(
      applied.stoppedAtDeadline
        ? `remediation tasks chunk ${chunk.index}: stopped at its time budget (${input.budgetMs} ms); a retry makes the rest`
        : `remediation tasks chunk ${chunk.index}: ${failed.length} of ${actions.length} changes failed: ` +
            failed
              .slice(0, 3)
              .map((action) => `${action.kind} ${action.key}: ${action.reason}`)
              .join("; "),
    );
  }
  const sinkName = config.tasks?.sink ?? "local";
  // Counted from the records (every attempt's changes), or in a dry run from what was planned.
  const made = dryRun
    ? await recordPlannedChanges(deps, scanId, taskChangesOf(applied.actions, sinkName, "planned"))
    : await auditTaskChunk(deps, scanId, run.startedAt, chunk, keys, sinkName, {
        // In one attempt, what it applied is all there is; after earlier attempts, the records say.
        ...(firstAttempt ? { known: taskChangesOf(applied.actions, sinkName, "applied") } : {}),
      });
  const count = (kind: SyncedTask["kind"]) => made.filter((change) => change.kind === kind).length;
  return {
    chunk: chunk.index,
    created: count("create"),
    updated: count("update"),
    closed: count("close"),
    reopened: count("reopen"),
    skipped: applied.actions.filter((action) => action.outcome === "skipped").length,
    earlierAttempt: applied.actions.filter((action) => action.earlierAttempt === true).length,
    durationMs: Math.round(clock.now() - started),
  };
}

export interface RecordRemediationTasksFailureInput {
  scanId: string;
  chunk: ChunkRef;
  error?: { Error?: string; Cause?: string };
}

/** After a chunk's last retry failed: the audit trail still gets every change it made. */
export async function recordRemediationTasksFailure(
  deps: ScanDependencies,
  input: RecordRemediationTasksFailureInput,
): Promise<{ chunk: number; recorded: number }> {
  const [config, run, items] = await Promise.all([
    deps.loadConfig(),
    deps.stateStore.getScanRun(input.scanId),
    readChunk<TaskChunkItem>(deps, input.chunk),
  ]);
  if (!run) throw new Error(`RecordRemediationTasksFailure: scan ${input.scanId} was never started`);
  if (config.tasks?.dryRun) return { chunk: input.chunk.index, recorded: 0 };
  const recorded = await auditTaskChunk(
    deps,
    input.scanId,
    run.startedAt,
    input.chunk,
    items.map((item) => item.action.key),
    config.tasks?.sink ?? "local",
    { failure: input.error?.Error ?? "error" },
  );
  return { chunk: input.chunk.index, recorded: recorded.length };
}

/** A dry run's planned changes, in a task-changes blob of their own: tasks.json lists them, marked planned. */
async function recordPlannedChanges(
  deps: ScanDependencies,
  scanId: string,
  changes: TaskChange[],
): Promise<TaskChange[]> {
  if (changes.length > 0) await writeTaskChangesBlob(deps.blobStore, scanId, changes);
  return changes;
}

/**
 * The chunk's changes as its tasks' records show them (made by this scan), one audit entry per
 * kind. Per chunk and kind, first write wins: a completed chunk's entries and a failed one's never
 * both exist.
 */
async function auditTaskChunk(
  deps: ScanDependencies,
  scanId: string,
  at: Instant,
  chunk: ChunkRef,
  keys: readonly string[],
  sink: string,
  options: { known?: TaskChange[]; failure?: string } = {},
): Promise<TaskChange[]> {
  const { failure } = options;
  const changes = options.known ?? (await changesInRecords(deps, scanId, keys, sink));
  if (changes.length === 0) return changes;
  const blob = await writeTaskChangesBlob(deps.blobStore, scanId, changes);
  const counts = new Map<string, number>();
  for (const change of changes) counts.set(change.kind, (counts.get(change.kind) ?? 0) + 1);
  const entries: AuditEntry[] = [...counts].map(([kind, count]) => ({
    id: auditEntryId(scanId, `task.${kind}`, `chunk-${chunk.index}`),
    at,
    kind: `task.${kind}`,
    actor: `scan:${scanId}`,
    subject: scanId,
    scanId,
    detail: {
      count,
      sink,
      chunk: chunk.index,
      changesKey: blob.key,
      changesSha256: blob.sha256,
      ...(failure !== undefined ? { chunkFailed: failure } : {}),
    },
  }));
  await deps.stateStore.appendAudit(entries);
  return changes;
}

export interface FinishRemediationTasksInput {
  scanId: string;
  plan: PlanRemediationTasksOutput;
  chunks: SyncRemediationTasksOutput[];
}

/** What the night did to its remediation tasks, added up over the chunks. */
export interface RemediationTasksSummary {
  scanId: string;
  sink: string;
  dryRun: boolean;
  created: number;
  updated: number;
  closed: number;
  reopened: number;
  unchanged: number;
  skipped: number;
  chunks: number;
}

/** Adds up the chunks, and writes tasks.json with every change the chunks (and their attempts) recorded. */
export async function finishRemediationTasks(
  deps: ScanDependencies,
  input: FinishRemediationTasksInput,
): Promise<RemediationTasksSummary> {
  const changes = await readScanTaskChanges(deps, input.scanId);
  await writeTasksFile(deps, tasksFileOf(input.scanId, changes, input.plan.dryRun));
  const total = (field: "created" | "updated" | "closed" | "reopened" | "skipped") =>
    input.chunks.reduce((sum, chunk) => sum + chunk[field], 0);
  return {
    scanId: input.scanId,
    sink: input.plan.sink,
    dryRun: input.plan.dryRun,
    created: total("created"),
    updated: total("updated"),
    closed: total("closed"),
    reopened: total("reopened"),
    unchanged: input.plan.unchanged,
    skipped: total("skipped"),
    chunks: input.chunks.length,
  };
}

/** The changes this scan made to the tasks `keys`, as their records show them. */
async function changesInRecords(
  deps: ScanDependencies,
  scanId: string,
  keys: readonly string[],
  sink: string,
): Promise<TaskChange[]> {
  const records = await deps.taskStore.getTasks(keys);
  const changes: TaskChange[] = [];
  for (const key of keys) {
    const record = records.get(key);
    if (record === undefined || record.scanId !== scanId || record.lastChange === undefined) continue;
    changes.push({
      kind: record.lastChange,
      key,
      title: record.title,
      sink,
      ...(record.externalId !== undefined ? { externalId: record.externalId } : {}),
      ...(record.url !== undefined ? { url: record.url } : {}),
      findingIds: record.findingIds,
    });
  }
  return changes;
}

/** True for the first attempt at a chunk: nothing of it can have been done yet. */
async function isFirstAttempt(deps: ScanDependencies, scanId: string, chunk: ChunkRef): Promise<boolean> {
  const { created } = await deps.stateStore.markStep(scanId, `remediation-tasks-chunk:${chunk.index}`, {
    items: chunk.items,
  });
  return created;
}

/** The records as the plan read them, by task key. */
function storedAtPlan(items: readonly TaskChunkItem[]): Map<string, StoredTask> {
  const stored = new Map<string, StoredTask>();
  for (const item of items) if (item.stored !== undefined) stored.set(item.action.key, item.stored);
  return stored;
}
