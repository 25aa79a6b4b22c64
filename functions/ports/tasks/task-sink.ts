/**
 * Where remediation tasks go (SPEC §6): deprov's own store, Jira, ServiceNow or a webhook. Every
 * sink creates idempotently by task key: before opening an issue it looks for one already carrying
 * the key, so a run that crashed after creating but before saving its record never duplicates it.
 */
import type { TaskGroup } from "../../core/tasks/types.ts";

export interface CreatedTask {
  externalId: string;
  url?: string;
}

export type TaskSinkCall =
  | { kind: "create"; task: TaskGroup }
  | { kind: "update"; externalId: string; task: TaskGroup }
  | { kind: "close"; externalId: string; comment: string }
  | { kind: "reopen"; externalId: string; task: TaskGroup };

/** One request a sink would send, as a dry run records it. */
export interface PlannedRequest {
  method: string;
  url: string;
  body?: unknown;
}

export interface TaskSink {
  /** `local`, `jira`, `servicenow`, `webhook`. */
  readonly name: string;
  /** False when tasks live only in deprov's store: then there is no outside call to guard. */
  readonly external: boolean;
  create(task: TaskGroup): Promise<CreatedTask>;
  update(externalId: string, task: TaskGroup): Promise<void>;
  close(externalId: string, comment: string): Promise<void>;
  reopen(externalId: string, task: TaskGroup): Promise<void>;
  /** The requests `call` would send, without sending anything or reading a credential. */
  preview(call: TaskSinkCall): PlannedRequest[];
}
