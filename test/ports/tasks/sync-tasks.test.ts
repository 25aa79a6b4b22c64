import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from "../../../cli/local/embedded-dynamodb.ts";
import type { TaskGroup, TaskRecord } from "../../../functions/core/tasks/types.ts";
import { VirtualClock } from "../../../functions/ports/clock.ts";
import { DynamoDbTaskStore } from "../../../functions/ports/tasks/dynamodb-task-store.ts";
import { JiraTaskSink } from "../../../functions/ports/tasks/jira-task-sink.ts";
import { LocalTaskSink } from "../../../functions/ports/tasks/local-task-sink.ts";
import {
  applyTaskActions,
  planRemediationTasks,
  syncRemediationTasks,
  TaskSyncError,
} from "../../../functions/ports/tasks/sync-tasks.ts";
import type { CreatedTask, PlannedRequest, TaskSink } from "../../../functions/ports/tasks/task-sink.ts";
import type { StoredTask, TaskClaim, TaskStore } from "../../../functions/ports/tasks/task-store.ts";
import { lifecycleFinding } from "../../core/tasks/task-fixtures.ts";
import { MemoryTaskStore } from "../../support/memory-task-store.ts";
import { device, ghost, NOW, orphan, people, sync } from "./task-sync-fixtures.ts";

/**
 * An external tracker that, like Jira's label search, finds an issue it already has by task key.
 * `gate` holds every call until released, to line two runs up against each other.
 */
class FakeTracker implements TaskSink {
  readonly name = "tracker";
  readonly external = true;
  readonly issues = new Map<string, { id: string; status: "open" | "closed" }>();
  readonly calls: string[] = [];
  readonly failing = new Set<string>();
  gate: Promise<void> = Promise.resolve();

  async create(task: TaskGroup): Promise<CreatedTask> {
    this.calls.push(`create ${task.key}`);
    await this.gate;
    if (this.failing.has(task.key))
      throw new Error(`tracker: POST /issues failed: HTTP 500 (after 5 attempts)`);
    const existing = this.issues.get(task.key);
    const id = existing?.id ?? `T-${this.issues.size + 1}`;
    this.issues.set(task.key, { id, status: "open" });
    return { externalId: id };
  }

  async update(externalId: string): Promise<void> {
    this.calls.push(`update ${externalId}`);
  }

  async close(externalId: string): Promise<void> {
    this.calls.push(`close ${externalId}`);
  }

  async reopen(externalId: string): Promise<void> {
    this.calls.push(`reopen ${externalId}`);
  }

  preview(): PlannedRequest[] {
    return [];
  }
}

/** Fails the first save after a sink call, as a crash between the two would lose it. */
class LosingFirstSaveStore implements TaskStore {
  private lost = false;
  constructor(private readonly inner: TaskStore) {}
  listTasks = () => this.inner.listTasks();
  getTask = (key: string) => this.inner.getTask(key);
  getTasks = (keys: readonly string[]) => this.inner.getTasks(keys);
  createTasks = (tasks: readonly TaskRecord[]) => this.inner.createTasks(tasks);
  putTask(task: TaskRecord & { claim?: TaskClaim }, expectedVersion: number): Promise<StoredTask> {
    if (!this.lost && task.claim === undefined && task.externalId !== undefined) {
      this.lost = true;
      return Promise.reject(new Error("connection reset while saving"));
    }
    return this.inner.putTask(task, expectedVersion);
  }
}

describe("syncRemediationTasks with the local sink on the embedded DynamoDB", () => {
  let db: EmbeddedDynamoDb;
  beforeAll(async () => {
    db = await startEmbeddedDynamoDb();
  });
  afterAll(async () => {
    await db.close();
  });

  it("keeps one record per group, writes nothing on an unchanged scan, and closes resolved ones", async () => {
    // Prepare
    const store = new DynamoDbTaskStore({ client: db.client, tableName: db.tables.state });
    const sink = new LocalTaskSink();

    // Act
    const first = await sync("s1", [ghost, orphan], store, sink);
    const afterFirst = await store.listTasks();
    const second = await sync("s2", [ghost, orphan], store, sink);
    const afterSecond = await store.listTasks();
    const third = await sync("s3", [ghost], store, sink);

    // Assess
    expect(first).toMatchObject({ created: 2, unchanged: 0, dryRun: false });
    expect(afterFirst.map((t) => [t.key, t.externalId, t.status, t.version])).toEqual([
      ["leaver:E1042", "leaver:E1042", "open", 1],
      ["system:okta", "system:okta", "open", 1],
    ]);
    expect(second).toMatchObject({
      created: 0,
      updated: 0,
      closed: 0,
      reopened: 0,
      unchanged: 2,
      actions: [],
    });
    expect(afterSecond).toEqual(afterFirst);
    expect(third).toMatchObject({ closed: 1, unchanged: 1 });
    expect(await store.getTask("system:okta")).toMatchObject({ status: "closed", closedAt: NOW, version: 2 });
  });
});

describe("syncRemediationTasks", () => {
  it("in a dry run, records what Jira would be sent, reading no credential and writing nothing", async () => {
    // Prepare
    const store = new MemoryTaskStore();
    const jira = new JiraTaskSink({
      baseUrl: "https://acme.atlassian.net",
      projectKey: "SEC",
      issueType: "Task",
      email: "deprov-bot@acme.com",
      apiToken: () => Promise.reject(new Error("a dry run must not read the token")),
      doneTransition: "Done",
      reopenTransition: "To Do",
      http: { fetch: () => Promise.reject(new Error("a dry run must not send")) },
    });

    // Act
    const result = await sync("s1", [ghost, orphan], store, jira, true);

    // Assess
    expect(result).toMatchObject({ created: 2, dryRun: true, failed: 0 });
    expect(await store.listTasks()).toEqual([]);
    const [leaver] = result.actions;
    expect(leaver).toMatchObject({ kind: "create", key: "leaver:E1042", outcome: "planned" });
    expect(leaver?.requests?.map((r) => `${r.method} ${r.url}`)).toEqual([
      "POST https://acme.atlassian.net/rest/api/3/search/jql",
      "POST https://acme.atlassian.net/rest/api/3/issue",
    ]);
    expect(leaver?.requests?.[1]?.body).toMatchObject({
      fields: { summary: "Offboarding incomplete: Jane Doe (E1042), 1 open finding" },
    });
  });

  it("in a dry run, previews closing an existing issue by its stored key", async () => {
    // Prepare
    const store = new MemoryTaskStore();
    const tracker = new FakeTracker();
    await sync("s1", [ghost], store, tracker);
    const jira = new JiraTaskSink({
      baseUrl: "https://acme.atlassian.net",
      projectKey: "SEC",
      issueType: "Task",
      email: "deprov-bot@acme.com",
      apiToken: () => Promise.reject(new Error("a dry run must not read the token")),
      doneTransition: "Done",
      reopenTransition: "To Do",
    });
    const before = await store.listTasks();

    // Act
    const result = await sync("s2", [], store, jira, true);

    // Assess
    expect(result.closed).toBe(1);
    expect(result.actions[0]?.requests?.map((r) => `${r.method} ${r.url}`)).toEqual([
      "POST https://acme.atlassian.net/rest/api/3/issue/T-1/comment",
      "GET https://acme.atlassian.net/rest/api/3/issue/T-1/transitions",
      "POST https://acme.atlassian.net/rest/api/3/issue/T-1/transitions",
    ]);
    expect(await store.listTasks()).toEqual(before);
  });

  it("lets only one of two concurrent runs call the sink for a task", async () => {
    // Prepare
    const store = new MemoryTaskStore();
    const tracker = new FakeTracker();
    let release = () => {};
    tracker.gate = new Promise<void>((resolve) => {
      release = resolve;
    });

    // Act
    const runA = sync("s1", [ghost, orphan], store, tracker);
    const runB = sync("s1-duplicate", [ghost, orphan], store, tracker);
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    const [a, b] = await Promise.all([runA, runB]);

    // Assess
    expect(tracker.calls.filter((call) => call.startsWith("create"))).toHaveLength(2);
    expect(a.created + b.created).toBe(2);
    expect(a.skipped + b.skipped).toBe(2);
    expect(tracker.issues.size).toBe(2);
    expect(
      (await store.listTasks()).every((task) => task.claim === undefined && task.externalId !== undefined),
    ).toBe(true);
  });

  it("two concurrent runs opening the same local tasks leave one record per task", async () => {
    // Prepare
    const store = new MemoryTaskStore();

    // Act
    const [a, b] = await Promise.all([
      sync("s1", [ghost, orphan], store, new LocalTaskSink()),
      sync("s1-duplicate", [ghost, orphan], store, new LocalTaskSink()),
    ]);

    // Assess
    // New store-only tasks are batch-written unconditionally: both runs write the same records.
    expect(a.created).toBe(2);
    expect(b.created).toBe(2);
    const tasks = await store.listTasks();
    expect(tasks.map((task) => task.key)).toEqual(["leaver:E1042", "system:okta"].sort());
    expect(tasks.map((task) => task.version)).toEqual([1, 1]);
  });

  it("after a save lost between sink call and store, creates again without duplicating the issue", async () => {
    // Prepare
    const inner = new MemoryTaskStore();
    const tracker = new FakeTracker();

    // Act
    const failed = await sync("s1", [ghost], new LosingFirstSaveStore(inner), tracker).catch(
      (e: unknown) => e,
    );
    const pending = await inner.getTask("leaver:E1042");
    const retried = await sync("s1", [ghost], inner, tracker);

    // Assess
    expect(failed).toBeInstanceOf(TaskSyncError);
    expect((failed as Error).message).toContain("create leaver:E1042: connection reset while saving");
    expect(pending?.externalId).toBeUndefined();
    expect(pending?.claim).toBeUndefined();
    expect(retried.created).toBe(1);
    expect(tracker.calls).toEqual(["create leaver:E1042", "create leaver:E1042"]);
    expect(tracker.issues.size).toBe(1);
    expect((await inner.getTask("leaver:E1042"))?.externalId).toBe("T-1");
  });

  it("leaves a task another scan holds until that claim expires; the same scan may take it over", async () => {
    // Prepare
    const store = new MemoryTaskStore();
    const tracker = new FakeTracker();
    await store.putTask(
      {
        key: "leaver:E1042",
        status: "open",
        title: "Offboarding incomplete: Jane Doe (E1042), 1 open finding",
        severity: "high",
        contentHash: "",
        findingIds: [],
        createdAt: NOW,
        updatedAt: NOW,
        scanId: "s0",
        claim: { scanId: "s0", action: "create", until: NOW + 60_000 },
      },
      0,
    );
    const run = (scanId: string, clock: number) =>
      syncRemediationTasks({
        scanId,
        now: NOW,
        findings: [ghost],
        people,
        store,
        sink: tracker,
        dryRun: false,
        clock: () => clock,
      });

    // Act
    const held = await run("s1", NOW + 1_000);
    const sameScan = await run("s0", NOW + 2_000);

    // Assess
    expect(held.actions).toEqual([
      {
        kind: "create",
        key: "leaver:E1042",
        title: "Offboarding incomplete: Jane Doe (E1042), 1 open finding",
        outcome: "skipped",
        findingIds: [ghost.id],
        reason: "scan s0 is working on it",
      },
    ]);
    expect(sameScan.created).toBe(1);
    expect(tracker.calls).toEqual(["create leaver:E1042"]);
  });

  it("takes over a claim that expired", async () => {
    // Prepare
    const store = new MemoryTaskStore();
    const tracker = new FakeTracker();
    await sync("s1", [ghost], store, tracker);
    const current = await store.getTask("leaver:E1042");
    if (current === undefined) throw new Error("expected a task");
    const { version, ...record } = current;
    await store.putTask(
      { ...record, claim: { scanId: "s-crashed", action: "update", until: NOW - 1 } },
      version,
    );

    // Act
    const result = await sync("s2", [ghost, device], store, tracker);

    // Assess
    expect(result.updated).toBe(1);
    const task = await store.getTask("leaver:E1042");
    expect(task?.scanId).toBe("s2");
    expect(task?.claim).toBeUndefined();
  });

  it("carries on past a failing task, then reports every failure", async () => {
    // Prepare
    const store = new MemoryTaskStore();
    const tracker = new FakeTracker();
    tracker.failing.add("leaver:E1042");

    // Act
    const error = await sync("s1", [ghost, orphan], store, tracker).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(TaskSyncError);
    const { result } = error as TaskSyncError;
    expect(result).toMatchObject({ created: 1, failed: 1 });
    expect(result.actions.map((a) => [a.key, a.outcome])).toEqual([
      ["leaver:E1042", "failed"],
      ["system:okta", "applied"],
    ]);
    expect((error as Error).message).toBe(
      "remediation tasks: 1 of 2 task changes failed: create leaver:E1042: " +
        "tracker: POST /issues failed: HTTP 500 (after 5 attempts)",
    );
    expect((await store.getTask("leaver:E1042"))?.claim).toBeUndefined();
    expect((await store.getTask("system:okta"))?.externalId).toBe("T-1");
  });
});

describe("applyTaskActions at a tracker's rate", () => {
  const leavers = Array.from({ length: 20 }, (_, i) =>
    lifecycleFinding({
      rule: "ghost-account",
      sourceId: "okta",
      subjectId: `u-${i}`,
      personId: `E${1000 + i}`,
    }),
  );
  const leaverPeople = Object.fromEntries(
    leavers.map((finding) => [finding.personId ?? "", { name: "Leaver", terminationDate: "2026-10-01" }]),
  );

  function applyAll(sink: TaskSink, store: TaskStore, clock: VirtualClock, deadline?: number) {
    const plan = planRemediationTasks({ scanId: "s1", findings: leavers, people: leaverPeople, stored: [] });
    return applyTaskActions({
      scanId: "s1",
      now: NOW,
      actions: plan.actions,
      current: new Map(),
      store,
      sink,
      dryRun: false,
      clock: () => NOW,
      pace: { ratePerSecond: 5, clock, ...(deadline !== undefined ? { deadline } : {}) },
    });
  }

  it("spaces the calls at the configured rate", async () => {
    // Prepare
    const clock = new VirtualClock(0);
    const tracker = new FakeTracker();
    const starts: number[] = [];
    const create = tracker.create.bind(tracker);
    tracker.create = (task) => {
      starts.push(clock.now());
      return create(task);
    };

    // Act
    const applied = await applyAll(tracker, new MemoryTaskStore(), clock);

    // Assess
    expect(applied.stoppedAtDeadline).toBe(false);
    expect(applied.actions.filter((action) => action.outcome === "applied")).toHaveLength(20);
    expect(starts.at(-1)).toBe(19 * 200);
  });

  it("starts nothing after its deadline, and a second pass does only what is left", async () => {
    // Prepare
    const clock = new VirtualClock(0);
    const tracker = new FakeTracker();
    const store = new MemoryTaskStore();

    // Act
    const first = await applyAll(tracker, store, clock, 1_000);
    const current = new Map((await store.listTasks()).map((task) => [task.key, task]));
    const plan = planRemediationTasks({ scanId: "s1", findings: leavers, people: leaverPeople, stored: [] });
    const second = await applyTaskActions({
      scanId: "s1",
      now: NOW,
      actions: plan.actions,
      current,
      store,
      sink: tracker,
      dryRun: false,
      clock: () => NOW,
      pace: { ratePerSecond: 5, clock },
    });

    // Assess
    expect(first.stoppedAtDeadline).toBe(true);
    expect(first.actions).toHaveLength(5);
    expect(second.actions.filter((action) => action.earlierAttempt)).toHaveLength(5);
    expect(tracker.calls.filter((call) => call.startsWith("create"))).toHaveLength(20);
    expect(await store.listTasks()).toHaveLength(20);
  });
});
