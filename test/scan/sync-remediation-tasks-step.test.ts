/**
 * The remediation-task steps' outputs for people: tasks.json with this scan's changes (locally in
 * the output folder, in AWS beside the report), and the audit of every change a chunk carried out —
 * also when other changes of the chunk failed and a retry finishes the job, or when it never does.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type LoadedConfig, parseConfigText } from "../../functions/config/load-config.ts";
import type { LifecycleFinding } from "../../functions/core/lifecycle/types.ts";
import type { TaskRecord } from "../../functions/core/tasks/types.ts";
import { TransientError } from "../../functions/ports/aws-errors.ts";
import { FileBlobStore } from "../../functions/ports/file-blob-store.ts";
import { putJson } from "../../functions/ports/json-blob.ts";
import type { StoredTask, TaskClaim } from "../../functions/ports/tasks/task-store.ts";
import { blobKeys } from "../../functions/scan/contract/blob-keys.ts";
import type { ScanDependencies } from "../../functions/scan/scan-dependencies.ts";
import { planRemediationTasksStep } from "../../functions/scan/steps/plan-remediation-tasks.ts";
import {
  finishRemediationTasks,
  type RemediationTasksSummary,
  recordRemediationTasksFailure,
  syncRemediationTasksStep,
} from "../../functions/scan/steps/sync-remediation-tasks.ts";
import type { TasksFile } from "../../functions/scan/tasks-file.ts";
import { lifecycleFinding } from "../core/tasks/task-fixtures.ts";
import { MemoryStateStore } from "../support/memory-state-store.ts";
import { MemoryTaskStore } from "../support/memory-task-store.ts";
import { stepDependencies } from "../support/persisted-scan.ts";

const NIGHT_1 = Date.parse("2026-11-26T09:00:00Z");
const NIGHT_2 = NIGHT_1 + 86_400_000;
const PEOPLE = {
  E1042: { name: "Dana Whitfield", terminationDate: "2026-10-30", managerId: "M7" },
  E2001: { name: "Lee Park", terminationDate: "2026-11-02" },
};

/** Fails the first save of one task's update, as a throttled table or a dropped connection would. */
class FlakyTaskStore extends MemoryTaskStore {
  failNextUpdateOf: string | undefined;

  override async putTask(
    task: TaskRecord & { claim?: TaskClaim },
    expectedVersion: number,
  ): Promise<StoredTask> {
    if (task.key === this.failNextUpdateOf && expectedVersion > 0) {
      this.failNextUpdateOf = undefined;
      throw new Error(
        "ProvisionedThroughputExceededException: rate of requests exceeds the allowed throughput",
      );
    }
    return super.putTask(task, expectedVersion);
  }
}

/** The branch's steps in order, as the state machine runs them (each chunk once, no retry). */
async function syncTasks(dependencies: ScanDependencies, scanId: string): Promise<RemediationTasksSummary> {
  const plan = await planRemediationTasksStep(dependencies, { scanId });
  const chunks = [];
  for (const chunk of plan.chunks) {
    chunks.push(
      await syncRemediationTasksStep(dependencies, {
        scanId,
        chunk,
        ratePerSecond: plan.ratePerSecond,
        budgetMs: plan.budgetMs,
      }),
    );
  }
  return finishRemediationTasks(dependencies, { scanId, plan, chunks });
}

describe("remediation-task steps: tasks.json and the audit", () => {
  let dir: string;
  let stateStore: MemoryStateStore;
  let blobStore: FileBlobStore;
  let taskStore: FlakyTaskStore;
  let results: Map<string, unknown>;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "deprov-task-step-"));
    stateStore = new MemoryStateStore();
    blobStore = new FileBlobStore(join(dir, "blobs"));
    taskStore = new FlakyTaskStore();
    results = new Map();
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function config(tasks: Record<string, unknown> = { sink: "local" }): LoadedConfig {
    return parseConfigText(
      JSON.stringify({
        organization: "Acme Corp",
        timezone: "America/New_York",
        sources: [{ id: "hr", kind: "roster", format: "csv", path: "hr.csv" }],
        tasks,
      }),
      "/etc/deprov/deprov.config.json",
    );
  }

  function deps(loaded: LoadedConfig, outputDir?: string): ScanDependencies {
    return stepDependencies({
      stateStore,
      blobStore,
      loadConfig: async () => loaded,
      // The findings as the local runtime hands them over, in memory.
      memory: new Map(results),
      taskStore,
      ...(outputDir !== undefined ? { outputDir } : {}),
    });
  }

  /** A persisted scan as PersistFindings leaves it: the run, the metadata and the findings. */
  async function persistedScan(scanId: string, at: number, findings: LifecycleFinding[]): Promise<void> {
    await stateStore.startScanRun({ scanId, status: "running", startedAt: at, evaluatedAt: at });
    await putJson(blobStore, blobKeys.scanMeta(scanId), { people: PEOPLE });
    results.set(blobKeys.findings(scanId), findings);
  }

  const dana = lifecycleFinding({
    rule: "ghost-account",
    sourceId: "okta",
    subjectId: "00u1",
    personId: "E1042",
  });
  const danaLaptop = lifecycleFinding({
    rule: "unreturned-device",
    sourceId: "laptops",
    subjectId: "LAP-7",
    subjectType: "asset",
    personId: "E1042",
  });
  const lee = lifecycleFinding({
    rule: "ghost-account",
    sourceId: "okta",
    subjectId: "00u2",
    personId: "E2001",
  });
  const leeSeat = lifecycleFinding({
    rule: "unused-license",
    sourceId: "slack",
    subjectId: "U2",
    personId: "E2001",
    severity: "low",
  });
  const orphan = lifecycleFinding({ rule: "orphan-account", sourceId: "okta", subjectId: "00u9" });

  it("writes what the scan created into the output folder, with whom each task is about and its findings", async () => {
    // Prepare
    const out = join(dir, "out");
    await persistedScan("s1", NIGHT_1, [dana, lee, orphan]);

    // Act
    const output = await syncTasks(deps(config(), out), "s1");

    // Assess
    expect(output).toMatchObject({ sink: "local", created: 3, updated: 0, closed: 0, reopened: 0 });
    const file = JSON.parse(await readFile(join(out, "tasks.json"), "utf8")) as TasksFile;
    expect(file).toEqual({
      schemaVersion: 1,
      scanId: "s1",
      tasks: [
        {
          id: "leaver:E1042",
          sink: "local",
          title: "Offboarding incomplete: Dana Whitfield (E1042), 1 open finding",
          personId: "E1042",
          sourceId: null,
          change: "created",
          findingIds: [dana.id],
          externalKey: "leaver:E1042",
        },
        expect.objectContaining({
          id: "leaver:E2001",
          personId: "E2001",
          change: "created",
          findingIds: [lee.id],
        }),
        expect.objectContaining({
          id: "system:okta",
          personId: null,
          sourceId: "okta",
          change: "created",
          findingIds: [orphan.id],
        }),
      ],
    });
  });

  it("lists only the next night's changes, and puts the file beside the report in AWS", async () => {
    // Prepare
    await persistedScan("s1", NIGHT_1, [dana, lee, orphan]);
    await syncTasks(deps(config(), join(dir, "out")), "s1");
    await persistedScan("s2", NIGHT_2, [dana, danaLaptop, lee]);

    // Act: no output folder, as in a Lambda.
    await syncTasks(deps(config()), "s2");

    // Assess
    const body = await blobStore.get(blobKeys.report("s2", "tasks.json"));
    const file = JSON.parse(String(body)) as TasksFile;
    expect(file.tasks.map((task) => [task.id, task.change, task.findingIds.length])).toEqual([
      ["leaver:E1042", "updated", 2],
      ["system:okta", "closed", 1],
    ]);
  });

  it("resumes a chunk that failed part way: the retry makes only the rest, and each change is audited once", async () => {
    // Prepare: the first night opens both leavers' tasks; the second changes both.
    await persistedScan("s1", NIGHT_1, [dana, lee]);
    await syncTasks(deps(config()), "s1");
    await persistedScan("s2", NIGHT_2, [dana, danaLaptop, lee, leeSeat]);
    taskStore.failNextUpdateOf = "leaver:E2001";
    const dependencies = deps(config());
    const plan = await planRemediationTasksStep(dependencies, { scanId: "s2" });
    const [chunk] = plan.chunks;
    if (chunk === undefined) throw new Error("no chunk planned");
    const input = { scanId: "s2", chunk, ratePerSecond: plan.ratePerSecond, budgetMs: plan.budgetMs };

    // Act
    const failed = await syncRemediationTasksStep(dependencies, input).catch((error: unknown) => error);
    const retried = await syncRemediationTasksStep(dependencies, input);
    const summary = await finishRemediationTasks(dependencies, { scanId: "s2", plan, chunks: [retried] });

    // Assess
    expect(failed).toBeInstanceOf(TransientError);
    expect(retried).toMatchObject({ updated: 2, earlierAttempt: 1 });
    expect(summary).toMatchObject({ updated: 2, unchanged: 0 });
    const file = JSON.parse(String(await blobStore.get(blobKeys.report("s2", "tasks.json")))) as TasksFile;
    expect(file.tasks.map((task) => [task.id, task.change])).toEqual([
      ["leaver:E1042", "updated"],
      ["leaver:E2001", "updated"],
    ]);
    const audit = await stateStore.listAudit({ from: NIGHT_2, to: NIGHT_2 });
    expect(audit.filter((entry) => entry.kind === "task.update").map((entry) => entry.detail?.count)).toEqual(
      [2],
    );
  });

  it("audits what a chunk did even when its retries run out", async () => {
    // Prepare
    await persistedScan("s1", NIGHT_1, [dana, lee]);
    await syncTasks(deps(config()), "s1");
    await persistedScan("s2", NIGHT_2, [dana, danaLaptop, lee, leeSeat]);
    taskStore.failNextUpdateOf = "leaver:E2001";
    const dependencies = deps(config());
    const plan = await planRemediationTasksStep(dependencies, { scanId: "s2" });
    const [chunk] = plan.chunks;
    if (chunk === undefined) throw new Error("no chunk planned");
    await syncRemediationTasksStep(dependencies, {
      scanId: "s2",
      chunk,
      ratePerSecond: plan.ratePerSecond,
      budgetMs: plan.budgetMs,
    }).catch(() => undefined);

    // Act: the state machine's Catch, after the last retry.
    const recorded = await recordRemediationTasksFailure(dependencies, {
      scanId: "s2",
      chunk,
      error: { Error: "TransientError", Cause: "remediation tasks chunk 0: 1 of 2 changes failed" },
    });

    // Assess
    expect(recorded).toEqual({ chunk: 0, recorded: 1 });
    const audit = await stateStore.listAudit({ from: NIGHT_2, to: NIGHT_2 });
    expect(audit.filter((entry) => entry.kind === "task.update")).toEqual([
      expect.objectContaining({
        detail: expect.objectContaining({ count: 1, chunkFailed: "TransientError" }),
      }),
    ]);
  });

  it("in a dry run lists the planned changes, says so, and records nothing", async () => {
    // Prepare
    const out = join(dir, "out");
    await persistedScan("s1", NIGHT_1, [dana]);

    // Act
    await syncTasks(deps(config({ sink: "local", dryRun: true }), out), "s1");

    // Assess
    const file = JSON.parse(await readFile(join(out, "tasks.json"), "utf8")) as TasksFile;
    expect(file).toMatchObject({ dryRun: true, tasks: [{ id: "leaver:E1042", change: "created" }] });
    expect(await taskStore.listTasks()).toEqual([]);
    expect(await stateStore.listAudit({ from: 0, to: NIGHT_2 })).toEqual([]);
  });
});
