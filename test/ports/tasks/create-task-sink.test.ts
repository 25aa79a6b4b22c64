import { describe, expect, it } from "vitest";
import { tasksSchema } from "../../../functions/config/schema.ts";
import { createTaskSink } from "../../../functions/ports/tasks/create-task-sink.ts";
import { JiraTaskSink } from "../../../functions/ports/tasks/jira-task-sink.ts";
import { LocalTaskSink } from "../../../functions/ports/tasks/local-task-sink.ts";
import { ServiceNowTaskSink } from "../../../functions/ports/tasks/servicenow-task-sink.ts";
import { WebhookTaskSink } from "../../../functions/ports/tasks/webhook-task-sink.ts";

const neverResolve = () => Promise.reject(new Error("not read while building a sink"));

describe("the tasks config", () => {
  it("fills each sink's defaults", () => {
    // Act
    const jira = tasksSchema.parse({
      sink: "jira",
      baseUrl: "https://acme.atlassian.net",
      projectKey: "SEC",
      email: "deprov-bot@acme.com",
      apiToken: { env: "JIRA_API_TOKEN" },
    });
    const servicenow = tasksSchema.parse({
      sink: "servicenow",
      instanceUrl: "https://acme.service-now.com",
      username: "deprov.integration",
      password: { secretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:deprov/sn-AbCdEf" },
    });

    // Assess
    expect(jira).toEqual({
      sink: "jira",
      dryRun: false,
      baseUrl: "https://acme.atlassian.net",
      projectKey: "SEC",
      issueType: "Task",
      email: "deprov-bot@acme.com",
      apiToken: { env: "JIRA_API_TOKEN" },
      doneTransition: "Done",
      reopenTransition: "To Do",
      maxTasksPerSecond: 5,
    });
    expect(servicenow).toMatchObject({
      maxTasksPerSecond: 5,
      table: "incident",
      resolveState: "6",
      reopenState: "2",
      closeCode: "Solution provided",
      dryRun: false,
    });
    expect(tasksSchema.parse({ sink: "local" })).toEqual({ sink: "local", dryRun: false });
  });

  it.each([
    ["a literal token", { apiToken: "ATATT3xFfGF0" }, "apiToken"],
    ["a site that is not Jira Cloud", { baseUrl: "http://jira.acme.internal" }, "baseUrl"],
    ["a key of another sink", { url: "https://hooks.acme.com/deprov" }, ""],
  ])("rejects %s", (_case, change, field) => {
    // Prepare
    const config = {
      sink: "jira",
      baseUrl: "https://acme.atlassian.net",
      projectKey: "SEC",
      email: "deprov-bot@acme.com",
      apiToken: { env: "JIRA_API_TOKEN" },
      ...change,
    };

    // Act
    const parsed = tasksSchema.safeParse(config);

    // Assess
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path.join(".")).toBe(field);
  });

  it("rejects a webhook that is not HTTPS", () => {
    // Act
    const parsed = tasksSchema.safeParse({
      sink: "webhook",
      url: "http://hooks.acme.com/x",
      secret: { env: "HOOK_KEY" },
    });

    // Assess
    expect(parsed.success).toBe(false);
  });
});

describe("createTaskSink", () => {
  it.each([
    [undefined, LocalTaskSink],
    [{ sink: "local" }, LocalTaskSink],
    [
      {
        sink: "jira",
        baseUrl: "https://acme.atlassian.net",
        projectKey: "SEC",
        email: "deprov-bot@acme.com",
        apiToken: { env: "JIRA_API_TOKEN" },
      },
      JiraTaskSink,
    ],
    [
      {
        sink: "servicenow",
        instanceUrl: "https://acme.service-now.com",
        username: "deprov.integration",
        password: { env: "SN_PASSWORD" },
      },
      ServiceNowTaskSink,
    ],
    [{ sink: "webhook", url: "https://hooks.acme.com/deprov", secret: { env: "HOOK_KEY" } }, WebhookTaskSink],
  ])("builds the configured sink without reading its credential (%j)", (config, type) => {
    // Act
    const sink = createTaskSink(config === undefined ? undefined : tasksSchema.parse(config), {
      resolveCredential: neverResolve,
    });

    // Assess
    expect(sink).toBeInstanceOf(type);
  });
});
