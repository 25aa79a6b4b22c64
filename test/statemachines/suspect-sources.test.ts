/**
 * Suspect sources through the whole nightly-scan state machine (SPEC §5), on the demo org: an
 * account export that comes back empty, then half full, keeps its findings and tasks open, and
 * only an accepted change lets them resolve and close. Every step is checked where a user sees
 * it: findings.json, report.html, the audit trail and the email that went out.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { generateDemo } from "../../cli/generate/generate-demo.ts";
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from "../../cli/local/embedded-dynamodb.ts";
import { type LocalScanOptions, runLocalScan } from "../../cli/local/run-local-scan.ts";
import { loadConfig } from "../../functions/config/load-config.ts";
import type { LifecycleFinding } from "../../functions/core/lifecycle/types.ts";
import { DAY_MS } from "../../functions/core/time.ts";
import { DynamoDbStateStore } from "../../functions/ports/dynamodb-state-store.ts";
import { FileBlobStore } from "../../functions/ports/file-blob-store.ts";
import { readFindingsBlob } from "../../functions/ports/result-blob.ts";
import type { AuditEntry } from "../../functions/ports/state-store.ts";
import { DynamoDbTaskStore } from "../../functions/ports/tasks/dynamodb-task-store.ts";

const NOW = Date.parse("2026-11-26T12:00:00Z");
const SOURCE = "slack";
const EXPORT = "slack-scim-users.json";
const LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const dirs: string[] = [];

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "deprov-suspect-"));
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface SentEmail {
  subject: string;
  text: string;
}

interface FindingsJson {
  sources: {
    id: string;
    status: string;
    records: number;
    suspect: {
      reasons: string[];
      previousRecords: number | null;
      accepted: { by: string; reason: string } | null;
    } | null;
  }[];
}

let orgDir: string;
let outDir: string;
let db: EmbeddedDynamoDb;
let stateStore: DynamoDbStateStore;
let taskStore: DynamoDbTaskStore;
let blobStore: FileBlobStore;
let emails: SentEmail[];

beforeEach(async () => {
  orgDir = freshDir();
  await generateDemo({ outDir: orgDir, now: NOW });
  db = await startEmbeddedDynamoDb();
  stateStore = new DynamoDbStateStore({ client: db.client, tables: db.tables });
  taskStore = new DynamoDbTaskStore({ client: db.client, tableName: db.tables.state });
  blobStore = new FileBlobStore(join(freshDir(), "blobs"));
  outDir = freshDir();
  emails = [];
});

afterEach(async () => {
  await db.close();
});

/** How the steps hand their results on (the in-memory local run, or the blob store as Lambdas do). */
let handOff: "memory" | "blobs" = "memory";

function scan(now: number, extra: Partial<LocalScanOptions> = {}) {
  return runLocalScan({
    handOff,
    config: loadConfig(join(orgDir, "deprov.config.json")),
    stateStore,
    taskStore,
    blobStore,
    outDir,
    now,
    retryIntervalMs: 0,
    mailer: {
      send: async (message) => {
        emails.push({ subject: message.subject, text: message.text });
        return { messageId: `m-${emails.length}`, bytes: message.text.length };
      },
    },
    ...extra,
  });
}

async function openFindings(): Promise<LifecycleFinding[]> {
  const latest = await stateStore.latestSuccessfulScan();
  return latest === undefined ? [] : ((await readFindingsBlob(blobStore, latest.resultKey)) ?? []);
}

function findingsJson(): FindingsJson {
  return JSON.parse(readFileSync(join(outDir, "findings.json"), "utf8")) as FindingsJson;
}

function sourceIn(json: FindingsJson) {
  const source = json.sources.find((s) => s.id === SOURCE);
  if (source === undefined) throw new Error(`findings.json has no source ${SOURCE}`);
  return source;
}

async function auditOf(scanId: string): Promise<AuditEntry[]> {
  const entries = await stateStore.listAudit({ from: Date.now() - 3_600_000, to: Date.now() + 3_600_000 });
  return entries.filter((entry) => entry.scanId === scanId);
}

/** Writes the export with only the users of `all` that `keep` accepts (a valid, complete ListResponse). */
function writeUsers(all: readonly { id: string }[], keep: (user: { id: string }) => boolean): number {
  const users = all.filter(keep);
  writeFileSync(
    join(orgDir, EXPORT),
    JSON.stringify({
      schemas: [LIST_RESPONSE],
      totalResults: users.length,
      itemsPerPage: users.length,
      startIndex: 1,
      Resources: users,
    }),
  );
  return users.length;
}

describe.each(["memory", "blobs"] as const)(
  "a suspect account source through the nightly scan, steps handing off through %s",
  (mode) => {
    beforeEach(() => {
      handOff = mode;
    });

    it("keeps its findings and tasks open while it is empty, then half full, and resolves them once the change is accepted", async () => {
      // Prepare: a normal first scan, and the full export to cut down later
      const first = await scan(NOW);
      expect(first.run.status).toBe("succeeded");
      const full = JSON.parse(readFileSync(join(orgDir, EXPORT), "utf8")) as { Resources: { id: string }[] };
      const all = (await openFindings()).filter((f) => f.sourceId === SOURCE);
      // A rule that could not run on part of the source (SCIM has no disable time, no last login)
      // never resolves by absence there, healthy or not: those findings are left out.
      const partlyEvaluated = new Set(
        (
          JSON.parse(readFileSync(join(outDir, "findings.json"), "utf8")) as {
            notEvaluated: { rule: string; sourceId: string }[];
          }
        ).notEvaluated
          .filter((n) => n.sourceId === SOURCE)
          .map((n) => n.rule),
      );
      const before = all.filter((f) => !partlyEvaluated.has(f.rule));
      expect(before.length).toBeGreaterThan(0);
      const findingIds = new Set(before.map((f) => f.id));
      const subjects = new Set(all.map((f) => f.subject.id));
      const sourceTasks = (await taskStore.listTasks()).filter(
        (t) => t.findingIds.length > 0 && t.findingIds.every((id) => findingIds.has(id)),
      );
      expect(sourceTasks.length).toBeGreaterThan(0);
      const openTaskKeys = sourceTasks.map((t) => t.key).sort();

      // Act 1: the export comes back as a valid, empty ListResponse
      writeUsers(full.Resources, () => false);
      const empty = await scan(NOW + DAY_MS, { scanId: "night-2-empty" });

      // Assess 1: suspect, with the numbers; nothing of it resolved; its tasks stay open
      expect(empty.run.status).toBe("succeeded");
      const emptySource = sourceIn(findingsJson());
      expect(emptySource).toMatchObject({ status: "suspect", records: 0 });
      expect(emptySource.suspect).toEqual({
        reasons: [`returned 0 records where its last successful collection had ${full.Resources.length}`],
        previousRecords: full.Resources.length,
        accepted: null,
      });
      const afterEmpty = new Set((await openFindings()).map((f) => f.id));
      for (const id of findingIds) expect(afterEmpty.has(id)).toBe(true);
      expect(await stateStore.listStoredFindings("resolved")).toEqual([]);
      const tasksAfterEmpty = (await taskStore.listTasks()).filter((t) => openTaskKeys.includes(t.key));
      expect(tasksAfterEmpty.map((t) => t.status)).toEqual(openTaskKeys.map(() => "open"));
      expect(readFileSync(join(outDir, "report.html"), "utf8")).toMatch(/source suspect:<\/strong> slack/);
      const emptyAudit = await auditOf("night-2-empty");
      expect(emptyAudit.filter((e) => e.kind === "source.suspect")).toEqual([
        expect.objectContaining({
          subject: SOURCE,
          detail: expect.objectContaining({ records: 0, previousRecords: full.Resources.length }),
        }),
      ]);
      expect(emptyAudit.filter((e) => e.kind === "task.close")).toEqual([]);
      expect(emails.filter((e) => e.subject.includes("suspect, findings kept open"))).toEqual([
        expect.objectContaining({
          text: expect.stringContaining(
            `slack: 0 records, 0 rejected (last successful collection: ${full.Resources.length})`,
          ),
        }),
      ]);

      // Act 2: half the records come back — without any of the accounts that had findings
      let dropped = 0;
      const half = Math.floor(full.Resources.length / 2);
      const kept = writeUsers(full.Resources, (user) => {
        if (subjects.has(user.id) || dropped < half - subjects.size) {
          if (!subjects.has(user.id)) dropped++;
          return false;
        }
        return true;
      });
      const halved = await scan(NOW + 2 * DAY_MS, { scanId: "night-3-half" });

      // Assess 2: still suspect, against the last successful collection (not last night's empty one)
      expect(halved.run.status).toBe("succeeded");
      const halfSource = sourceIn(findingsJson());
      expect(halfSource.status).toBe("suspect");
      expect(halfSource.suspect?.previousRecords).toBe(full.Resources.length);
      expect(halfSource.suspect?.reasons).toEqual([
        expect.stringMatching(
          new RegExp(`^shrank by \\d+\\.\\d% \\(from ${full.Resources.length} to ${kept} records\\)`),
        ),
      ]);
      const afterHalf = new Set((await openFindings()).map((f) => f.id));
      for (const id of findingIds) expect(afterHalf.has(id)).toBe(true);
      expect(await stateStore.listStoredFindings("resolved")).toEqual([]);
      expect(
        (await taskStore.listTasks()).filter((t) => openTaskKeys.includes(t.key)).map((t) => t.status),
      ).toEqual(openTaskKeys.map(() => "open"));
      expect((await auditOf("night-3-half")).filter((e) => e.kind === "task.close")).toEqual([]);

      // Act 3: the same half, with the change accepted
      const accepted = await scan(NOW + 3 * DAY_MS, {
        scanId: "night-4-accepted",
        acceptSourceChanges: [
          { sourceId: SOURCE, by: "maria.lopez", reason: "Slack workspace cleanup after the reorg" },
        ],
      });

      // Assess 3: ok, accepted with who and why; its findings resolve and its tasks close
      expect(accepted.run.status).toBe("succeeded");
      const acceptedSource = sourceIn(findingsJson());
      expect(acceptedSource.status).toBe("ok");
      expect(acceptedSource.suspect?.accepted).toEqual({
        by: "maria.lopez",
        reason: "Slack workspace cleanup after the reorg",
      });
      const resolved = new Set((await stateStore.listStoredFindings("resolved")).map((r) => r.finding.id));
      const current = await openFindings();
      console.error(
        JSON.stringify(
          before
            .filter((f) => !resolved.has(f.id))
            .map((f) => [f.rule, f.subject, current.find((c) => c.id === f.id)?.lastSeenAt]),
        ),
      );
      for (const id of findingIds) expect(resolved.has(id)).toBe(true);
      const tasksAfterAccept = (await taskStore.listTasks()).filter((t) => openTaskKeys.includes(t.key));
      expect(tasksAfterAccept.map((t) => t.status)).toEqual(openTaskKeys.map(() => "closed"));
      expect(readFileSync(join(outDir, "report.html"), "utf8")).toContain("accepted by maria.lopez");
      const acceptedAudit = await auditOf("night-4-accepted");
      expect(acceptedAudit.filter((e) => e.kind === "source-change.accepted")).toEqual([
        expect.objectContaining({
          actor: "user:maria.lopez",
          subject: SOURCE,
          detail: { reason: "Slack workspace cleanup after the reorg" },
        }),
      ]);
      expect(acceptedAudit.filter((e) => e.kind === "source.change-applied")).toHaveLength(1);
      expect(acceptedAudit.filter((e) => e.kind === "finding.resolved")).toHaveLength(1);
      expect(acceptedAudit.filter((e) => e.kind === "task.close")).toHaveLength(1);

      // Act 4: the next night, the same export and no acceptance
      await scan(NOW + 4 * DAY_MS, { scanId: "night-5" });

      // Assess 4: the accepted count is the new reference: the source is healthy again
      expect(sourceIn(findingsJson())).toMatchObject({ status: "ok", suspect: null });
    });
  },
);
