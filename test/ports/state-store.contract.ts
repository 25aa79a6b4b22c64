/**
 * The behaviour every StateStore implementation must show (Instance Scheduler pattern): the
 * DynamoDB store on the embedded dynalite and the in-memory store both run this suite.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Finding, findingId } from "../../functions/core/finding.ts";
import type { StoredFinding, Waiver } from "../../functions/core/lifecycle/types.ts";
import type { AuditArchive } from "../../functions/ports/audit-archive.ts";
import {
  type AuditEntry,
  auditEntryId,
  type ScanRun,
  type StateStore,
} from "../../functions/ports/state-store.ts";

export interface StateStoreHarness {
  store: StateStore;
  /** The write-once copy the store archives its audit entries to. */
  archive: AuditArchive;
  /** Items written so far, counted as the local runtime counts DynamoDB writes (cli/local/count-dynamodb-writes.ts). */
  itemsWritten(): number;
  close(): Promise<void>;
}

const T0 = Date.parse("2026-11-26T09:00:00Z");
const DAY = 86_400_000;

function finding(accountId: string, evidencePadding = ""): Finding {
  const subject = { type: "account" as const, id: accountId };
  return {
    id: findingId("ghost-account", "okta", subject),
    rule: "ghost-account",
    severity: "critical",
    sourceId: "okta",
    subject,
    personId: null,
    title: "Enabled privileged account of departed person",
    evidence: { accountId, privileged: true, lastLoginAt: null, groups: ["admins"], note: evidencePadding },
    controls: ["SOC2 CC6.2", "NIST AC-2"],
    dependsOn: ["okta", "hr"],
  };
}

function stored(
  accountId: string,
  status: StoredFinding["status"],
  scanId: string,
  padding = "",
): StoredFinding {
  return {
    status,
    firstSeenAt: T0 - 3 * DAY,
    lastSeenAt: T0 - DAY,
    ...(status === "resolved" ? { resolvedAt: T0 } : {}),
    finding: finding(accountId, padding),
    scanId,
    previous: null,
  };
}

function run(scanId: string, startedAt = T0): ScanRun {
  return {
    scanId,
    status: "running",
    startedAt,
    evaluatedAt: startedAt,
    trigger: "cli",
    organization: "Acme Corp",
    timezone: "America/New_York",
  };
}

function audit(scanId: string, kind: string, subject: string, at: number, detail = {}): AuditEntry {
  return {
    id: auditEntryId(scanId, kind, subject),
    at,
    kind,
    actor: `scan:${scanId}`,
    subject,
    scanId,
    detail,
  };
}

export function stateStoreContract(name: string, open: () => Promise<StateStoreHarness>): void {
  describe(`StateStore contract: ${name}`, () => {
    let harness: StateStoreHarness;
    let store: StateStore;

    beforeAll(async () => {
      harness = await open();
      store = harness.store;
      await store.ensureTables();
    });
    afterAll(async () => {
      await harness.close();
    });

    describe("scan runs", () => {
      it("records a start once; a duplicate start returns the first run unchanged", async () => {
        // Prepare
        const before = harness.itemsWritten();

        // Act
        const first = await store.startScanRun(run("20261126T090000Z-aaaa0001"));
        const duplicate = await store.startScanRun({
          ...run("20261126T090000Z-aaaa0001", T0 + 5000),
          trigger: "retry",
        });

        // Assess
        expect(first.created).toBe(true);
        expect(duplicate).toEqual({ created: false, run: run("20261126T090000Z-aaaa0001") });
        expect(harness.itemsWritten() - before).toBe(1);
      });

      it("finishes a run, and a successful run with a result becomes the latest success", async () => {
        // Prepare
        await store.startScanRun(run("20261126T090000Z-aaaa0002"));

        // Act
        const finished = await store.finishScanRun("20261126T090000Z-aaaa0002", {
          status: "succeeded",
          finishedAt: T0 + 9000,
          resultKey: "scans/20261126T090000Z-aaaa0002/findings.jsonl.gz",
          resultSha256: "ab".repeat(32),
          rosterRecords: 1200,
          counts: { findings: 42 },
        });

        // Assess
        expect(finished).toMatchObject({
          status: "succeeded",
          finishedAt: T0 + 9000,
          counts: { findings: 42 },
        });
        expect(await store.getScanRun("20261126T090000Z-aaaa0002")).toEqual(finished);
        expect(await store.latestSuccessfulScan()).toEqual({
          scanId: "20261126T090000Z-aaaa0002",
          evaluatedAt: T0,
          finishedAt: T0 + 9000,
          resultKey: "scans/20261126T090000Z-aaaa0002/findings.jsonl.gz",
          resultSha256: "ab".repeat(32),
          rosterRecords: 1200,
          timezone: "America/New_York",
        });
      });

      it("keeps the replaced pointer as `previous`, and re-finishing the same scan does not move it", async () => {
        // Prepare
        await store.startScanRun(run("20261127T090000Z-aaaa0003", T0 + DAY));
        const finish = {
          status: "succeeded" as const,
          finishedAt: T0 + DAY + 9000,
          resultKey: "scans/20261127T090000Z-aaaa0003/findings.jsonl.gz",
          rosterRecords: 1190,
        };

        // Act
        await store.finishScanRun("20261127T090000Z-aaaa0003", finish);
        await store.finishScanRun("20261127T090000Z-aaaa0003", finish);

        // Assess
        expect(await store.latestSuccessfulScan()).toMatchObject({
          scanId: "20261127T090000Z-aaaa0003",
          previous: {
            scanId: "20261126T090000Z-aaaa0002",
            resultKey: "scans/20261126T090000Z-aaaa0002/findings.jsonl.gz",
            rosterRecords: 1200,
          },
        });
      });

      it("does not turn the pointer back for a late duplicate of an older scan", async () => {
        // Prepare
        await store.startScanRun(run("20261125T090000Z-aaaa0005", T0 - DAY));

        // Act
        await store.finishScanRun("20261125T090000Z-aaaa0005", {
          status: "succeeded",
          finishedAt: T0 + 3 * DAY,
          resultKey: "scans/20261125T090000Z-aaaa0005/findings.jsonl.gz",
        });

        // Assess
        expect((await store.latestSuccessfulScan())?.scanId).toBe("20261127T090000Z-aaaa0003");
      });

      it("does not move the pointer for a failed or aborted run", async () => {
        // Prepare
        await store.startScanRun(run("20261128T090000Z-aaaa0004", T0 + 2 * DAY));

        // Act
        await store.finishScanRun("20261128T090000Z-aaaa0004", {
          status: "aborted",
          finishedAt: T0 + 2 * DAY,
          reason: "the roster shrank by 40%",
        });

        // Assess
        expect((await store.latestSuccessfulScan())?.scanId).toBe("20261127T090000Z-aaaa0003");
        expect(await store.getScanRun("20261128T090000Z-aaaa0004")).toMatchObject({
          status: "aborted",
          reason: "the roster shrank by 40%",
        });
      });

      it("lists the recent successful runs oldest first, leaving out failed and aborted ones", async () => {
        // Act
        const recent = await store.recentSuccessfulScans(30);
        const lastOne = await store.recentSuccessfulScans(1);

        // Assess
        expect(recent.length).toBeGreaterThan(0);
        expect(recent.every((r) => r.status === "succeeded")).toBe(true);
        expect(recent.map((r) => r.evaluatedAt)).toEqual(
          [...recent.map((r) => r.evaluatedAt)].sort((a, b) => a - b),
        );
        expect(recent.map((r) => r.scanId)).not.toContain("20261128T090000Z-aaaa0004");
        expect(lastOne).toEqual(recent.slice(-1));
      });

      it("refuses to finish a run that was never started", async () => {
        // Act + Assess
        await expect(
          store.finishScanRun("20261129T090000Z-never000", { status: "failed", finishedAt: T0 }),
        ).rejects.toThrow(/never started/);
      });
      it("carries the counts the next scan compares its sources with on the pointer, and on `previous`", async () => {
        // Prepare: evaluated after every other run here, so the pointer moves
        const LATER = T0 + 400 * 86_400_000;
        const counts = { sources: { hr: 1200, okta: 840 }, roster: [{ evaluatedAt: LATER, records: 1200 }] };
        await store.startScanRun({ ...run("20270101T090000Z-aaaa0010"), evaluatedAt: LATER });
        await store.finishScanRun("20270101T090000Z-aaaa0010", {
          status: "succeeded",
          finishedAt: T0 + 9000,
          resultKey: "scans/20270101T090000Z-aaaa0010/findings.jsonl.gz",
          sourceCounts: counts,
        });
        await store.startScanRun({ ...run("20270102T090000Z-aaaa0011"), evaluatedAt: LATER + 86_400_000 });

        // Act
        await store.finishScanRun("20270102T090000Z-aaaa0011", {
          status: "succeeded",
          finishedAt: T0 + 86_409_000,
          resultKey: "scans/20270102T090000Z-aaaa0011/findings.jsonl.gz",
          sourceCounts: {
            sources: { hr: 1201, okta: 0 },
            roster: [{ evaluatedAt: LATER + 86_400_000, records: 1201 }],
          },
        });

        // Assess
        const latest = await store.latestSuccessfulScan();
        expect(latest?.sourceCounts?.sources).toEqual({ hr: 1201, okta: 0 });
        expect(latest?.previous?.sourceCounts).toEqual(counts);
        expect((await store.getScanRun("20270101T090000Z-aaaa0010"))?.sourceCounts).toEqual(counts);
      });
    });

    describe("persisted and published scans", () => {
      /** After every scan of the tests above. */
      const P = T0 + 500 * DAY;

      it("makes a persisted scan the baseline even if it never finishes, and keeps the one before as previous", async () => {
        // Prepare
        const before = await store.latestSuccessfulScan();
        await store.startScanRun(run("20280410T090000Z-pers0001", P));
        const counts = { sources: { hr: 1180 }, roster: [{ evaluatedAt: P, records: 1180 }] };

        // Act
        const persisted = await store.recordPersisted("20280410T090000Z-pers0001", {
          persistedAt: P + 4000,
          resultKey: "scans/20280410T090000Z-pers0001/findings.jsonl.gz",
          resultSha256: "cd".repeat(32),
          rosterRecords: 1180,
          sourceCounts: counts,
        });
        await store.finishScanRun("20280410T090000Z-pers0001", {
          status: "failed",
          finishedAt: P + 9000,
          reason: "PublishReportFailed",
        });

        // Assess
        expect(persisted).toMatchObject({ status: "running", persistedAt: P + 4000 });
        expect(await store.latestSuccessfulScan()).toMatchObject({
          scanId: "20280410T090000Z-pers0001",
          finishedAt: P + 4000,
          resultKey: "scans/20280410T090000Z-pers0001/findings.jsonl.gz",
          rosterRecords: 1180,
          sourceCounts: counts,
          previous: { scanId: before?.scanId },
        });
        expect((await store.recentSuccessfulScans(100)).map((r) => r.scanId)).not.toContain(
          "20280410T090000Z-pers0001",
        );
      });

      it("finds the last published scan before a run: marked published, or succeeded", async () => {
        // Prepare
        const succeeded = (await store.recentSuccessfulScans(1))[0];
        await store.startScanRun(run("20280411T090000Z-publ0001", P + DAY));
        await store.startScanRun(run("20280412T090000Z-publ0002", P + 2 * DAY));
        await store.markPublished("20280411T090000Z-publ0001", P + DAY + 5000);
        await store.markPublished("20280411T090000Z-publ0001", P + DAY + 7000);

        // Act
        const beforeSecond = await store.lastPublishedScan({
          scanId: "20280412T090000Z-publ0002",
          evaluatedAt: P + 2 * DAY,
        });
        const beforeFirst = await store.lastPublishedScan({
          scanId: "20280411T090000Z-publ0001",
          evaluatedAt: P + DAY,
        });

        // Assess
        expect(beforeSecond).toMatchObject({
          scanId: "20280411T090000Z-publ0001",
          publishedAt: P + DAY + 5000,
        });
        // The persisted-but-failed run of the test before is not published; the last succeeded one is.
        expect(beforeFirst?.scanId).toBe(succeeded?.scanId);
      });
    });

    describe("scan lock", () => {
      const lock = (holder: string, scanId: string, at: number) => ({
        holder,
        scanId,
        acquiredAt: at,
        until: at + 2 * 3_600_000,
      });

      it("lets one holder have it; another is refused and told who has it until when", async () => {
        // Act
        const first = await store.acquireScanLock(lock("exec-a", "locked-a", T0));
        const second = await store.acquireScanLock(lock("exec-b", "locked-b", T0 + 1000));
        const again = await store.acquireScanLock(lock("exec-a", "locked-a", T0 + 2000));

        // Assess
        expect(first).toEqual({ acquired: true });
        expect(second).toEqual({ acquired: false, current: lock("exec-a", "locked-a", T0) });
        expect(again).toEqual({ acquired: true });
        expect(await store.currentScanLock()).toEqual(lock("exec-a", "locked-a", T0 + 2000));
      });

      it("is free again once released by its holder, and not by anyone else", async () => {
        // Act
        const byOther = await store.releaseScanLock("exec-b");
        const byHolder = await store.releaseScanLock("exec-a");
        const twice = await store.releaseScanLock("exec-a");
        const next = await store.acquireScanLock(lock("exec-b", "locked-b", T0 + 3000));

        // Assess
        expect([byOther, byHolder, twice]).toEqual([false, true, false]);
        expect(next).toEqual({ acquired: true });
      });

      it("goes to another holder once its TTL has passed (a holder that died)", async () => {
        // Act
        const within = await store.acquireScanLock(lock("exec-c", "locked-c", T0 + 3000 + 2 * 3_600_000 - 1));
        const after = await store.acquireScanLock(lock("exec-c", "locked-c", T0 + 3000 + 2 * 3_600_000));

        // Assess
        expect(within.acquired).toBe(false);
        expect(after).toEqual({ acquired: true });
        expect((await store.currentScanLock())?.holder).toBe("exec-c");
        await store.releaseScanLock("exec-c");
      });

      it("lets exactly one of many concurrent holders have it", async () => {
        // Act
        const results = await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            store.acquireScanLock(lock(`exec-${i}`, `locked-${i}`, T0 + 10 * DAY)),
          ),
        );

        // Assess
        expect(results.filter((r) => r.acquired)).toHaveLength(1);
        const holder = (await store.currentScanLock())?.holder ?? "";
        await store.releaseScanLock(holder);
      });
    });

    describe("finding items", () => {
      it("stores items by status and moves them between statuses on overwrite", async () => {
        // Prepare
        const before = harness.itemsWritten();
        await store.putStoredFindings([
          stored("00u-a", "resolved", "scan-x"),
          stored("00u-b", "waived", "scan-x"),
          stored("00u-c", "reopened", "scan-x"),
        ]);
        const afterScanX = harness.itemsWritten();

        // Act
        await store.putStoredFindings([stored("00u-b", "resolved", "scan-y")]);

        // Assess
        const all = await store.getStoredFindings();
        expect(all.get(finding("00u-a").id)).toEqual(stored("00u-a", "resolved", "scan-x"));
        expect(all.get(finding("00u-b").id)).toEqual(stored("00u-b", "resolved", "scan-y"));
        expect((await store.listStoredFindings("waived")).map((f) => f.finding.id)).not.toContain(
          finding("00u-b").id,
        );
        expect(await store.getStoredFinding(finding("00u-c").id)).toEqual(
          stored("00u-c", "reopened", "scan-x"),
        );
        expect(await store.getStoredFinding(finding("00u-none").id)).toBeUndefined();
        expect(afterScanX - before).toBe(3);
        expect(harness.itemsWritten() - afterScanX).toBe(1);
      });

      it("writes and reads back more items than one batch and one query page hold", async () => {
        // Prepare: ~1.5 MB of items, beyond a 1 MB query page and many 25-item batches.
        const padding = "x".repeat(3000);
        const many = Array.from({ length: 500 }, (_, i) =>
          stored(`00u-many-${i}`, "resolved", "scan-many", padding),
        );

        const before = harness.itemsWritten();

        // Act
        const written = await store.putStoredFindings(many);
        const resolved = await store.listStoredFindings("resolved");

        // Assess
        expect(written).toBe(500);
        const ids = new Set(resolved.map((f) => f.finding.id));
        expect(many.every((f) => ids.has(f.finding.id))).toBe(true);
        expect(harness.itemsWritten() - before).toBe(500);
      });
    });

    describe("item size", () => {
      it("keeps every item under DynamoDB's 400 KB whatever a source field holds, cutting it with a marker", async () => {
        // Prepare: a 1 MB evidence value and 50,000 groups, as a broken export could hold.
        const padding = "y".repeat(1_000_000);
        const big = stored("00u-huge", "resolved", "scan-huge", padding);
        big.finding.evidence.groups = Array.from({ length: 50_000 }, (_, i) => `group-${i}`);

        // Act
        await store.putStoredFindings([big]);
        await store.appendAudit([
          audit("scan-huge", "scan.failed", "scan-huge", T0 + 40 * DAY, { reason: padding }),
        ]);

        // Assess
        const back = await store.getStoredFinding(big.finding.id);
        expect(back?.finding.id).toBe(big.finding.id);
        expect(back?.status).toBe("resolved");
        expect(String(back?.finding.evidence.note)).toMatch(/^y+…\[truncated: \d+ more characters\]$/);
        expect(Buffer.byteLength(JSON.stringify(back))).toBeLessThan(400 * 1024);
        const [entry] = await store.listAudit({ from: T0 + 40 * DAY, to: T0 + 40 * DAY });
        expect(String(entry?.detail?.reason)).toMatch(/…\[truncated: \d+ more characters\]$/);
      });
    });

    describe("waivers", () => {
      it("records, replaces and lists waivers by finding id", async () => {
        // Prepare
        const waiver: Waiver = {
          findingId: finding("00u-w").id,
          reason: "Mailbox under legal hold",
          approvedBy: "ciso@acme.com",
          until: T0 + 30 * DAY,
          untilText: "2026-12-26",
          createdAt: T0,
        };

        // Act
        await store.putWaiver(waiver);
        await store.putWaiver({ ...waiver, until: T0 + 60 * DAY, untilText: "2027-01-25" });

        // Assess
        expect(await store.getWaiver(waiver.findingId)).toEqual({
          ...waiver,
          until: T0 + 60 * DAY,
          untilText: "2027-01-25",
        });
        expect([...(await store.listWaivers()).keys()]).toEqual([waiver.findingId]);
        expect(await store.getWaiver("ghost-account:none")).toBeUndefined();
      });
    });

    describe("audit trail", () => {
      it("appends entries and lists them by time range, oldest first, across days", async () => {
        // Prepare
        const entries = [
          audit("scan-a", "scan.started", "scan-a", T0 + 10 * DAY + 2000),
          audit("scan-a", "finding.new", "scan-a", T0 + 10 * DAY + 1000, { count: 3 }),
          audit("scan-b", "scan.started", "scan-b", T0 + 11 * DAY),
          audit("scan-c", "scan.started", "scan-c", T0 + 13 * DAY),
        ];
        const before = harness.itemsWritten();

        // Act
        const result = await store.appendAudit(entries);
        const listed = await store.listAudit({ from: T0 + 10 * DAY, to: T0 + 12 * DAY });

        // Assess
        expect(result).toEqual({ written: 4, duplicates: 0 });
        expect(listed).toEqual([entries[1], entries[0], entries[2]]);
        expect(harness.itemsWritten() - before).toBe(4);
      });

      it("rejects a second entry with the same id and instant and keeps the first one unchanged", async () => {
        // Prepare
        const before = harness.itemsWritten();
        const original = audit("scan-d", "finding.resolved", "scan-d", T0 + 20 * DAY, { count: 5 });
        await store.appendAudit([original]);

        // Act
        const again = await store.appendAudit([
          { ...original, detail: { count: 999 }, actor: "user:mallory" },
        ]);

        // Assess
        expect(again).toEqual({ written: 0, duplicates: 1 });
        expect(await store.listAudit({ from: T0 + 20 * DAY, to: T0 + 20 * DAY })).toEqual([original]);
        expect(harness.itemsWritten() - before).toBe(1);
      });
    });

    describe("audit archive", () => {
      it("archives each entry before the table; a second version of an entry changes neither copy", async () => {
        // Prepare
        const original = audit("scan-w", "finding.new", "scan-w", T0 + 30 * DAY, { count: 7 });

        // Act
        await store.appendAudit([original]);
        await store.appendAudit([{ ...original, detail: { count: 8 } }]);

        // Assess
        const archived = (await harness.archive.entries()).filter((e) => e.entry.scanId === "scan-w");
        expect(archived.map((e) => e.entry)).toEqual([original]);
        expect(archived[0]?.key).toBe(`audit/scans/scan-w/entries/20261226T090000000Z-${original.id}.json`);
        expect(await store.listAudit({ from: T0 + 30 * DAY, to: T0 + 30 * DAY })).toEqual([original]);
      });

      it("puts the archived version into the table when an earlier attempt archived it but failed the table write", async () => {
        // Prepare: the first attempt archived its entry, then its table write failed.
        const first = audit("scan-v", "scan.failed", "scan-v", T0 + 31 * DAY, { reason: "first attempt" });
        await harness.archive.archive(first);

        // Act
        const result = await store.appendAudit([{ ...first, detail: { reason: "second attempt" } }]);

        // Assess
        expect(result).toEqual({ written: 1, duplicates: 0 });
        expect(await store.listAudit({ from: T0 + 31 * DAY, to: T0 + 31 * DAY })).toEqual([first]);
      });

      it("seals a scan's entries: their keys and SHA-256, under a key named after the digest", async () => {
        // Prepare
        await store.appendAudit([
          audit("scan-s", "scan.started", "scan-s", T0 + 32 * DAY),
          audit("scan-s", "scan.finished", "scan-s", T0 + 32 * DAY, { findings: 3 }),
          audit("scan-other", "scan.started", "scan-other", T0 + 32 * DAY),
        ]);

        // Act
        const seal = await store.sealAudit("scan-s", T0 + 32 * DAY + 5000);
        const again = await store.sealAudit("scan-s", T0 + 32 * DAY + 9000);

        // Assess
        expect(seal?.entries).toHaveLength(2);
        expect(seal?.entries.every((e) => e.key.startsWith("audit/scans/scan-s/entries/"))).toBe(true);
        expect(again?.digest).toBe(seal?.digest);
        const seals = (await harness.archive.seals()).filter((s) => s.scanId === "scan-s");
        expect(seals).toEqual([seal]);
      });
    });

    describe("step markers", () => {
      it("keeps the first result of a step; a retry gets it back instead of its own", async () => {
        // Prepare
        const before = harness.itemsWritten();

        // Act
        const first = await store.markStep("scan-e", "persist-lifecycle", { resultKey: "k1", findings: 3 });
        const retry = await store.markStep("scan-e", "persist-lifecycle", { resultKey: "k2", findings: 4 });

        // Assess
        expect(first).toEqual({ created: true, result: { resultKey: "k1", findings: 3 } });
        expect(retry).toEqual({ created: false, result: { resultKey: "k1", findings: 3 } });
        expect(await store.getStep("scan-e", "persist-lifecycle")).toEqual({ resultKey: "k1", findings: 3 });
        expect(await store.getStep("scan-e", "publish-report")).toBeUndefined();
        expect(harness.itemsWritten() - before).toBe(1);
      });

      it("records many done entries in one item a call, and lists them back per group", async () => {
        // Prepare
        const first = new Map(Array.from({ length: 25 }, (_, i) => [`M${i}`, { messageId: `<m${i}>` }]));
        const second = new Map([["M25", { messageId: "<m25>" }]]);
        const before = harness.itemsWritten();

        // Act
        await store.recordDone("scan-f", "email:manager-digests", first);
        await store.recordDone("scan-f", "email:manager-digests", second);
        await store.recordDone("scan-f", "email:other", new Map([["X", { messageId: "<x>" }]]));
        const done = await store.listDone<{ messageId: string }>("scan-f", "email:manager-digests");

        // Assess
        expect(done.size).toBe(26);
        expect(done.get("M25")).toEqual({ messageId: "<m25>" });
        expect(done.has("X")).toBe(false);
        expect(await store.listDone("scan-g", "email:manager-digests")).toEqual(new Map());
        expect(harness.itemsWritten() - before).toBe(3);
      });
    });
  });
}
