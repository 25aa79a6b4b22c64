/** The task store in memory, for unit tests: the same contract as the DynamoDB one. */

import type { TaskRecord } from "../../functions/core/tasks/types.ts";
import { fitItem } from "../../functions/ports/fit-item.ts";
import {
  type StoredTask,
  type TaskClaim,
  type TaskStore,
  TaskVersionConflictError,
} from "../../functions/ports/tasks/task-store.ts";

export class MemoryTaskStore implements TaskStore {
  private readonly tasks = new Map<string, StoredTask>();

  async listTasks(): Promise<StoredTask[]> {
    return [...this.tasks.values()].sort((a, b) => (a.key < b.key ? -1 : 1)).map(copy);
  }

  async getTask(key: string): Promise<StoredTask | undefined> {
    const task = this.tasks.get(key);
    return task === undefined ? undefined : copy(task);
  }

  async getTasks(keys: readonly string[]): Promise<Map<string, StoredTask>> {
    const found = new Map<string, StoredTask>();
    for (const key of keys) {
      const task = this.tasks.get(key);
      if (task !== undefined) found.set(key, copy(task));
    }
    return found;
  }

  async createTasks(tasks: readonly TaskRecord[]): Promise<StoredTask[]> {
    return tasks.map((task) => {
      const stored = copy({ ...fitItem(task), version: 1 });
      this.tasks.set(task.key, stored);
      return copy(stored);
    });
  }

  async putTask(task: TaskRecord & { claim?: TaskClaim }, expectedVersion: number): Promise<StoredTask> {
    const current = this.tasks.get(task.key)?.version ?? 0;
    if (current !== expectedVersion) throw new TaskVersionConflictError(task.key, expectedVersion);
    const stored = copy({ ...fitItem(task), version: expectedVersion + 1 });
    this.tasks.set(task.key, stored);
    return copy(stored);
  }
}

/** Callers must not reach into the store through a returned object, nor the store into theirs. */
function copy(task: StoredTask): StoredTask {
  return structuredClone(task);
}
