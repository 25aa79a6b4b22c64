/**
 * The nightly-scan state machine, run whole by the local ASL interpreter on the demo org, with
 * the embedded DynamoDB-compatible store and files for blobs — named cases asserting on the
 * execution history and on the persisted state.
 */
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { generateDemo } from "../../cli/generate/generate-demo.ts";
import { countDynamoDbWrites, type WriteTally, writeTally } from "../../cli/local/count-dynamodb-writes.ts";
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from "../../cli/local/embedded-dynamodb.ts";
import { type LocalScanOptions, runLocalScan } from "../../cli/local/run-local-scan.ts";
import type { LocalHandler } from "../../cli/local/run-state-machine.ts";
import { loadConfig } from "../../functions/config/load-config.ts";
import type { LifecycleFinding } from "../../functions/core/lifecycle/types.ts";
import { DAY_MS } from "../../functions/core/time.ts";
import { DynamoDbStateStore } from "../../functions/ports/dynamodb-state-store.ts";
import { FileBlobStore } from "../../functions/ports/file-blob-store.ts";
import { readJsonLinesBlob } from "../../functions/ports/json-lines-blob.ts";
import { readFindingsBlob } from "../../functions/ports/result-blob.ts";
import { DynamoDbTaskStore } from "../../functions/ports/tasks/dynamodb-task-store.ts";
import { runScan } from "../../functions/scan/run-scan.ts";

const NOW = Date.parse("2026-11-26T12:00:00Z");
const dirs: string[] = [];

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "deprov-sfn-"));
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface Harness {
  orgDir: string;
  outDir: string;
  db: EmbeddedDynamoDb;
  stateStore: DynamoDbStateStore;
  /** DynamoDB items written through the store's client, every table. */
  writes: WriteTally;
  blobStore: FileBlobStore;
  alerts: string[];
  /** How the steps hand their results on (the in-memory local run, or the blob store as Lambdas do). */
  handOff: "memory" | "blobs";
  scan(now: number, extra?: Partial<LocalScanOptions>): ReturnType<typeof runLocalScan>;
  openFindings(): Promise<LifecycleFinding[]>;
}

let harness: Harness;

beforeEach(async () => {
  const orgDir = freshDir();
  await generateDemo({ outDir: orgDir, now: NOW });
  const db = await startEmbeddedDynamoDb();
  const writes = writeTally();
  countDynamoDbWrites(db.client, writes);
  const stateStore = new DynamoDbStateStore({ client: db.client, tables: db.tables });
  const blobStore = new FileBlobStore(join(freshDir(), "blobs"));
  const outDir = freshDir();
  const alerts: string[] = [];
  harness = {
    orgDir,
    outDir,
    db,
    stateStore,
    writes,
    blobStore,
    alerts,
    handOff: "memory",
    scan: (now, extra = {}) =>
      runLocalScan({
        handOff: harness.handOff,
        config: loadConfig(join(orgDir, "deprov.config.json")),
        stateStore,
        taskStore: new DynamoDbTaskStore({ client: db.client, tableName: db.tables.state }),
        blobStore,
        outDir,
        now,
        retryIntervalMs: 0,
        mailer: {
          send: async (message) => {
            if (message.subject.includes("guard rail")) alerts.push(message.text);
            return { messageId: `m-${alerts.length}`, bytes: message.text.length };
          },
        },
        ...extra,
      }),
    openFindings: async () => {
      const latest = await stateStore.latestSuccessfulScan();
      if (!latest) return [];
      return (await readFindingsBlob(blobStore, latest.resultKey)) ?? [];
    },
  };
});

afterEach(async () => {
  await harness.db.close();
});

/** Audit entries carry the real start time of their run; list the hours around now. */
function auditWindow(): { from: number; to: number } {
  return { from: Date.now() - 3_600_000, to: Date.now() + 3_600_000 };
}

function orgFile(name: string): string {
  return join(harness.orgDir, name);
}

describe.each(["memory", "blobs"] as const)(
  "nightly-scan.asl.json on the demo org, steps handing off through %s",
  (handOff) => {
    beforeEach(() => {
      harness.handOff = handOff;
    });

    it("runs every state once and persists the findings of a plain in-memory scan", async () => {
      // Act
      const { run } = await harness.scan(NOW);

      // Assess
      expect(run.status).toBe("succeeded");
      expect(run.history).toEqual(
        expect.arrayContaining([
          "StartScan",
          "CollectSources",
          "CheckGuardRails",
          "GuardRailsPassed",
          "Reconcile",
          "PersistFindings",
          "PublishResults",
          "FinishScan",
        ]),
      );
      expect(run.history).not.toContain("AbortScan");
      const persisted = await harness.openFindings();
      const direct = await runScan({ config: loadConfig(orgFile("deprov.config.json")), now: NOW });
      if (direct.status !== "completed") throw new Error("direct scan aborted");
      expect(persisted.map((f) => f.id).sort()).toEqual(direct.result.findings.map((f) => f.id).sort());
      expect(readFileSync(join(harness.outDir, "report.html"), "utf8")).toContain("<html");
    });

    it("keeps firstSeenAt on the second run and resolves what disappeared", async () => {
      // Prepare
      await harness.scan(NOW);
      const before = await harness.openFindings();
      const resourceFindings = before.filter((f) => f.rule === "orphaned-resource");
      expect(resourceFindings.length).toBeGreaterThan(0);
      // The owners' jobs were deleted: their rows are gone, the other resources are still listed.
      const gone = new Set(resourceFindings.map((f) => f.subject.id));
      const rows = readFileSync(orgFile("resources.csv"), "utf8").split("\n");
      const remaining = rows.filter((row, i) => i === 0 || !gone.has(row.split(",")[0] ?? ""));
      expect(rows.length - remaining.length).toBe(gone.size);
      writeFileSync(orgFile("resources.csv"), remaining.join("\n"));

      // Act
      const later = NOW + DAY_MS;
      const { run } = await harness.scan(later);

      // Assess
      expect(run.status).toBe("succeeded");
      const after = await harness.openFindings();
      expect(after.filter((f) => f.rule === "orphaned-resource")).toEqual([]);
      const kept = after.find((f) => f.id === before.find((b) => b.rule === "ghost-account")?.id);
      expect(kept?.firstSeenAt).toBe(NOW);
      expect(kept?.lastSeenAt).toBe(later);
      const resolved = await harness.stateStore.listStoredFindings("resolved");
      expect(resolved.map((r) => r.finding.id).sort()).toEqual(resourceFindings.map((f) => f.id).sort());
      // Remediation tasks were updated in place, not created again.
      const tasks = await new DynamoDbTaskStore({
        client: harness.db.client,
        tableName: harness.db.tables.state,
      }).listTasks();
      expect(new Set(tasks.map((t) => t.key)).size).toBe(tasks.length);
      expect(tasks.some((t) => t.version > 1)).toBe(true);
    });

    it("keeps a failed source's findings open and reports the source failed", async () => {
      // Prepare
      await harness.scan(NOW);
      const oktaFindings = (await harness.openFindings()).filter((f) => f.sourceId === "okta");
      expect(oktaFindings.length).toBeGreaterThan(0);
      unlinkSync(orgFile("okta-users.json"));

      // Act
      const { run } = await harness.scan(NOW + DAY_MS);

      // Assess
      expect(run.status).toBe("succeeded");
      const after = await harness.openFindings();
      for (const finding of oktaFindings) expect(after.map((f) => f.id)).toContain(finding.id);
      expect(await harness.stateStore.listStoredFindings("resolved")).toEqual([]);
      const report = readFileSync(join(harness.outDir, "report.html"), "utf8");
      expect(report).toMatch(/okta[\s\S]*failed/);
      const json = JSON.parse(readFileSync(join(harness.outDir, "findings.json"), "utf8")) as {
        sources: { id: string; status: string }[];
      };
      expect(json.sources.find((s) => s.id === "okta")?.status).toBe("failed");
    });

    it("aborts on a truncated roster before any finding changes, and alerts", async () => {
      // Prepare
      await harness.scan(NOW);
      const latestBefore = await harness.stateStore.latestSuccessfulScan();
      const roster = readFileSync(orgFile("hr-roster.csv"), "utf8").split("\n");
      writeFileSync(orgFile("hr-roster.csv"), roster.slice(0, Math.floor(roster.length / 2)).join("\n"));

      // Act
      const { run } = await harness.scan(NOW + DAY_MS);

      // Assess
      expect(run.status).toBe("failed");
      expect(run.error?.name).toBe("ScanAborted");
      expect(run.history).toContain("AbortScan");
      expect(run.history).not.toContain("Reconcile");
      expect(run.history).not.toContain("PersistFindings");
      expect(await harness.stateStore.latestSuccessfulScan()).toEqual(latestBefore);
      expect(await harness.stateStore.listStoredFindings("resolved")).toEqual([]);
      expect(harness.alerts).toEqual([
        expect.stringMatching(/roster shrank by \d+\.\d% \(from 301 to \d+ records\)/),
      ]);
      const audit = await harness.stateStore.listAudit(auditWindow());
      expect(audit.filter((e) => e.kind === "email.sent" && e.subject === "guard-rail-alert")).toEqual([
        expect.objectContaining({ scanId: expect.not.stringMatching(/^$/) }),
      ]);
    });

    it("accepts a known roster change once, recorded in the audit trail", async () => {
      // Prepare
      await harness.scan(NOW);
      const roster = readFileSync(orgFile("hr-roster.csv"), "utf8").split("\n");
      writeFileSync(orgFile("hr-roster.csv"), roster.slice(0, Math.floor(roster.length / 2)).join("\n"));

      // Act
      const { run } = await harness.scan(NOW + DAY_MS, {
        acceptRosterChange: { by: "maria.lopez", reason: "Divestiture of the Analytics unit" },
      });

      // Assess
      expect(run.status).toBe("succeeded");
      const audit = await harness.stateStore.listAudit(auditWindow());
      expect(audit.filter((e) => e.kind === "roster-change.accepted")).toEqual([
        expect.objectContaining({
          actor: "user:maria.lopez",
          detail: { reason: "Divestiture of the Analytics unit" },
        }),
      ]);
    });

    it("creates no duplicates when a Task crashes after its side effects and is retried", async () => {
      // Prepare: PersistFindings and FinishScan each do their work, then crash once
      const crashed = new Set<string>();
      const crashOnceAfter = (placeholder: string, handler: LocalHandler): LocalHandler =>
        placeholder === "PersistFindingsFunctionArn" || placeholder === "FinishScanFunctionArn"
          ? async (input) => {
              const result = await handler(input);
              if (!crashed.has(placeholder)) {
                crashed.add(placeholder);
                throw Object.assign(new Error("Lambda crashed after its work"), {
                  name: "Lambda.ServiceException",
                });
              }
              return result;
            }
          : handler;

      // Act
      const { run } = await harness.scan(NOW, { scanId: "crashy-run", wrapHandler: crashOnceAfter });

      // Assess
      expect(run.status).toBe("succeeded");
      expect(run.tasks.filter((t) => t.state === "PersistFindings")).toHaveLength(2);
      expect(run.tasks.filter((t) => t.state === "FinishScan")).toHaveLength(2);
      const audit = await harness.stateStore.listAudit(auditWindow());
      expect(new Set(audit.map((e) => e.id)).size).toBe(audit.length);
      expect(
        audit
          .filter((e) => !e.kind.startsWith("task.") && !e.kind.startsWith("email."))
          .map((e) => e.kind)
          .sort(),
      ).toEqual(["finding.new", "scan.finished", "scan.started"]);
      const tasks = await new DynamoDbTaskStore({
        client: harness.db.client,
        tableName: harness.db.tables.state,
      }).listTasks();
      expect(tasks.length).toBeGreaterThan(10);
      const taskAudit = audit.filter((e) => e.kind === "task.create");
      expect(taskAudit).toHaveLength(1);
      expect(taskAudit[0]?.detail?.count).toBe(tasks.length);
      const changesKey = String(taskAudit[0]?.detail?.changesKey);
      const changes = await readJsonLinesBlob<{ key: string }>(harness.blobStore, changesKey);
      expect(changes?.map((c) => c.key).sort()).toEqual(tasks.map((t) => t.key).sort());
      const emails = audit.filter((e) => e.kind === "email.sent").map((e) => e.subject);
      expect(new Set(emails).size).toBe(emails.length);
      expect(emails).toContain("compliance-digest");
      const persisted = await harness.openFindings();
      expect(new Set(persisted.map((f) => f.id)).size).toBe(persisted.length);
    });

    it("a re-run of the same night finds nothing new and sends no manager digest again", async () => {
      // Prepare: the night, then the same night again (a new scan id, the same --now).
      const sent: string[] = [];
      const mailer = {
        send: async (message: { subject: string; idempotencyKey: string; text: string }) => {
          sent.push(message.idempotencyKey);
          return { messageId: `m-${sent.length}`, bytes: message.text.length };
        },
      };
      await harness.scan(NOW, { mailer });
      const firstNight = sent.length;

      // Act
      const { run, deps } = await harness.scan(NOW, { mailer, scanId: "20261126T120000Z-again" });

      // Assess
      expect(run.status).toBe("succeeded");
      expect(firstNight).toBeGreaterThan(5);
      expect(sent.slice(firstNight).filter((key) => key.includes("manager-digest"))).toEqual([]);
      const output = run.output as { published?: { digests?: number; unchanged?: number }[] };
      expect(output.published?.find((branch) => branch.digests !== undefined)).toMatchObject({ digests: 0 });
      // In memory the steps left their results to the next; handed off through blobs, nothing is kept.
      expect(deps.memory.size > 0).toBe(handOff === "memory");
    });

    it("a duplicated run of the same scan id writes nothing twice", async () => {
      // Prepare
      await harness.scan(NOW, { scanId: "nightly-2026-11-26" });
      const auditBefore = await harness.stateStore.listAudit(auditWindow());
      const itemsBefore = harness.writes.count();

      // Act
      const { run } = await harness.scan(NOW, { scanId: "nightly-2026-11-26" });

      // Assess
      expect(run.status).toBe("succeeded");
      expect(await harness.stateStore.listAudit(auditWindow())).toEqual(auditBefore);
      expect(await harness.stateStore.listStoredFindings("resolved")).toEqual([]);
      // Only idempotent re-writes of the run's own records, no finding items.
      expect(harness.writes.count() - itemsBefore).toBeLessThan(10);
    });

    it("a partitioned reconcile gives exactly the findings of a single partition", async () => {
      // Prepare
      await harness.scan(NOW, { scanId: "single" });
      const single = await harness.openFindings();

      // Act
      const { run } = await harness.scan(NOW, { scanId: "partitioned", partitionSize: 400 });

      // Assess
      expect(run.status).toBe("succeeded");
      const partitions = run.tasks.filter((t) => t.state === "ReconcilePartition");
      expect(partitions.length).toBeGreaterThan(5);
      const partitioned = await harness.openFindings();
      const strip = (findings: LifecycleFinding[]) =>
        findings.map(({ firstSeenAt, lastSeenAt, ...rest }) => rest);
      expect(strip(partitioned)).toEqual(strip(single));
    });
  },
);

describe("nightly-scan.asl.json with worker threads", () => {
  it("worker threads give exactly the findings and tasks of a single thread", async () => {
    // Prepare
    const taskStore = new DynamoDbTaskStore({
      client: harness.db.client,
      tableName: harness.db.tables.state,
    });
    const workers = {
      size: 1,
      dynamoDb: { endpoint: harness.db.endpoint, tables: harness.db.tables },
      blobRoot: harness.blobStore.root,
    };

    // Act
    const { run } = await harness.scan(NOW, { scanId: "worker-threads", workers });
    const threaded = await harness.openFindings();
    const threadedTasks = await taskStore.listTasks();
    const threadedExport = readFileSync(join(harness.outDir, "findings.csv"), "utf8");
    await harness.scan(NOW, { scanId: "single-thread" });

    // Assess
    expect(run.status).toBe("succeeded");
    const sources = loadConfig(orgFile("deprov.config.json")).sources.length;
    expect(run.tasks.filter((t) => t.state === "CollectSource" && !t.failed)).toHaveLength(sources);
    const strip = (findings: LifecycleFinding[]) =>
      findings.map(({ firstSeenAt, lastSeenAt, ...rest }) => rest);
    expect(strip(threaded)).toEqual(strip(await harness.openFindings()));
    // ExportFindings runs only on a worker: its export is the one the single thread wrote again.
    expect(threadedExport).toEqual(readFileSync(join(harness.outDir, "findings.csv"), "utf8"));
    // The task chunks ran on whichever thread was free; the single-threaded run found nothing to
    // change.
    expect(threadedTasks.length).toBeGreaterThan(10);
    expect((await taskStore.listTasks()).map((t) => t.version)).toEqual(threadedTasks.map((t) => t.version));
  });
});
