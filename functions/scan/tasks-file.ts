/**
 * tasks.json (SPEC §1, §6): the remediation tasks this scan created, updated, closed or reopened,
 * with their findings and the sink's key for each — what to look for in Jira or ServiceNow
 * tomorrow morning. Locally it goes into the output folder beside report.html; in AWS into the
 * blob store beside the report (`reports/<scanId>/tasks.json`). A scan that changed no task still
 * writes it, empty, so the file never shows an earlier scan's changes as this one's.
 *
 * Each attempt of the task step (a retry after some sink calls failed; later, each chunk of a
 * large sync) records the changes it carried out in a task-changes blob of its own (ADR 0002).
 * The file is the union of those blobs: a retry finds the tasks an earlier attempt changed
 * already done, yet they are this scan's changes all the same.
 */

import { join } from "node:path";
import { taskSubjectOf } from "../core/tasks/task-subject.ts";
import type { TaskActionKind } from "../core/tasks/types.ts";
import { readJsonLinesBlob } from "../ports/json-lines-blob.ts";
import type { SyncedTask, SyncOutcome } from "../ports/tasks/sync-tasks.ts";
import { makePrivateDir, writePrivateFile } from "../shared/private-files.ts";
import { blobKeys } from "./contract/blob-keys.ts";
import type { ScanDependencies } from "./scan-dependencies.ts";

export const TASKS_FILE = "tasks.json";

export type TaskChangeName = "created" | "updated" | "closed" | "reopened";

export interface TaskFileEntry {
  /** The task's stable key: `leaver:<employeeId>`, `system:<sourceId>`, `system:<sourceId>:hygiene`. */
  id: string;
  sink: string;
  title: string;
  personId: string | null;
  sourceId: string | null;
  change: TaskChangeName;
  findingIds: readonly string[];
  /** The sink's own key (Jira issue key, ServiceNow sys_id; the task key locally); null if none yet. */
  externalKey: string | null;
  url?: string;
}

export interface TasksFile {
  schemaVersion: 1;
  scanId: string;
  /** `tasks.dryRun`: the changes were planned, and nothing was sent or stored. */
  dryRun?: true;
  tasks: TaskFileEntry[];
}

/** One line of a task-changes blob: a change one attempt carried out (or, in a dry run, planned). */
export interface TaskChange {
  kind: TaskActionKind;
  key: string;
  title: string;
  sink: string;
  externalId?: string;
  url?: string;
  /** The task's open findings after the change; for a close, those it had. */
  findingIds: readonly string[];
}

const CHANGE_NAMES: Record<TaskActionKind, TaskChangeName> = {
  create: "created",
  update: "updated",
  close: "closed",
  reopen: "reopened",
};

/** The actions with `outcome` (`applied`; in a dry run, `planned`) as change records. */
export function taskChangesOf(
  actions: readonly SyncedTask[],
  sink: string,
  outcome: Extract<SyncOutcome, "applied" | "planned">,
): TaskChange[] {
  return actions
    .filter((action) => action.outcome === outcome)
    .map((action) => ({
      kind: action.kind,
      key: action.key,
      title: action.title,
      sink,
      ...(action.externalId !== undefined ? { externalId: action.externalId } : {}),
      ...(action.url !== undefined ? { url: action.url } : {}),
      findingIds: action.findingIds,
    }));
}

/** The file for `changes`, one entry per task (a task changed by two attempts: the later record), in key order. */
export function tasksFileOf(scanId: string, changes: Iterable<TaskChange>, dryRun = false): TasksFile {
  const byKey = new Map<string, TaskChange>();
  for (const change of changes) byKey.set(change.key, change);
  const tasks = [...byKey.values()]
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((change): TaskFileEntry => {
      const subject = taskSubjectOf(change.key);
      return {
        id: change.key,
        sink: change.sink,
        title: change.title,
        personId: subject?.personId ?? null,
        sourceId: subject?.sourceId ?? null,
        change: CHANGE_NAMES[change.kind],
        findingIds: change.findingIds,
        externalKey: change.externalId ?? null,
        ...(change.url === undefined ? {} : { url: change.url }),
      };
    });
  return { schemaVersion: 1, scanId, ...(dryRun ? { dryRun: true } : {}), tasks };
}

/** The changes recorded by this scan's attempts: every task-changes blob of the scan but `except` (the caller's own). */
export async function readScanTaskChanges(
  deps: Pick<ScanDependencies, "blobStore">,
  scanId: string,
  except?: string,
): Promise<TaskChange[]> {
  const keys = (await deps.blobStore.list(blobKeys.taskChangesPrefix(scanId))).filter(
    (key) => key !== except,
  );
  const changes: TaskChange[] = [];
  for (const key of keys) {
    const lines = await readJsonLinesBlob<TaskChange>(deps.blobStore, key);
    if (lines === undefined)
      throw new Error(`scan ${scanId}: task-changes blob ${key} was listed but cannot be read`);
    changes.push(...lines);
  }
  return changes;
}

/** One task a line: a first scan of a large org opens thousands, with six figures of finding ids. */
export function renderTasksJson(file: TasksFile): string {
  const { tasks, ...head } = file;
  const headJson = JSON.stringify(head).slice(0, -1);
  if (tasks.length === 0) return `${headJson},"tasks":[]}\n`;
  return `${headJson},"tasks":[\n${tasks.map((task) => JSON.stringify(task)).join(",\n")}\n]}\n`;
}

/**
 * tasks.json with every change this scan's attempts (or chunks) recorded in their task-changes
 * blobs. A caller that has just written its own blob passes its key and changes, which are then
 * not read back. Resolves to where the file went.
 */
export async function writeScanTasksFile(
  deps: Pick<ScanDependencies, "blobStore" | "outputDir">,
  scanId: string,
  own: { blobKey: string | undefined; changes: readonly TaskChange[] } = { blobKey: undefined, changes: [] },
): Promise<string> {
  const earlier = await readScanTaskChanges(deps, scanId, own.blobKey);
  return writeTasksFile(deps, tasksFileOf(scanId, [...earlier, ...own.changes]));
}

/** Writes the file where this runtime keeps the scan's outputs; resolves to where it went. */
export async function writeTasksFile(
  deps: Pick<ScanDependencies, "blobStore" | "outputDir">,
  file: TasksFile,
): Promise<string> {
  const json = renderTasksJson(file);
  if (deps.outputDir !== undefined) {
    await makePrivateDir(deps.outputDir);
    const path = join(deps.outputDir, TASKS_FILE);
    await writePrivateFile(path, json);
    return path;
  }
  const key = blobKeys.report(file.scanId, TASKS_FILE);
  await deps.blobStore.put(key, json, { contentType: "application/json" });
  return key;
}
