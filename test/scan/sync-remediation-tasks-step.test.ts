/**
 * The RemediationTasks step's outputs for people: tasks.json with this scan's changes (locally in
 * the output folder, in AWS beside the report), and the audit of every change an attempt carried
 * out — also when other changes of the attempt failed and a retry finishes the job.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type LoadedConfig, parseConfigText } from "../../functions/config/load-config.ts";
import type { LifecycleFinding } from "../../functions/core/lifecycle/types.ts";
import type { TaskRecord } from "../../functions/core/tasks/types.ts";
import { FileBlobStore } from "../../functions/ports/file-blob-store.ts";
import { MemoryStateStore } from "../../functions/ports/memory-state-store.ts";
import { findingsBlobKey } from "../../functions/ports/result-blob.ts";
import { MemoryTaskStore } from "../../functions/ports/tasks/memory-task-store.ts";
import { TaskSyncError } from "../../functions/ports/tasks/sync-tasks.ts";
import type { StoredTask, TaskClaim } from "../../functions/ports/tasks/task-store.ts";
import { blobKeys } from "../../functions/scan/blob-keys.ts";
import type { ScanDependencies } from "../../functions/scan/scan-dependencies.ts";
import { putJson } from "../../functions/scan/steps/source-snapshot.ts";
import { syncRemediationTasksStep } from "../../functions/scan/steps/sync-remediation-tasks.ts";
import type { TasksFile } from "../../functions/scan/tasks-file.ts";
import { lifecycleFinding } from "../core/tasks/task-fixtures.ts";

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

describe("RemediationTasks step: tasks.json and the audit", () => {
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
    const unused = (what: string): never => {
      throw new Error(`${what} is not used by the task step`);
    };
    return {
      stateStore,
      blobStore,
      loadConfig: async () => loaded,
      readExport: async () => unused("readExport"),
      readConfigFile: async () => unused("readConfigFile"),
      // The findings as the local runtime hands them over, in memory.
      memory: new Map(results),
      partitionSize: 1000,
      singleProcess: false,
      exclusive: (work) => work(),
      taskStore,
      resolveCredential: async () => unused("resolveCredential"),
      reportLink: () => "file:///tmp/report.html",
      log: () => {},
      ...(outputDir !== undefined ? { outputDir } : {}),
    };
  }

  /** A persisted scan as PersistFindings leaves it: the run, the metadata and the findings. */
  async function persistedScan(scanId: string, at: number, findings: LifecycleFinding[]): Promise<void> {
    await stateStore.startScanRun({ scanId, status: "running", startedAt: at, evaluatedAt: at });
    await putJson(blobStore, blobKeys.scanMeta(scanId), { people: PEOPLE });
    results.set(findingsBlobKey(scanId), findings);
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
    const output = await syncRemediationTasksStep(deps(config(), out), { scanId: "s1" });

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
    await syncRemediationTasksStep(deps(config(), join(dir, "out")), { scanId: "s1" });
    await persistedScan("s2", NIGHT_2, [dana, danaLaptop, lee]);

    // Act: no output folder, as in a Lambda.
    await syncRemediationTasksStep(deps(config()), { scanId: "s2" });

    // Assess
    const body = await blobStore.get(blobKeys.report("s2", "tasks.json"));
    const file = JSON.parse(String(body)) as TasksFile;
    expect(file.tasks.map((task) => [task.id, task.change, task.findingIds.length])).toEqual([
      ["leaver:E1042", "updated", 2],
      ["system:okta", "closed", 1],
    ]);
  });

  it("records what an attempt did before another change failed, and the retry's file has both", async () => {
    // Prepare: the first night opens both leavers' tasks; the second changes both.
    await persistedScan("s1", NIGHT_1, [dana, lee]);
    await syncRemediationTasksStep(deps(config()), { scanId: "s1" });
    await persistedScan("s2", NIGHT_2, [dana, danaLaptop, lee, leeSeat]);
    taskStore.failNextUpdateOf = "leaver:E2001";

    // Act
    const failed = await syncRemediationTasksStep(deps(config()), { scanId: "s2" }).catch(
      (error: unknown) => error,
    );
    const afterFailure = JSON.parse(
      String(await blobStore.get(blobKeys.report("s2", "tasks.json"))),
    ) as TasksFile;
    const retried = await syncRemediationTasksStep(deps(config()), { scanId: "s2" });

    // Assess
    expect(failed).toBeInstanceOf(TaskSyncError);
    expect(afterFailure.tasks.map((task) => [task.id, task.change])).toEqual([["leaver:E1042", "updated"]]);
    expect(retried).toMatchObject({ updated: 1, unchanged: 1 });
    const file = JSON.parse(String(await blobStore.get(blobKeys.report("s2", "tasks.json")))) as TasksFile;
    expect(file.tasks.map((task) => [task.id, task.change])).toEqual([
      ["leaver:E1042", "updated"],
      ["leaver:E2001", "updated"],
    ]);
    const audit = await stateStore.listAudit({ from: NIGHT_2, to: NIGHT_2 });
    expect(audit.filter((entry) => entry.kind === "task.update").map((entry) => entry.detail?.count)).toEqual(
      [1, 1],
    );
  });

  it("in a dry run lists the planned changes, says so, and records nothing", async () => {
    // Prepare
    const out = join(dir, "out");
    await persistedScan("s1", NIGHT_1, [dana]);

    // Act
    await syncRemediationTasksStep(deps(config({ sink: "local", dryRun: true }), out), {
      scanId: "s1",
    });

    // Assess
    const file = JSON.parse(await readFile(join(out, "tasks.json"), "utf8")) as TasksFile;
    expect(file).toMatchObject({ dryRun: true, tasks: [{ id: "leaver:E1042", change: "created" }] });
    expect(await taskStore.listTasks()).toEqual([]);
    expect(await stateStore.listAudit({ from: 0, to: NIGHT_2 })).toEqual([]);
  });
});
