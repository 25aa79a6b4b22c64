/**
 * PlanRemediationTasks: groups the scan's open findings into tasks (one per leaver and per system),
 * decides what each task needs — created, updated, closed, reopened — against the stored records,
 * and cuts those changes into chunks for SyncRemediationTasks, each sized so that at the task
 * system's rate it finishes well inside its Lambda's timeout. A first night of a large org opens
 * thousands of tickets; Jira or ServiceNow take a few a second.
 */
import type { TaskAction } from "../../core/tasks/types.ts";
import { getJson } from "../../ports/json-blob.ts";
import { planRemediationTasks } from "../../ports/tasks/sync-tasks.ts";
import type { StoredTask } from "../../ports/tasks/task-store.ts";
import { blobKeys } from "../contract/blob-keys.ts";
import type { ScanDependencies } from "../scan-dependencies.ts";
import { type ChunkRef, chunkBudgetMs, chunkSize, writeChunks } from "../work-chunks.ts";
import { loadResultFindings, type ScanMeta } from "./persist-findings.ts";

/** One change of a chunk, with the task's record as the plan read it (absent: no record yet). */
export interface TaskChunkItem {
  action: TaskAction;
  stored?: StoredTask;
}

export interface PlanRemediationTasksInput {
  scanId: string;
}

export interface PlanRemediationTasksOutput {
  scanId: string;
  sink: string;
  dryRun: boolean;
  chunks: ChunkRef[];
  /** Task changes a second each chunk may send; `null`: no limit (tasks kept in deprov's store only). */
  ratePerSecond: number | null;
  budgetMs: number;
  /** Planned changes by kind. */
  planned: { create: number; update: number; close: number; reopen: number };
  /** Open tasks whose findings did not change. */
  unchanged: number;
}

/** The Lambda timeout of SyncRemediationTasks (functions/handlers/catalogue.ts): chunks are sized to it. */
export const SYNC_REMEDIATION_TASKS_TIMEOUT_SECONDS = 600;
/** Task changes per chunk at most: bounds a chunk's memory and what a retry re-reads. */
export const MAX_TASK_CHANGES_PER_CHUNK = 2_000;

export async function planRemediationTasksStep(
  deps: ScanDependencies,
  input: PlanRemediationTasksInput,
): Promise<PlanRemediationTasksOutput> {
  const { scanId } = input;
  const config = await deps.loadConfig();
  // The stored tasks are read from the state while the findings load.
  const storedTasks = deps.taskStore.listTasks();
  storedTasks.catch(() => {});
  const [findings, meta] = await Promise.all([
    loadResultFindings(deps, scanId),
    getJson<ScanMeta>(deps.blobStore, blobKeys.scanMeta(scanId)),
  ]);
  if (!meta) throw new Error(`PlanRemediationTasks: scan ${scanId} has no metadata blob`);
  const stored = await storedTasks;
  const plan = planRemediationTasks({ scanId, findings, people: meta.people, stored });
  const storedByKey = new Map(stored.map((task) => [task.key, task]));
  const items: TaskChunkItem[] = plan.actions.map((action) => {
    const record = storedByKey.get(action.key);
    return record === undefined ? { action } : { action, stored: record };
  });

  const tasks = config.tasks;
  const rate = tasks === undefined || tasks.sink === "local" ? undefined : tasks.maxTasksPerSecond;
  const size = chunkSize({
    ratePerSecond: rate,
    timeoutSeconds: SYNC_REMEDIATION_TASKS_TIMEOUT_SECONDS,
    maxItems: MAX_TASK_CHANGES_PER_CHUNK,
  });
  const chunks = await writeChunks(deps, items, size, (index) => blobKeys.taskChunk(scanId, index));
  const planned = { create: 0, update: 0, close: 0, reopen: 0 };
  for (const action of plan.actions) planned[action.kind]++;
  return {
    scanId,
    sink: tasks?.sink ?? "local",
    dryRun: tasks?.dryRun ?? false,
    chunks,
    ratePerSecond: rate ?? null,
    budgetMs: chunkBudgetMs(SYNC_REMEDIATION_TASKS_TIMEOUT_SECONDS),
    planned,
    unchanged: plan.unchanged,
  };
}
