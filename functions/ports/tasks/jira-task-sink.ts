/**
 * Remediation tasks as Jira Cloud issues (REST API v3). Each issue carries a label derived from
 * the task key (labels cannot hold spaces or colons), and creation first searches for it, so a
 * lost task record finds its issue again instead of opening a second one.
 */
import { hash } from "node:crypto";
import { z } from "zod";
import { oneLine } from "../../core/one-line.ts";
import type { TaskGroup } from "../../core/tasks/types.ts";
import { commentAdf, taskDescriptionAdf } from "./jira-adf.ts";
import {
  basicAuthorization,
  SinkHttpClient,
  type SinkHttpClientOptions,
  type SinkRequest,
} from "./sink-http-client.ts";
import type { CreatedTask, PlannedRequest, TaskSink, TaskSinkCall } from "./task-sink.ts";

export interface JiraTaskSinkOptions {
  /** `https://<site>.atlassian.net`. */
  baseUrl: string;
  projectKey: string;
  issueType: string;
  /** The Atlassian account the API token belongs to. */
  email: string;
  /** Asked for only when a request is sent: a dry run never reads it. */
  apiToken: () => Promise<string>;
  doneTransition: string;
  reopenTransition: string;
  /** Timeouts, retries, and the injectable fetch/sleep/clock. */
  http?: Omit<SinkHttpClientOptions, "sink" | "baseUrl" | "authorization">;
}

/** Marks every issue deprov opened, beside the per-task label. */
export const JIRA_COMMON_LABEL = "deprov";
const MAX_SUMMARY_CHARS = 255;

const searchResultSchema = z.object({
  issues: z.array(
    z.object({
      key: z.string(),
      fields: z.object({ status: z.object({ statusCategory: z.object({ key: z.string() }) }) }).optional(),
    }),
  ),
});
const createdIssueSchema = z.object({ id: z.string(), key: z.string() });
const transitionsSchema = z.object({
  transitions: z.array(
    z.object({ id: z.string(), name: z.string(), to: z.object({ name: z.string() }).optional() }),
  ),
});
const issueStatusSchema = z.object({
  fields: z.object({ status: z.object({ name: z.string(), statusCategory: z.object({ key: z.string() }) }) }),
});

/** `deprov-<16 hex>`: a label is one word, and a task key such as `leaver:E1042` is not. */
export function jiraTaskLabel(taskKey: string): string {
  return `deprov-${hash("sha256", taskKey, "hex").slice(0, 16)}`;
}

export class JiraTaskSink implements TaskSink {
  readonly name = "jira";
  readonly external = true;
  private readonly client: SinkHttpClient;
  private readonly siteUrl: string;

  constructor(private readonly options: JiraTaskSinkOptions) {
    this.siteUrl = options.baseUrl.replace(/\/+$/, "");
    this.client = new SinkHttpClient({
      ...options.http,
      sink: "jira",
      baseUrl: this.siteUrl,
      authorization: async () => basicAuthorization(options.email, await options.apiToken()),
    });
  }

  async create(task: TaskGroup): Promise<CreatedTask> {
    const found = await this.client.requestJson(this.searchRequest(task.key), searchResultSchema);
    const existing = found.issues[0];
    if (existing !== undefined) {
      // Opened by a run that crashed before saving its record: bring it up to date instead.
      if (existing.fields?.status.statusCategory.key === "done") await this.reopen(existing.key, task);
      else await this.update(existing.key, task);
      return { externalId: existing.key, url: this.browseUrl(existing.key) };
    }
    const created = await this.client.requestJson(this.createRequest(task), createdIssueSchema);
    return { externalId: created.key, url: this.browseUrl(created.key) };
  }

  async update(issueKey: string, task: TaskGroup): Promise<void> {
    await this.client.request(this.updateRequest(issueKey, task));
  }

  async close(issueKey: string, comment: string): Promise<void> {
    await this.client.request(this.commentRequest(issueKey, comment));
    await this.moveTo(issueKey, this.options.doneTransition, true);
  }

  async reopen(issueKey: string, task: TaskGroup): Promise<void> {
    await this.moveTo(issueKey, this.options.reopenTransition, false);
    await this.update(issueKey, task);
  }

  preview(call: TaskSinkCall): PlannedRequest[] {
    const requests = ((): SinkRequest[] => {
      switch (call.kind) {
        case "create":
          return [this.searchRequest(call.task.key), this.createRequest(call.task)];
        case "update":
          return [this.updateRequest(call.externalId, call.task)];
        case "close":
          return [
            this.commentRequest(call.externalId, call.comment),
            this.transitionsRequest(call.externalId),
            this.transitionRequest(call.externalId, `<id of "${this.options.doneTransition}">`),
          ];
        case "reopen":
          return [
            this.transitionsRequest(call.externalId),
            this.transitionRequest(call.externalId, `<id of "${this.options.reopenTransition}">`),
            this.updateRequest(call.externalId, call.task),
          ];
      }
    })();
    return requests.map((request) => this.client.plan(request));
  }

  /**
   * Moves the issue by the named transition (or the one leading to the named status). Without
   * one, it is fine if a person already moved the issue to the wanted side (done or not done).
   */
  private async moveTo(issueKey: string, name: string, toDone: boolean): Promise<void> {
    const { transitions } = await this.client.requestJson(
      this.transitionsRequest(issueKey),
      transitionsSchema,
    );
    const wanted = name.toLowerCase();
    const match = transitions.find(
      (t) => t.name.toLowerCase() === wanted || t.to?.name.toLowerCase() === wanted,
    );
    if (match !== undefined) {
      await this.client.request(this.transitionRequest(issueKey, match.id));
      return;
    }
    const issue = await this.client.requestJson(
      { method: "GET", path: issuePath(issueKey), query: { fields: "status" } },
      issueStatusSchema,
    );
    if ((issue.fields.status.statusCategory.key === "done") === toDone) return;
    const available = transitions.map((t) => `"${t.name}"`).join(", ") || "none";
    throw new Error(
      `jira: issue ${issueKey} (status "${issue.fields.status.name}") has no transition "${name}"; ` +
        `available: ${available}. Set tasks.${toDone ? "doneTransition" : "reopenTransition"} to one of them.`,
    );
  }

  private searchRequest(taskKey: string): SinkRequest {
    const jql = `project = "${this.options.projectKey}" AND labels = "${jiraTaskLabel(taskKey)}"`;
    return {
      method: "POST",
      path: "/rest/api/3/search/jql",
      json: { jql, fields: ["status"], maxResults: 1 },
      // A POST only because JQL can be long: it reads.
      idempotent: true,
    };
  }

  private createRequest(task: TaskGroup): SinkRequest {
    return {
      method: "POST",
      path: "/rest/api/3/issue",
      json: {
        fields: {
          project: { key: this.options.projectKey },
          issuetype: { name: this.options.issueType },
          summary: summaryOf(task),
          description: taskDescriptionAdf(task.body),
          labels: [JIRA_COMMON_LABEL, jiraTaskLabel(task.key)],
        },
      },
    };
  }

  /** Summary and description only: labels, assignee and the rest belong to the people working it. */
  private updateRequest(issueKey: string, task: TaskGroup): SinkRequest {
    return {
      method: "PUT",
      path: issuePath(issueKey),
      json: { fields: { summary: summaryOf(task), description: taskDescriptionAdf(task.body) } },
    };
  }

  private commentRequest(issueKey: string, comment: string): SinkRequest {
    return { method: "POST", path: `${issuePath(issueKey)}/comment`, json: { body: commentAdf(comment) } };
  }

  private transitionsRequest(issueKey: string): SinkRequest {
    return { method: "GET", path: `${issuePath(issueKey)}/transitions` };
  }

  private transitionRequest(issueKey: string, transitionId: string): SinkRequest {
    return {
      method: "POST",
      path: `${issuePath(issueKey)}/transitions`,
      json: { transition: { id: transitionId } },
    };
  }

  private browseUrl(issueKey: string): string {
    return `${this.siteUrl}/browse/${encodeURIComponent(issueKey)}`;
  }
}

function issuePath(issueKey: string): string {
  return `/rest/api/3/issue/${encodeURIComponent(issueKey)}`;
}

/** Jira's summary is a single line; the title carries roster text (a name), which may hold breaks. */
function summaryOf(task: TaskGroup): string {
  const title = oneLine(task.title);
  return title.length > MAX_SUMMARY_CHARS ? `${title.slice(0, MAX_SUMMARY_CHARS - 1)}…` : title;
}
