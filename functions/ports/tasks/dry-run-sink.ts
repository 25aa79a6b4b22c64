/**
 * A dry run (`tasks.dryRun`): records what the real sink would send, per call, and sends nothing.
 * It reads no credential either, so a configuration can be previewed before its secrets exist.
 */
import type { TaskGroup } from "../../core/tasks/types.ts";
import type { CreatedTask, PlannedRequest, TaskSink, TaskSinkCall } from "./task-sink.ts";

export interface RecordedCall {
  call: TaskSinkCall;
  requests: PlannedRequest[];
}

export class DryRunSink implements TaskSink {
  readonly name: string;
  readonly external = false;
  readonly recorded: RecordedCall[] = [];

  constructor(private readonly target: TaskSink) {
    this.name = target.name;
  }

  async create(task: TaskGroup): Promise<CreatedTask> {
    this.record({ kind: "create", task });
    return { externalId: `dry-run:${task.key}` };
  }

  async update(externalId: string, task: TaskGroup): Promise<void> {
    this.record({ kind: "update", externalId, task });
  }

  async close(externalId: string, comment: string): Promise<void> {
    this.record({ kind: "close", externalId, comment });
  }

  async reopen(externalId: string, task: TaskGroup): Promise<void> {
    this.record({ kind: "reopen", externalId, task });
  }

  preview(call: TaskSinkCall): PlannedRequest[] {
    return this.target.preview(call);
  }

  private record(call: TaskSinkCall): void {
    this.recorded.push({ call, requests: this.target.preview(call) });
  }
}
