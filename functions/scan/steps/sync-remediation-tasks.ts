/**
 * RemediationTasks: one task per leaver and per system from the persisted open findings —
 * created once, updated while open, closed when the findings resolve, reopened if they return —
 * in the configured sink (local store, Jira, ServiceNow, webhook). Each change is audited.
 */
import { auditEntryId } from "../../ports/state-store.ts";
import { createTaskSink } from "../../ports/tasks/create-task-sink.ts";
import { syncRemediationTasks } from "../../ports/tasks/sync-tasks.ts";
import { blobKeys } from "../blob-keys.ts";
import type { ScanDependencies } from "../scan-dependencies.ts";
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
  const [findings, meta] = await Promise.all([
    loadResultFindings(deps, input.scanId),
    getJson<ScanMeta>(deps.blobStore, blobKeys.scanMeta(input.scanId)),
  ]);
  if (!meta) throw new Error(`RemediationTasks: scan ${input.scanId} has no metadata blob`);
  const sink = createTaskSink(config.tasks, { resolveCredential: deps.resolveCredential });
  const dryRun = config.tasks?.dryRun ?? false;
  const synced = await syncRemediationTasks({
    scanId: input.scanId,
    now: run.evaluatedAt,
    findings,
    people: meta.people,
    store: deps.taskStore,
    sink,
    dryRun,
  });
  if (!dryRun) {
    await deps.stateStore.appendAudit(
      synced.actions
        .filter((a) => a.outcome === "applied")
        .map((a) => ({
          id: auditEntryId(input.scanId, `task.${a.kind}`, a.key),
          at: run.startedAt,
          kind: `task.${a.kind}`,
          actor: `scan:${input.scanId}`,
          subject: a.key,
          scanId: input.scanId,
          detail: {
            sink: config.tasks?.sink ?? "local",
            ...(a.externalId !== undefined ? { externalId: a.externalId } : {}),
          },
        })),
    );
  }
  return {
    scanId: input.scanId,
    sink: config.tasks?.sink ?? "local",
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
