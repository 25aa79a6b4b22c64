/**
 * Remediation task events to any HTTPS endpoint: a signed JSON POST per event (`created`,
 * `updated`, `closed`, `reopened`). The receiver owns the tasks; the task key is its id, so a
 * repeated `created` for the same key is the receiver's cue that it already has the task.
 */
import { randomUUID } from "node:crypto";
import type { Instant } from "../../core/model.ts";
import { renderTaskText } from "../../core/tasks/task-text.ts";
import type { TaskGroup } from "../../core/tasks/types.ts";
import { SinkHttpClient, type SinkHttpClientOptions, type SinkRequest } from "./sink-http-client.ts";
import type { CreatedTask, PlannedRequest, TaskSink, TaskSinkCall } from "./task-sink.ts";
import {
  DELIVERY_HEADER,
  EVENT_HEADER,
  SIGNATURE_HEADER,
  signWebhookDelivery,
  TIMESTAMP_HEADER,
} from "./webhook-signature.ts";

export type WebhookEvent = "created" | "updated" | "closed" | "reopened";

export interface WebhookTaskSinkOptions {
  url: string;
  /** The HMAC key; asked for only when an event is sent. */
  secret: () => Promise<string>;
  /** One id per delivery (the same across retries of it); injectable for tests. */
  deliveryId?: () => string;
  /** The clock that dates each signature; injectable for tests. */
  now?: () => Instant;
  http?: Omit<SinkHttpClientOptions, "sink" | "baseUrl" | "authorization" | "showPath">;
}

/** The `task` of an event: everything a receiver needs to open or update its own ticket. */
export interface WebhookTask {
  key: string;
  kind?: TaskGroup["kind"];
  title?: string;
  severity?: TaskGroup["severity"];
  findingIds?: string[];
  contentHash?: string;
  body?: TaskGroup["body"];
  /** The body as plain text. */
  text?: string;
}

export interface WebhookPayload {
  event: WebhookEvent;
  task: WebhookTask;
  /** On `closed`: why. */
  comment?: string;
}

export class WebhookTaskSink implements TaskSink {
  readonly name = "webhook";
  readonly external = true;
  private readonly client: SinkHttpClient;
  private readonly deliveryId: () => string;
  private readonly now: () => Instant;

  constructor(private readonly options: WebhookTaskSinkOptions) {
    // The URL may carry a token of its own (many receivers work that way): errors show the host only.
    this.client = new SinkHttpClient({
      ...options.http,
      sink: "webhook",
      baseUrl: options.url,
      showPath: false,
    });
    this.deliveryId = options.deliveryId ?? randomUUID;
    this.now = options.now ?? Date.now;
  }

  async create(task: TaskGroup): Promise<CreatedTask> {
    await this.deliver(payloadOf({ kind: "create", task }));
    return { externalId: task.key };
  }

  async update(externalId: string, task: TaskGroup): Promise<void> {
    await this.deliver(payloadOf({ kind: "update", externalId, task }));
  }

  async close(externalId: string, comment: string): Promise<void> {
    await this.deliver(payloadOf({ kind: "close", externalId, comment }));
  }

  async reopen(externalId: string, task: TaskGroup): Promise<void> {
    await this.deliver(payloadOf({ kind: "reopen", externalId, task }));
  }

  preview(call: TaskSinkCall): PlannedRequest[] {
    return [this.client.plan({ method: "POST", path: "", json: payloadOf(call) })];
  }

  private async deliver(payload: WebhookPayload): Promise<void> {
    const body = JSON.stringify(payload);
    const deliveryId = this.deliveryId();
    const timestamp = Math.floor(this.now() / 1000);
    const signature = signWebhookDelivery(await this.options.secret(), { timestamp, deliveryId, body });
    const request: SinkRequest = {
      method: "POST",
      path: "",
      body,
      // Each delivery keeps its id across resends, so a receiver can drop a duplicate.
      idempotent: true,
      headers: {
        [SIGNATURE_HEADER]: signature,
        [TIMESTAMP_HEADER]: String(timestamp),
        [DELIVERY_HEADER]: deliveryId,
        [EVENT_HEADER]: payload.event,
      },
    };
    await this.client.request(request);
  }
}

function payloadOf(call: TaskSinkCall): WebhookPayload {
  switch (call.kind) {
    case "create":
      return { event: "created", task: webhookTask(call.task) };
    case "update":
      return { event: "updated", task: webhookTask(call.task, call.externalId) };
    case "close":
      return { event: "closed", task: { key: call.externalId }, comment: call.comment };
    case "reopen":
      return { event: "reopened", task: webhookTask(call.task, call.externalId) };
  }
}

function webhookTask(task: TaskGroup, key = task.key): WebhookTask {
  return {
    key,
    kind: task.kind,
    title: task.title,
    severity: task.severity,
    findingIds: task.findingIds,
    contentHash: task.contentHash,
    body: task.body,
    text: renderTaskText(task.body),
  };
}
