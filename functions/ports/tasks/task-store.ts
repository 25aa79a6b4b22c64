/**
 * Where deprov keeps its remediation task records between scans. Every write is conditional on
 * the version it replaces, so two runs at once (a retry racing a duplicate schedule) cannot both
 * open the same task: the slower one's write fails and it leaves the task to the faster one.
 */

import type { Instant } from "../../core/model.ts";
import type { TaskActionKind, TaskRecord } from "../../core/tasks/types.ts";

/** A run's hold on a task while it talks to the sink, so no other run does the same at once. */
export interface TaskClaim {
  /** The scan holding it: a retry of the same scan may take it over at once. */
  scanId: string;
  action: TaskActionKind;
  /** After this instant the claim is void: its holder crashed or gave up. */
  until: Instant;
}

export interface StoredTask extends TaskRecord {
  /** 1 for the first write, bumped by every write. */
  version: number;
  claim?: TaskClaim;
}

export interface TaskStore {
  listTasks(): Promise<StoredTask[]>;
  getTask(key: string): Promise<StoredTask | undefined>;
  /** The records of many tasks at once (those that exist), by key. */
  getTasks(keys: readonly string[]): Promise<Map<string, StoredTask>>;
  /**
   * Writes `task` as version `expectedVersion + 1`, replacing the whole record, if the stored
   * version is still `expectedVersion` (0: no record yet). Throws `TaskVersionConflictError`
   * otherwise.
   */
  putTask(task: TaskRecord & { claim?: TaskClaim }, expectedVersion: number): Promise<StoredTask>;
  /**
   * Writes many tasks that did not exist when the run listed them, as version 1, in batches and
   * without a condition. Only for tasks that live in the store alone (the local sink): two runs
   * racing on one of them write the same record, so nothing is lost — and a first scan of a large
   * org opens thousands of tasks at once.
   */
  createTasks(tasks: readonly TaskRecord[]): Promise<StoredTask[]>;
}

export class TaskVersionConflictError extends Error {
  constructor(
    readonly key: string,
    readonly expectedVersion: number,
  ) {
    super(
      expectedVersion === 0
        ? `task ${key}: another run created it first`
        : `task ${key}: another run changed it after version ${expectedVersion}`,
    );
    this.name = "TaskVersionConflictError";
  }
}
