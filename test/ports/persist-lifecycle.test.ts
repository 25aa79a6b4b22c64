/**
 * The lifecycle persisted for real: DynamoDB store on the embedded dynalite (in memory), result
 * blobs as files. Each test drives scans the way the nightly state machine does: start the run,
 * persist the lifecycle, finish the run (which moves the latest-success pointer).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { countDynamoDbWrites, type WriteTally, writeTally } from "../../cli/local/count-dynamodb-writes.ts";
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from "../../cli/local/embedded-dynamodb.ts";
import { type Finding, findingId } from "../../functions/core/finding.ts";
import type { Transition } from "../../functions/core/lifecycle/types.ts";
import type { SourceStatus } from "../../functions/core/scan-context.ts";
import { DynamoDbStateStore } from "../../functions/ports/dynamodb-state-store.ts";
import { FileBlobStore } from "../../functions/ports/file-blob-store.ts";
import { readJsonLinesBlob } from "../../functions/ports/json-lines-blob.ts";
import { type PersistLifecycleOutcome, persistLifecycle } from "../../functions/ports/persist-lifecycle.ts";
import { readFindingsBlob } from "../../functions/ports/result-blob.ts";
import type { AuditEntry, StateStore } from "../../functions/ports/state-store.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T1 = Date.parse("2026-11-24T07:00:00Z");
const T2 = T1 + DAY;
const T3 = T2 + DAY;

function accountFinding(accountId: string, sourceId: string): Finding {
  const subject = { type: "account" as const, id: accountId };
  return {
    id: findingId("ghost-account", sourceId, subject),
    rule: "ghost-account",
    severity: "high",
    sourceId,
    subject,
    personId: "E1007",
    title: "Enabled account of departed person",
    evidence: { accountId, enabled: true, matchedBy: "email" },
    controls: ["SOC2 CC6.2", "ISO27001 A.5.18"],
    dependsOn: [sourceId, "hr"],
  };
}

const A = accountFinding("00u-okta-a", "okta");
const B = accountFinding("00u-okta-b", "okta");
const C = accountFinding("U-slack-c", "slack");

const allOk = new Map<string, SourceStatus>([
  ["hr", "ok"],
  ["okta", "ok"],
  ["slack", "ok"],
]);

function scanIdOf(now: number): string {
  return `${new Date(now)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z")}-0a1b2c3d`;
}

describe("persistLifecycle on the embedded DynamoDB", () => {
  let db: EmbeddedDynamoDb;
  let store: DynamoDbStateStore;
  let blobs: FileBlobStore;
  let blobRoot: string;
  let writes: WriteTally;

  beforeEach(async () => {
    db = await startEmbeddedDynamoDb();
    writes = writeTally();
    countDynamoDbWrites(db.client, writes);
    store = new DynamoDbStateStore({ client: db.client, tables: db.tables });
    blobRoot = await mkdtemp(join(tmpdir(), "deprov-persist-"));
    blobs = new FileBlobStore(blobRoot);
  });
  afterEach(async () => {
    await db.close();
    await rm(blobRoot, { recursive: true, force: true });
  });

  async function scan(
    now: number,
    findings: readonly Finding[],
    sourceStatus: ReadonlyMap<string, SourceStatus> = allOk,
    stateStore: StateStore = store,
  ): Promise<PersistLifecycleOutcome> {
    const scanId = scanIdOf(now);
    const { run } = await stateStore.startScanRun({
      scanId,
      status: "running",
      startedAt: now + 1000,
      evaluatedAt: now,
      timezone: "America/New_York",
    });
    const outcome = await persistLifecycle({
      stateStore,
      blobStore: blobs,
      scanId,
      now,
      recordedAt: run.startedAt,
      findings,
      sourceStatus,
    });
    await stateStore.finishScanRun(scanId, {
      status: "succeeded",
      finishedAt: now + 60_000,
      resultKey: outcome.summary.resultKey,
      resultSha256: outcome.summary.resultSha256,
      rosterRecords: 100,
    });
    return outcome;
  }

  async function transitionsOf(scanId: string): Promise<Pick<Transition, "findingId" | "kind">[]> {
    const transitions = await readJsonLinesBlob<Transition>(blobs, `scans/${scanId}/transitions.jsonl.gz`);
    return (transitions ?? []).map(({ findingId, kind }) => ({ findingId, kind }));
  }

  async function auditOf(scanId: string): Promise<AuditEntry[]> {
    return (await store.listAudit({ from: T1, to: T3 + DAY })).filter((entry) => entry.scanId === scanId);
  }

  it("follows findings across three scans: kept, resolved, carried, waived, expired, reopened", async () => {
    // Prepare: scan 1 sees A, B and C; A is then waived until half a day after scan 2.
    const first = await scan(T1, [A, B, C]);
    await store.putWaiver({
      findingId: A.id,
      reason: "Account kept for the legal-hold export",
      approvedBy: "ciso@acme.com",
      until: T2 + 12 * HOUR,
      untilText: "2026-11-25",
      createdAt: T1 + HOUR,
    });

    // Act: scan 2 sees only A; B is gone with its sources ok, C is gone while slack failed.
    const second = await scan(T2, [A], new Map([...allOk, ["slack", "failed"]]));
    // Act: scan 3 sees all three again; A's waiver has expired.
    const third = await scan(T3, [A, B, C]);

    // Assess: scan 1 opened everything and wrote no finding items.
    expect(first.summary).toMatchObject({ findings: 3, findingItemsWritten: 0, baselineScanId: null });
    expect(first.summary.transitions).toMatchObject({ new: 3, resolved: 0 });

    // Assess: scan 2 waived A, resolved B, carried C with its old lastSeenAt.
    const afterSecond = await readFindingsBlob(blobs, second.summary.resultKey);
    expect(afterSecond?.map((f) => [f.id, f.status, f.firstSeenAt, f.lastSeenAt])).toEqual([
      [A.id, "waived", T1, T2],
      [C.id, "open", T1, T1],
    ]);
    expect(await transitionsOf(scanIdOf(T2))).toEqual([
      { findingId: A.id, kind: "waived" },
      { findingId: B.id, kind: "resolved" },
    ]);
    expect(second.summary).toMatchObject({
      carried: 1,
      findingItemsWritten: 2,
      baselineScanId: scanIdOf(T1),
    });

    // Assess: scan 3 reopened A (waiver expired) and B (seen again), kept C's firstSeenAt.
    const afterThird = await readFindingsBlob(blobs, third.summary.resultKey);
    expect(afterThird?.map((f) => [f.id, f.status, f.firstSeenAt, f.lastSeenAt, f.reopenedAt])).toEqual([
      [A.id, "open", T1, T3, T3],
      [B.id, "open", T1, T3, T3],
      [C.id, "open", T1, T3, undefined],
    ]);
    expect(await transitionsOf(scanIdOf(T3))).toEqual([
      { findingId: A.id, kind: "waiver-expired" },
      { findingId: B.id, kind: "reopened" },
    ]);
    const stored = await store.getStoredFindings();
    expect(stored.get(A.id)).toMatchObject({ status: "reopened", reopenedAt: T3, scanId: scanIdOf(T3) });
    expect(stored.get(B.id)).toMatchObject({ status: "reopened", resolvedAt: T2, reopenedAt: T3 });
    expect(stored.has(C.id)).toBe(false);
  });

  it("writes one audit entry per scan and transition kind, referencing the transitions blob and its SHA-256", async () => {
    // Act
    const first = await scan(T1, [A, B, C]);
    await scan(T2, [A]);

    // Assess
    const entries = await auditOf(scanIdOf(T2));
    expect(entries.map((e) => [e.kind, e.detail?.count])).toEqual([["finding.resolved", 2]]);
    expect(entries[0]).toMatchObject({
      actor: `scan:${scanIdOf(T2)}`,
      subject: scanIdOf(T2),
      at: T2 + 1000,
      detail: { transitionsKey: `scans/${scanIdOf(T2)}/transitions.jsonl.gz` },
    });
    expect((await auditOf(scanIdOf(T1)))[0]?.detail).toMatchObject({
      count: 3,
      resultKey: first.summary.resultKey,
      resultSha256: first.summary.resultSha256,
    });
  });

  it("writes a handful of items for a first scan and only the run bookkeeping for an unchanged rescan", async () => {
    // Act
    await scan(T1, [A, B, C]);
    const firstScan = writes.count();
    await scan(T2, [A, B, C]);

    // Assess: run start, "new" audit entry, step marker, run finish, pointer.
    expect(firstScan).toBe(5);
    // Run start, step marker, run finish, pointer: no finding item, no audit entry.
    expect(writes.count() - firstScan).toBe(4);
    expect(await auditOf(scanIdOf(T2))).toEqual([]);
  });

  it("does nothing twice when the same scan id runs again (a retry or a duplicate schedule)", async () => {
    // Prepare
    await scan(T1, [A, B, C]);
    const second = await scan(T2, [A]);
    const written = writes.count();

    // Act
    const again = await scan(T2, [A]);

    // Assess
    expect(again.performed).toBe(false);
    expect(again.summary).toEqual(second.summary);
    expect(await auditOf(scanIdOf(T2))).toHaveLength(1);
    expect(await store.listStoredFindings("resolved")).toHaveLength(2);
    // Only the run's finish is written again (an update of the same run item).
    expect(writes.count()).toBe(written + 1);
  });

  it("recomputes the same transitions when a scan died after writing its items, without duplicating anything", async () => {
    // Prepare: the first attempt of scan 2 fails after its finding items, before its audit entries.
    await scan(T1, [A, B, C]);
    const failing: StateStore = Object.assign(Object.create(store) as DynamoDbStateStore, {
      appendAudit: async () => {
        throw new Error("throttled");
      },
    });
    await expect(scan(T2, [A], allOk, failing)).rejects.toThrow("throttled");
    const partial = await store.getStoredFindings();

    // Act
    const retried = await scan(T2, [A]);

    // Assess
    expect(partial.get(B.id)).toMatchObject({ status: "resolved", scanId: scanIdOf(T2) });
    expect(retried.performed).toBe(true);
    expect(retried.summary.transitions).toMatchObject({ resolved: 2 });
    expect(await transitionsOf(scanIdOf(T2))).toEqual([
      { findingId: B.id, kind: "resolved" },
      { findingId: C.id, kind: "resolved" },
    ]);
    expect(await auditOf(scanIdOf(T2))).toHaveLength(1);
    expect(await store.getStoredFindings()).toEqual(partial);
  });

  it("fails loudly when the last successful scan's result blob is gone", async () => {
    // Prepare
    const first = await scan(T1, [A]);
    await rm(join(blobRoot, ...first.summary.resultKey.split("/")));

    // Act + Assess
    await expect(scan(T2, [A])).rejects.toThrow(/result blob .* is missing/);
  });
});
