/**
 * The remediation-task branch of statemachines/nightly-scan.asl.json, run by the local interpreter
 * with the real handlers and the blob hand-off Lambda takes (singleProcess: false): a first night's
 * thousands of task changes in chunks, and a chunk that crashes part way resumed without a task
 * changed twice, every change audited once.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AslMachine, readAslDefinition } from "../../cli/local/asl-definition.ts";
import { NIGHTLY_SCAN_ASL } from "../../cli/local/run-local-scan.ts";
import { runStateMachineLocally } from "../../cli/local/run-state-machine.ts";
import { parseConfigText } from "../../functions/config/load-config.ts";
import type { LifecycleFinding } from "../../functions/core/lifecycle/types.ts";
import type { TaskRecord } from "../../functions/core/tasks/types.ts";
import { finishRemediationTasksHandler } from "../../functions/handlers/finish-remediation-tasks.ts";
import { planRemediationTasksHandler } from "../../functions/handlers/plan-remediation-tasks.ts";
import { recordRemediationTasksFailureHandler } from "../../functions/handlers/record-remediation-tasks-failure.ts";
import { syncRemediationTasksHandler } from "../../functions/handlers/sync-remediation-tasks.ts";
import { FileBlobStore } from "../../functions/ports/file-blob-store.ts";
import type { StoredTask, TaskStore } from "../../functions/ports/tasks/task-store.ts";
import type { PersonSummary } from "../../functions/scan/contract/scan-result.ts";
import type { ScanDependencies } from "../../functions/scan/scan-dependencies.ts";
import { lifecycleFinding } from "../core/tasks/task-fixtures.ts";
import { MemoryStateStore } from "../support/memory-state-store.ts";
import { MemoryTaskStore } from "../support/memory-task-store.ts";
import { persistedScan, stepDependencies } from "../support/persisted-scan.ts";

const SCAN_ID = "20261126T120000Z-tasks";
const EVALUATED_AT = Date.parse("2026-11-26T12:00:00Z");

function taskBranch(): AslMachine {
  const definition = readAslDefinition(NIGHTLY_SCAN_ASL);
  const branches = (definition.States.PublishResults?.Branches ?? []) as AslMachine[];
  const branch = branches.find((b) => b.StartAt === "PlanRemediationTasks");
  if (!branch) throw new Error("no remediation-task branch in the nightly scan");
  return branch;
}

/** Writes the first `limit` records of its first batch, then fails: a crash in the middle of a chunk. */
class CrashingOnceStore implements TaskStore {
  private crashed = false;
  constructor(
    private readonly inner: TaskStore,
    private readonly afterRecords: number,
  ) {}
  listTasks = () => this.inner.listTasks();
  getTask = (key: string) => this.inner.getTask(key);
  getTasks = (keys: readonly string[]) => this.inner.getTasks(keys);
  putTask = (task: Parameters<TaskStore["putTask"]>[0], version: number) => this.inner.putTask(task, version);
  async createTasks(tasks: readonly TaskRecord[]): Promise<StoredTask[]> {
    if (this.crashed || tasks.length <= this.afterRecords) return this.inner.createTasks(tasks);
    this.crashed = true;
    await this.inner.createTasks(tasks.slice(0, this.afterRecords));
    throw Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
  }
}

describe("remediation tasks through the state machine, in chunks", () => {
  let root: string;
  let stateStore: MemoryStateStore;
  let tasks: MemoryTaskStore;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "deprov-tasks-"));
    stateStore = new MemoryStateStore();
    tasks = new MemoryTaskStore();
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function prepare(leavers: number, taskStore: TaskStore): Promise<ScanDependencies> {
    const blobStore = new FileBlobStore(join(root, "blobs"));
    const people: Record<string, PersonSummary> = {};
    const findings: LifecycleFinding[] = [];
    for (let i = 0; i < leavers; i++) {
      const personId = `E${String(i).padStart(5, "0")}`;
      people[personId] = { name: `Leaver ${i}`, terminationDate: "2026-10-01" };
      findings.push(
        lifecycleFinding({ rule: "ghost-account", sourceId: "okta", subjectId: `u-${personId}`, personId }),
      );
    }
    await persistedScan(stateStore, blobStore, {
      scanId: SCAN_ID,
      evaluatedAt: EVALUATED_AT,
      timezone: "America/New_York",
      people,
      findings,
      leavers: false,
    });
    const config = parseConfigText(
      JSON.stringify({
        organization: "Acme Corp",
        sources: [{ id: "hr", kind: "roster", format: "csv", path: "hr.csv" }],
        tasks: { sink: "local" },
      }),
      join(root, "deprov.config.json"),
    );
    return stepDependencies({ stateStore, blobStore, loadConfig: async () => config, taskStore });
  }

  /** Every step with memory of its own, as each Lambda has. */
  function run(deps: ScanDependencies) {
    const own = () => ({ ...deps, memory: new Map<string, unknown>() });
    return runStateMachineLocally({
      definition: taskBranch(),
      handlers: {
        PlanRemediationTasksFunctionArn: planRemediationTasksHandler.withDependencies(own()),
        SyncRemediationTasksFunctionArn: (event) =>
          syncRemediationTasksHandler.withDependencies(own())(event),
        RecordRemediationTasksFailureFunctionArn: recordRemediationTasksFailureHandler.withDependencies(
          own(),
        ),
        FinishRemediationTasksFunctionArn: finishRemediationTasksHandler.withDependencies(own()),
      },
      input: { scan: { scanId: SCAN_ID } },
      retryIntervalMs: 0,
    });
  }

  async function auditedCreates(): Promise<number> {
    const audit = await stateStore.listAudit({ from: 0, to: Number.MAX_SAFE_INTEGER });
    return audit
      .filter((entry) => entry.kind === "task.create")
      .reduce((sum, entry) => sum + Number(entry.detail?.count ?? 0), 0);
  }

  it("opens 5,000 tasks in chunks, each change audited once", async () => {
    // Prepare
    const deps = await prepare(5_000, tasks);

    // Act
    const result = await run(deps);

    // Assess
    expect(result.status).toBe("succeeded");
    expect(result.output).toMatchObject({ sink: "local", created: 5_000, chunks: 3 });
    expect(await tasks.listTasks()).toHaveLength(5_000);
    expect(await auditedCreates()).toBe(5_000);
  }, 60_000);

  it("resumes a chunk that crashed part way: no task written twice, every change audited once", async () => {
    // Prepare: the store fails once, after writing 700 records of a chunk's batch.
    const deps = await prepare(3_000, new CrashingOnceStore(tasks, 700));

    // Act
    const result = await run(deps);

    // Assess
    expect(result.status).toBe("succeeded");
    expect(result.tasks.filter((task) => task.state === "SyncRemediationTasks").length).toBe(3);
    expect(result.output).toMatchObject({ created: 3_000 });
    const stored = await tasks.listTasks();
    expect(stored).toHaveLength(3_000);
    expect(stored.every((task) => task.version === 1 && task.lastChange === "create")).toBe(true);
    expect(await auditedCreates()).toBe(3_000);
  }, 60_000);
});
