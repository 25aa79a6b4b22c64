/** The configured sink (`tasks` in the config), its credentials read through the resolver port. */
import type { TasksConfig } from "../../config/schema.ts";
import { JiraTaskSink } from "./jira-task-sink.ts";
import { LocalTaskSink } from "./local-task-sink.ts";
import type { ResolveCredential } from "./resolve-credential.ts";
import { ServiceNowTaskSink } from "./servicenow-task-sink.ts";
import type { SinkHttpClientOptions } from "./sink-http-client.ts";
import type { TaskSink } from "./task-sink.ts";
import { WebhookTaskSink } from "./webhook-task-sink.ts";

export interface TaskSinkDependencies {
  resolveCredential: ResolveCredential;
  http?: Omit<SinkHttpClientOptions, "sink" | "baseUrl" | "authorization" | "showPath">;
}

export function createTaskSink(config: TasksConfig | undefined, deps: TaskSinkDependencies): TaskSink {
  if (config === undefined) return new LocalTaskSink();
  switch (config.sink) {
    case "local":
      return new LocalTaskSink();
    case "jira":
      return new JiraTaskSink({
        baseUrl: config.baseUrl,
        projectKey: config.projectKey,
        issueType: config.issueType,
        email: config.email,
        apiToken: () => deps.resolveCredential(config.apiToken),
        doneTransition: config.doneTransition,
        reopenTransition: config.reopenTransition,
        http: deps.http,
      });
    case "servicenow":
      return new ServiceNowTaskSink({
        instanceUrl: config.instanceUrl,
        table: config.table,
        username: config.username,
        password: () => deps.resolveCredential(config.password),
        assignmentGroup: config.assignmentGroup,
        resolveState: config.resolveState,
        reopenState: config.reopenState,
        closeCode: config.closeCode,
        http: deps.http,
      });
    case "webhook":
      return new WebhookTaskSink({
        url: config.url,
        secret: () => deps.resolveCredential(config.secret),
        http: deps.http,
      });
  }
}
