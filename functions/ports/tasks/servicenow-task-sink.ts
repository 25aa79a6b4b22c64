/**
 * Remediation tasks as ServiceNow records through the Table API (an `incident` by default). The
 * task key goes into `correlation_id`, the field ServiceNow keeps for an external system's id, and
 * creation first queries it, so a lost task record finds its ServiceNow record again.
 */
import { hash } from "node:crypto";
import { z } from "zod";
import type { Severity } from "../../core/finding.ts";
import { oneLine } from "../../core/one-line.ts";
import { renderTaskText } from "../../core/tasks/task-text.ts";
import type { TaskGroup } from "../../core/tasks/types.ts";
import {
  basicAuthorization,
  SinkHttpClient,
  type SinkHttpClientOptions,
  type SinkRequest,
} from "./sink-http-client.ts";
import type { CreatedTask, PlannedRequest, TaskSink, TaskSinkCall } from "./task-sink.ts";

export interface ServiceNowTaskSinkOptions {
  /** `https://<instance>.service-now.com`. */
  instanceUrl: string;
  table: string;
  username: string;
  /** Asked for only when a request is sent: a dry run never reads it. */
  password: () => Promise<string>;
  /** The assignment group's sys_id (or name). */
  assignmentGroup?: string;
  /** `state` that resolves a record (incident: 6, Resolved). */
  resolveState: string;
  /** `state` that reopens one (incident: 2, In Progress). */
  reopenState: string;
  /** `close_code` set on resolving (mandatory on incidents). */
  closeCode: string;
  http?: Omit<SinkHttpClientOptions, "sink" | "baseUrl" | "authorization">;
}

/** Incident's own "Closed" besides the configured resolve state: both mean nothing left to do. */
const CLOSED_STATE = "7";
const CORRELATION_DISPLAY = "deprov";
/** Both are String(100) and String(160) on the task table. */
const MAX_CORRELATION_ID_CHARS = 100;
const MAX_SHORT_DESCRIPTION_CHARS = 160;

/** Impact and urgency (1 high … 3 low): the priority matrix turns them into P1…P5. */
const IMPACT_URGENCY: Record<Severity, { impact: string; urgency: string }> = {
  critical: { impact: "1", urgency: "1" },
  high: { impact: "1", urgency: "2" },
  medium: { impact: "2", urgency: "2" },
  low: { impact: "3", urgency: "3" },
};

const recordsSchema = z.object({
  result: z.array(z.object({ sys_id: z.string(), state: z.string().optional() })),
});
const recordSchema = z.object({ result: z.object({ sys_id: z.string() }) });

/**
 * The task key when it fits and is safe inside an encoded query (`^` separates conditions);
 * otherwise a digest of it.
 */
export function serviceNowCorrelationId(taskKey: string): string {
  const plain = /^[A-Za-z0-9:._@-]+$/.test(taskKey) && taskKey.length <= MAX_CORRELATION_ID_CHARS;
  return plain ? taskKey : `deprov-${hash("sha256", taskKey, "hex").slice(0, 32)}`;
}

export class ServiceNowTaskSink implements TaskSink {
  readonly name = "servicenow";
  readonly external = true;
  private readonly client: SinkHttpClient;
  private readonly instanceUrl: string;

  constructor(private readonly options: ServiceNowTaskSinkOptions) {
    this.instanceUrl = options.instanceUrl.replace(/\/+$/, "");
    this.client = new SinkHttpClient({
      ...options.http,
      sink: "servicenow",
      baseUrl: this.instanceUrl,
      authorization: async () => basicAuthorization(options.username, await options.password()),
    });
  }

  async create(task: TaskGroup): Promise<CreatedTask> {
    const found = await this.client.requestJson(this.findRequest(task.key), recordsSchema);
    const existing = found.result[0];
    if (existing !== undefined) {
      // Opened by a run that crashed before saving its record: bring it up to date instead.
      const closed = existing.state === this.options.resolveState || existing.state === CLOSED_STATE;
      await this.client.request(
        closed ? this.reopenRequest(existing.sys_id, task) : this.updateRequest(existing.sys_id, task),
      );
      return { externalId: existing.sys_id, url: this.recordUrl(existing.sys_id) };
    }
    const created = await this.client.requestJson(this.createRequest(task), recordSchema);
    return { externalId: created.result.sys_id, url: this.recordUrl(created.result.sys_id) };
  }

  async update(sysId: string, task: TaskGroup): Promise<void> {
    await this.client.request(this.updateRequest(sysId, task));
  }

  async close(sysId: string, comment: string): Promise<void> {
    await this.client.request(this.closeRequest(sysId, comment));
  }

  async reopen(sysId: string, task: TaskGroup): Promise<void> {
    await this.client.request(this.reopenRequest(sysId, task));
  }

  preview(call: TaskSinkCall): PlannedRequest[] {
    const requests = ((): SinkRequest[] => {
      switch (call.kind) {
        case "create":
          return [this.findRequest(call.task.key), this.createRequest(call.task)];
        case "update":
          return [this.updateRequest(call.externalId, call.task)];
        case "close":
          return [this.closeRequest(call.externalId, call.comment)];
        case "reopen":
          return [this.reopenRequest(call.externalId, call.task)];
      }
    })();
    return requests.map((request) => this.client.plan(request));
  }

  private findRequest(taskKey: string): SinkRequest {
    return {
      method: "GET",
      path: this.tablePath(),
      query: {
        sysparm_query: `correlation_id=${serviceNowCorrelationId(taskKey)}`,
        sysparm_fields: "sys_id,number,state",
        sysparm_limit: "1",
      },
    };
  }

  private createRequest(task: TaskGroup): SinkRequest {
    return {
      method: "POST",
      path: this.tablePath(),
      json: {
        correlation_id: serviceNowCorrelationId(task.key),
        correlation_display: CORRELATION_DISPLAY,
        ...this.contentFields(task),
        ...(this.options.assignmentGroup === undefined
          ? {}
          : { assignment_group: this.options.assignmentGroup }),
      },
    };
  }

  private updateRequest(sysId: string, task: TaskGroup): SinkRequest {
    return { method: "PATCH", path: this.tablePath(sysId), json: this.contentFields(task) };
  }

  private closeRequest(sysId: string, comment: string): SinkRequest {
    return {
      method: "PATCH",
      path: this.tablePath(sysId),
      json: { state: this.options.resolveState, close_code: this.options.closeCode, close_notes: comment },
    };
  }

  private reopenRequest(sysId: string, task: TaskGroup): SinkRequest {
    return {
      method: "PATCH",
      path: this.tablePath(sysId),
      json: {
        state: this.options.reopenState,
        ...this.contentFields(task),
        work_notes: "Reopened by deprov: findings of this task are open again.",
      },
    };
  }

  private contentFields(task: TaskGroup): Record<string, string> {
    return {
      // A single-line field; the title carries roster text (a name), which may hold breaks.
      short_description: clip(oneLine(task.title), MAX_SHORT_DESCRIPTION_CHARS),
      description: renderTaskText(task.body),
      ...IMPACT_URGENCY[task.severity],
    };
  }

  private tablePath(sysId?: string): string {
    const table = `/api/now/table/${encodeURIComponent(this.options.table)}`;
    return sysId === undefined ? table : `${table}/${encodeURIComponent(sysId)}`;
  }

  private recordUrl(sysId: string): string {
    return `${this.instanceUrl}/nav_to.do?uri=${encodeURIComponent(`${this.options.table}.do?sys_id=${sysId}`)}`;
  }
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
