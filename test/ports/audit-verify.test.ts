/**
 * `verifyAuditTrail` against the DynamoDB store on the embedded dynalite and a file archive:
 * each way the trail can be tampered with, done the way an attacker would (an unconditional
 * PutItem on the table, an edited or deleted archive file, a rewritten blob).
 */
import { mkdtemp, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeleteCommand, DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from "../../cli/local/embedded-dynamodb.ts";
import { archivedEntryKey, BlobAuditArchive } from "../../functions/ports/audit-archive.ts";
import { verifyAuditTrail } from "../../functions/ports/audit-verify.ts";
import { auditKey, DynamoDbStateStore } from "../../functions/ports/dynamodb-state-store.ts";
import { FileBlobStore } from "../../functions/ports/file-blob-store.ts";
import { sha256Hex } from "../../functions/ports/json-lines-blob.ts";
import { type AuditEntry, auditEntryId } from "../../functions/ports/state-store.ts";

const T0 = Date.parse("2026-11-26T02:00:00Z");
const RESULT_KEY = "scans/scan-1/findings.jsonl.gz";

let dir: string;
let db: EmbeddedDynamoDb;
let blobs: FileBlobStore;
let archive: BlobAuditArchive;
let store: DynamoDbStateStore;

function entry(kind: string, detail: AuditEntry["detail"] = {}): AuditEntry {
  return {
    id: auditEntryId("scan-1", kind),
    at: T0,
    kind,
    actor: "scan:scan-1",
    subject: "scan-1",
    scanId: "scan-1",
    detail,
  };
}

const started = entry("scan.started", { trigger: "schedule" });
const resolved = () =>
  entry("finding.resolved", {
    count: 3,
    resultKey: RESULT_KEY,
    resultSha256: sha256Hex(Buffer.from("result v1")),
  });
const finished = entry("scan.finished", { findings: 42 });

/** What an attacker with PutItem on the audit table can do: overwrite an entry unconditionally. */
async function overwriteInTable(changed: AuditEntry): Promise<void> {
  const doc = DynamoDBDocumentClient.from(db.client);
  await doc.send(new PutCommand({ TableName: db.tables.audit, Item: { ...auditKey(changed), ...changed } }));
}

function verify() {
  return verifyAuditTrail({ stateStore: store, archive, blobStore: blobs, now: T0 + 60_000 });
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "deprov-verify-"));
  db = await startEmbeddedDynamoDb();
  blobs = new FileBlobStore(dir);
  archive = new BlobAuditArchive(blobs);
  store = new DynamoDbStateStore({ client: db.client, tables: db.tables, auditArchive: archive });
  await blobs.put(RESULT_KEY, "result v1");
  await store.appendAudit([started, resolved(), finished]);
  await store.sealAudit("scan-1", T0 + 10_000);
});

afterEach(async () => {
  await db.close();
  await rm(dir, { recursive: true, force: true });
});

describe("verifyAuditTrail", () => {
  it("passes a complete, unaltered trail", async () => {
    // Act
    const result = await verify();

    // Assess
    expect(result).toMatchObject({
      ok: true,
      archivedEntries: 3,
      tableEntries: 3,
      seals: 1,
      blobsChecked: 1,
      problems: [],
      warnings: [],
    });
  });

  it("names an entry overwritten in the table by an unconditional put", async () => {
    // Prepare
    await overwriteInTable({ ...resolved(), detail: { ...resolved().detail, count: 0 } });

    // Act
    const result = await verify();

    // Assess
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      {
        subject: `entry ${resolved().id} (finding.resolved, scan scan-1, 2026-11-26T02:00:00.000Z)`,
        at: T0,
        problem: "the table's copy differs from the WORM copy at $.detail.count",
      },
    ]);
  });

  it("names an entry deleted from the table, and one added to the table alone", async () => {
    // Prepare
    const doc = DynamoDBDocumentClient.from(db.client);
    await doc.send(new DeleteCommand({ TableName: db.tables.audit, Key: auditKey(finished) }));
    const forged = { ...entry("waiver.created"), id: "forged-entry-0001", at: T0 + 1000 };
    await overwriteInTable(forged);

    // Act
    const result = await verify();

    // Assess
    expect(result.problems.map((p) => `${p.subject}: ${p.problem}`)).toEqual([
      `entry ${finished.id} (scan.finished, scan scan-1, 2026-11-26T02:00:00.000Z): is in the WORM archive but missing from the table (deleted, or its table write failed)`,
      "entry forged-entry-0001 (waiver.created, scan scan-1, 2026-11-26T02:00:01.000Z): is in the table but not in the WORM archive (added to the table alone, or written before the archive was kept)",
    ]);
  });

  it("names an archived entry edited after its scan was sealed (the local archive is plain files)", async () => {
    // Prepare
    const changed = { ...started, detail: { trigger: "manual" } };
    await writeFile(join(dir, ...archivedEntryKey(started).split("/")), JSON.stringify(changed));

    // Act
    const result = await verify();

    // Assess
    expect(result.problems.map((p) => p.problem).sort()).toEqual([
      "the table's copy differs from the WORM copy at $.detail.trigger",
      expect.stringMatching(
        /^was altered after scan scan-1 was sealed \(SHA-256 [0-9a-f]{64}, sealed as [0-9a-f]{64}\)$/,
      ),
    ]);
  });

  it("names an archived entry removed after its scan was sealed", async () => {
    // Prepare
    await unlink(join(dir, ...archivedEntryKey(finished).split("/")));

    // Act
    const result = await verify();

    // Assess
    expect(result.problems.map((p) => p.problem)).toEqual([
      "is in the table but not in the WORM archive (added to the table alone, or written before the archive was kept)",
      "was removed after scan scan-1 was sealed",
    ]);
  });

  it("names an entry whose referenced blob was rewritten or removed", async () => {
    // Prepare
    await blobs.put(RESULT_KEY, "result v2");

    // Act
    const rewritten = await verify();
    await unlink(join(dir, ...RESULT_KEY.split("/")));
    const removed = await verify();

    // Assess
    expect(rewritten.problems.map((p) => p.problem)).toEqual([
      `references ${RESULT_KEY} with SHA-256 ${sha256Hex(Buffer.from("result v1"))}, but the blob now hashes to ${sha256Hex(Buffer.from("result v2"))}`,
    ]);
    expect(removed.problems.map((p) => p.problem)).toEqual([`references ${RESULT_KEY}, which is missing`]);
  });

  it("warns about, but passes, an entry appended after its scan was sealed", async () => {
    // Prepare
    await store.appendAudit([entry("email.sent", { recipients: 2 })]);

    // Act
    const result = await verify();

    // Assess
    expect(result.ok).toBe(true);
    expect(result.warnings.map((w) => w.problem)).toEqual(["was appended after scan scan-1 was sealed"]);
  });
});
