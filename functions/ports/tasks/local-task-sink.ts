/** Tasks kept in deprov's own store only (the default): the record is the task. */
import type { TaskGroup } from "../../core/tasks/types.ts";
import type { CreatedTask, PlannedRequest, TaskSink } from "./task-sink.ts";

export class LocalTaskSink implements TaskSink {
  readonly name = "local";
  readonly external = false;

  async create(task: TaskGroup): Promise<CreatedTask> {
    return { externalId: task.key };
  }

  async update(): Promise<void> {}

  async close(): Promise<void> {}

  async reopen(): Promise<void> {}

  preview(): PlannedRequest[] {
    return [];
  }
}
