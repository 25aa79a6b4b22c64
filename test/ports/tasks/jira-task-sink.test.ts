import { afterEach, describe, expect, it } from "vitest";
import { JiraTaskSink, jiraTaskLabel } from "../../../functions/ports/tasks/jira-task-sink.ts";
import { basicAuthorization } from "../../../functions/ports/tasks/sink-http-client.ts";
import { TaskSyncError } from "../../../functions/ports/tasks/sync-tasks.ts";
import { MemoryTaskStore } from "../../support/memory-task-store.ts";
import { type FakeJira, JIRA_EMAIL, JIRA_TOKEN, startFakeJira } from "./fake-jira.ts";
import { calls, device, ghost, NOW, orphan, peopleWithBrokenName, sync } from "./task-sync-fixtures.ts";

let jira: FakeJira;
let running: FakeJira | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function setUp(options: { doneTransition?: string } = {}) {
  running = jira = await startFakeJira();
  const waits: number[] = [];
  const sink = new JiraTaskSink({
    baseUrl: jira.url,
    projectKey: "SEC",
    issueType: "Task",
    email: JIRA_EMAIL,
    apiToken: async () => JIRA_TOKEN,
    doneTransition: options.doneTransition ?? "Done",
    reopenTransition: "To Do",
    // The backoff's jitter at its ceiling, so the waits are exact.
    http: { sleep: async (ms) => void waits.push(ms), now: () => NOW, random: () => 1 },
  });
  return { sink, store: new MemoryTaskStore(), waits };
}

const leaverLabel = jiraTaskLabel("leaver:E1042");

describe("JiraTaskSink through syncRemediationTasks", () => {
  it("opens one issue per group after searching its label, through a 503 and a 429", async () => {
    // Prepare
    const { sink, store, waits } = await setUp();
    let searches = 0;
    jira.failNext((r) => r.path === "/rest/api/3/search/jql" && searches++ === 0, {
      status: 503,
      text: "Service Unavailable",
    });
    jira.failNext((r) => r.method === "POST" && r.path === "/rest/api/3/issue", {
      status: 429,
      headers: { "retry-after": "1" },
      json: { errorMessages: ["Rate limit exceeded."], errors: {} },
    });

    // Act
    const result = await sync("s1", [ghost, orphan], store, sink);

    // Assess
    expect(result).toMatchObject({ created: 2, updated: 0, closed: 0, reopened: 0, unchanged: 0, failed: 0 });
    expect(calls(jira.requests)).toEqual([
      "POST /rest/api/3/search/jql",
      "POST /rest/api/3/search/jql",
      "POST /rest/api/3/issue",
      "POST /rest/api/3/issue",
      "POST /rest/api/3/search/jql",
      "POST /rest/api/3/issue",
    ]);
    expect(waits).toEqual([500, 1000]);
    for (const request of jira.requests) {
      expect(request.headers.authorization).toBe(basicAuthorization(JIRA_EMAIL, JIRA_TOKEN));
    }
    expect(jira.requests[1]?.json).toEqual({
      jql: `project = "SEC" AND labels = "${leaverLabel}"`,
      fields: ["status"],
      maxResults: 1,
    });
    const create = jira.requests[3]?.json as { fields: Record<string, unknown> };
    expect(create.fields).toMatchObject({
      project: { key: "SEC" },
      issuetype: { name: "Task" },
      summary: "Offboarding incomplete: Jane Doe (E1042), 1 open finding",
      labels: ["deprov", leaverLabel],
    });
    expect(JSON.stringify(create.fields.description)).toContain('"type":"bulletList"');
    expect(await store.getTask("leaver:E1042")).toMatchObject({
      status: "open",
      externalId: "SEC-1",
      url: `${jira.url}/browse/SEC-1`,
      findingIds: [ghost.id],
    });
    expect(result.actions.map((a) => [a.kind, a.key, a.outcome, a.externalId])).toEqual([
      ["create", "leaver:E1042", "applied", "SEC-1"],
      ["create", "system:okta", "applied", "SEC-2"],
    ]);
  });

  it("keeps the summary on one line when the roster name holds line breaks", async () => {
    // Prepare
    const { sink, store } = await setUp();

    // Act
    await sync("s1", [ghost], store, sink, false, peopleWithBrokenName);

    // Assess
    expect(jira.issues.get("SEC-1")?.summary).toBe(
      "Offboarding incomplete: Jane Doe Priority: Highest Assignee: mallory (E1042), 1 open finding",
    );
  });

  it("sends nothing when the next scan finds the same findings", async () => {
    // Prepare
    const { sink, store } = await setUp();
    await sync("s1", [ghost, orphan], store, sink);
    const sent = jira.requests.length;

    // Act
    const result = await sync("s2", [ghost, orphan], store, sink);

    // Assess
    expect(jira.requests).toHaveLength(sent);
    expect(result).toMatchObject({ created: 0, updated: 0, closed: 0, reopened: 0, unchanged: 2 });
  });

  it("edits the summary and description when the findings change, and nothing else", async () => {
    // Prepare
    const { sink, store } = await setUp();
    await sync("s1", [ghost], store, sink);
    const sent = jira.requests.length;

    // Act
    const result = await sync("s2", [ghost, device], store, sink);

    // Assess
    expect(result.updated).toBe(1);
    const [update] = jira.requests.slice(sent);
    expect(calls(jira.requests.slice(sent))).toEqual(["PUT /rest/api/3/issue/SEC-1"]);
    expect(Object.keys((update?.json as { fields?: object } | undefined)?.fields ?? {})).toEqual([
      "summary",
      "description",
    ]);
    expect(jira.issues.get("SEC-1")?.summary).toBe(
      "Offboarding incomplete: Jane Doe (E1042), 2 open findings",
    );
    expect(jira.issues.get("SEC-1")?.labels).toEqual(["deprov", leaverLabel]);
  });

  it("comments and moves the issue to Done once its findings are resolved", async () => {
    // Prepare
    const { sink, store } = await setUp();
    await sync("s1", [ghost, orphan], store, sink);
    const sent = jira.requests.length;

    // Act
    const result = await sync("s2", [orphan], store, sink);

    // Assess
    expect(result).toMatchObject({ closed: 1, unchanged: 1 });
    const closing = jira.requests.slice(sent);
    expect(calls(closing)).toEqual([
      "POST /rest/api/3/issue/SEC-1/comment",
      "GET /rest/api/3/issue/SEC-1/transitions",
      "POST /rest/api/3/issue/SEC-1/transitions",
    ]);
    expect(JSON.stringify(closing[0]?.json)).toContain(
      "All findings resolved as of scan s2: 1 finding no longer open.",
    );
    expect(closing[2]?.json).toEqual({ transition: { id: "31" } });
    expect(jira.issues.get("SEC-1")?.status).toBe("Done");
    expect(await store.getTask("leaver:E1042")).toMatchObject({
      status: "closed",
      closedAt: NOW,
      scanId: "s2",
    });
  });

  it("reopens the issue when its findings come back, then settles", async () => {
    // Prepare
    const { sink, store } = await setUp();
    await sync("s1", [ghost], store, sink);
    await sync("s2", [], store, sink);
    const sent = jira.requests.length;

    // Act
    const result = await sync("s3", [ghost, device], store, sink);
    const settled = jira.requests.length;
    await sync("s4", [ghost, device], store, sink);

    // Assess
    expect(result.reopened).toBe(1);
    expect(calls(jira.requests.slice(sent, settled))).toEqual([
      "GET /rest/api/3/issue/SEC-1/transitions",
      "POST /rest/api/3/issue/SEC-1/transitions",
      "PUT /rest/api/3/issue/SEC-1",
    ]);
    expect(jira.requests[sent + 1]?.json).toEqual({ transition: { id: "11" } });
    expect(jira.issues.get("SEC-1")?.status).toBe("To Do");
    expect(jira.requests).toHaveLength(settled);
  });

  it("finds the issue of a lost task record by its label instead of opening a second one", async () => {
    // Prepare
    const { sink, store } = await setUp();
    await sync("s1", [ghost], store, sink);
    const lostStore = new MemoryTaskStore();
    const sent = jira.requests.length;

    // Act
    const result = await sync("s2", [ghost, device], lostStore, sink);

    // Assess
    expect(result.created).toBe(1);
    expect(calls(jira.requests.slice(sent))).toEqual([
      "POST /rest/api/3/search/jql",
      "PUT /rest/api/3/issue/SEC-1",
    ]);
    expect(jira.issues.size).toBe(1);
    expect((await lostStore.getTask("leaver:E1042"))?.externalId).toBe("SEC-1");
  });

  it("fails clearly when the done transition does not exist, and keeps the task open to retry", async () => {
    // Prepare
    const { sink, store } = await setUp({ doneTransition: "Resolve Issue" });
    await sync("s1", [ghost], store, sink);

    // Act
    const error = await sync("s2", [], store, sink).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(TaskSyncError);
    expect((error as TaskSyncError).message).toBe(
      "remediation tasks: 1 of 1 task changes failed: close leaver:E1042: jira: issue SEC-1 " +
        '(status "To Do") has no transition "Resolve Issue"; available: "In Progress", "Done". ' +
        "Set tasks.doneTransition to one of them.",
    );
    expect((error as TaskSyncError).result.failed).toBe(1);
    const record = await store.getTask("leaver:E1042");
    expect(record?.status).toBe("open");
    expect(record?.claim).toBeUndefined();
  });
});
