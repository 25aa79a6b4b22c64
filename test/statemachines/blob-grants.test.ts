/**
 * The blob grants hold at run time: the nightly scan runs on the demo org (a source crashing,
 * so RecordSourceFailure runs too), every blob read and write is attributed to the handler that
 * made it, and each must be allowed by that handler's row of the catalogue — the rows the stack
 * turns into IAM statements. A step that starts writing a new key fails here before it fails in
 * AWS with AccessDenied. (The decision page, outside any state machine, is run against its role's
 * policy in test/reviews/decision-page-permissions.test.ts.)
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateDemo } from "../../cli/generate/generate-demo.ts";
import { startEmbeddedDynamoDb } from "../../cli/local/embedded-dynamodb.ts";
import { runLocalScan } from "../../cli/local/run-local-scan.ts";
import type { LocalHandler } from "../../cli/local/run-state-machine.ts";
import { loadConfig } from "../../functions/config/load-config.ts";
import { HANDLER_CATALOGUE } from "../../functions/handlers/catalogue.ts";
import { BlobAuditArchive } from "../../functions/ports/audit-archive.ts";
import type { BlobStore } from "../../functions/ports/blob-store.ts";
import { DynamoDbStateStore } from "../../functions/ports/dynamodb-state-store.ts";
import { FileBlobStore } from "../../functions/ports/file-blob-store.ts";
import { DynamoDbTaskStore } from "../../functions/ports/tasks/dynamodb-task-store.ts";
import { campaignKeys } from "../../functions/reviews/campaign-items.ts";
import {
  BLOB_READ_SCOPES,
  BLOB_WRITE_SCOPES,
  type BlobReadScope,
  type BlobWriteScope,
  matchesKeyPattern,
} from "../../functions/scan/contract/blob-keys.ts";
import { TASKS_FILE } from "../../functions/scan/tasks-file.ts";
import { CONFIG_KEY } from "../../infra/constructs/blobs.ts";

const NOW = Date.parse("2026-11-26T12:00:00Z");
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "deprov-grants-"));
  dirs.push(dir);
  return dir;
}

const handlerOf = new AsyncLocalStorage<string>();

/**
 * Whether a row's grants let it read `key`: `blobs:read` the whole bucket, `blobs:read:<scope>`
 * the config object and that scope's patterns (what the stack grants for each).
 */
function mayRead(grants: readonly string[], key: string): boolean {
  if (grants.includes("blobs:read")) return true;
  const scopes = grants.flatMap((grant) =>
    grant.startsWith("blobs:read:") ? [grant.slice("blobs:read:".length) as BlobReadScope] : [],
  );
  return scopes.some(
    (scope) =>
      key === CONFIG_KEY || BLOB_READ_SCOPES[scope].some((pattern) => matchesKeyPattern(key, pattern)),
  );
}

/** The blob store every step uses, recording who read and wrote what. */
class AttributingBlobStore implements BlobStore {
  readonly writes: { placeholder: string; key: string }[] = [];
  readonly reads: { placeholder: string; key: string }[] = [];

  constructor(private readonly inner: FileBlobStore) {}

  private note(list: { placeholder: string; key: string }[], key: string): void {
    list.push({ placeholder: handlerOf.getStore() ?? "(outside any handler)", key });
  }

  async put(key: string, body: Buffer | string): Promise<void> {
    this.note(this.writes, key);
    await this.inner.put(key, body);
  }

  async putFile(key: string, path: string): Promise<void> {
    this.note(this.writes, key);
    await this.inner.putFile(key, path);
  }

  async get(key: string): Promise<Buffer | undefined> {
    this.note(this.reads, key);
    return this.inner.get(key);
  }

  async list(prefix: string): Promise<string[]> {
    this.note(this.reads, prefix);
    return this.inner.list(prefix);
  }
}

describe("blob grants, checked against what each handler does", () => {
  it("every blob a handler writes or reads is allowed by its catalogue row", async () => {
    // Prepare
    const orgDir = freshDir();
    await generateDemo({ outDir: orgDir, now: NOW });
    const db = await startEmbeddedDynamoDb();
    const blobs = new AttributingBlobStore(new FileBlobStore(join(freshDir(), "blobs")));
    // The archive is another bucket in AWS (the audit:append grant); here a folder of its own.
    const archive = new BlobAuditArchive(new FileBlobStore(join(freshDir(), "audit")));
    const attribute = (placeholder: string, handler: LocalHandler): LocalHandler => {
      const crashing: LocalHandler = async (event) => {
        // One source's collection crashes for good, so RecordSourceFailure runs and writes too.
        if ((event as { sourceId?: string }).sourceId === "laptops") throw new Error("worker crashed");
        return handler(event);
      };
      const inner = placeholder === "CollectSourceFunctionArn" ? crashing : handler;
      return (event) => handlerOf.run(placeholder, () => inner(event));
    };

    // Act
    try {
      const { run } = await runLocalScan({
        config: loadConfig(join(orgDir, "deprov.config.json")),
        stateStore: new DynamoDbStateStore({ client: db.client, tables: db.tables, auditArchive: archive }),
        taskStore: new DynamoDbTaskStore({ client: db.client, tableName: db.tables.state }),
        blobStore: blobs,
        outDir: freshDir(),
        now: NOW,
        retryIntervalMs: 0,
        wrapHandler: attribute,
      });
      expect(run.status).toBe("succeeded");
      expect(run.history).toContain("RecordSourceFailure");
    } finally {
      await db.close();
    }

    // Assess
    const rowOf = (placeholder: string) => HANDLER_CATALOGUE.find((spec) => spec.placeholder === placeholder);
    const refused: string[] = [];
    for (const { placeholder, key } of blobs.writes) {
      const scopes = (rowOf(placeholder)?.grants ?? []).flatMap((grant) =>
        grant.startsWith("blobs:write:") ? [grant.slice("blobs:write:".length) as BlobWriteScope] : [],
      );
      const allowed = scopes.some((scope) => BLOB_WRITE_SCOPES[scope].some((p) => matchesKeyPattern(key, p)));
      if (!allowed) refused.push(`${placeholder} writes ${key}`);
    }
    for (const { placeholder, key } of blobs.reads) {
      if (!mayRead(rowOf(placeholder)?.grants ?? [], key)) refused.push(`${placeholder} reads ${key}`);
    }
    expect(refused).toEqual([]);
    const writers = new Set(blobs.writes.map((write) => write.placeholder));
    expect(writers).toEqual(
      new Set([
        "CollectSourceFunctionArn",
        "RecordSourceFailureFunctionArn",
        "ReconcilePartitionFunctionArn",
        "PersistFindingsFunctionArn",
        "PublishReportFunctionArn",
        "SyncRemediationTasksFunctionArn",
      ]),
    );
  });

  it("each scope's patterns match the keys the code builds, and nothing under config/", async () => {
    // Prepare
    const { blobKeys } = await import("../../functions/scan/contract/blob-keys.ts");
    const samples: Record<BlobWriteScope, string[]> = {
      "source-snapshots": [blobKeys.sourceSnapshot("20261126T020000Z-1a2b3c4d", "okta")],
      "source-summaries": [blobKeys.sourceSummary("20261126T020000Z-1a2b3c4d", "okta")],
      partitions: [
        blobKeys.partitionFindings("20261126T020000Z-1a2b3c4d", 3, 8),
        blobKeys.partitionMeta("20261126T020000Z-1a2b3c4d", 3, 8),
      ],
      results: [
        blobKeys.findings("20261126T020000Z-1a2b3c4d"),
        blobKeys.transitions("20261126T020000Z-1a2b3c4d"),
        blobKeys.scanMeta("20261126T020000Z-1a2b3c4d"),
        blobKeys.leavers("20261126T020000Z-1a2b3c4d"),
      ],
      reports: [blobKeys.report("20261126T020000Z-1a2b3c4d", "report.html")],
      "task-changes": [blobKeys.taskChanges("20261126T020000Z-1a2b3c4d", "ab".repeat(32))],
      "tasks-file": [blobKeys.report("20261126T020000Z-1a2b3c4d", TASKS_FILE)],
      "digest-plans": [blobKeys.digestChunk("20261126T020000Z-1a2b3c4d", 3)],
      "digest-audits": ["scans/20261126T020000Z-1a2b3c4d/digests/chunk-00003.audit.jsonl.gz"],
      "task-plans": [blobKeys.taskChunk("20261126T020000Z-1a2b3c4d", 3)],
      "security-hub-plans": [blobKeys.securityHubChunk("20261126T020000Z-1a2b3c4d", 3)],
      "review-items": [campaignKeys.items("20270115T090000Z-1a2b3c4d", 2)],
      "review-tasks": [campaignKeys.tasks("20270115T090000Z-1a2b3c4d")],
      "review-reports": [
        campaignKeys.report("20270115T090000Z-1a2b3c4d", "report.html"),
        campaignKeys.report("20270115T090000Z-1a2b3c4d", "report.csv"),
      ],
    };
    /** Where one pattern is inside another's (a write of the narrower kind is the wider kind's too). */
    const alsoMatching: Partial<Record<BlobWriteScope, BlobWriteScope[]>> = {
      "tasks-file": ["reports"],
      "digest-audits": ["digest-plans"],
    };

    // Act + Assess
    for (const [scope, keys] of Object.entries(samples) as [BlobWriteScope, string[]][]) {
      for (const key of keys) {
        const matching = (Object.keys(BLOB_WRITE_SCOPES) as BlobWriteScope[]).filter((other) =>
          BLOB_WRITE_SCOPES[other].some((pattern) => matchesKeyPattern(key, pattern)),
        );
        expect(matching.sort(), key).toEqual([scope, ...(alsoMatching[scope] ?? [])].sort());
      }
    }
    for (const pattern of Object.values(BLOB_WRITE_SCOPES).flat()) {
      expect(matchesKeyPattern("config/deprov.config.json", pattern)).toBe(false);
      expect(matchesKeyPattern("config/exports/hr-roster.csv", pattern)).toBe(false);
    }
  });

  it("a read scope reaches the config object and its own keys, never the snapshots, scans or reports", async () => {
    // Prepare
    const { blobKeys } = await import("../../functions/scan/contract/blob-keys.ts");
    const grants = ["blobs:read:review-items"];
    const scanId = "20261126T020000Z-1a2b3c4d";

    // Act
    const readable = [CONFIG_KEY, campaignKeys.items("20270115T090000Z-1a2b3c4d", 2)].map((key) =>
      mayRead(grants, key),
    );
    const unreadable = [
      "config/exports/hr-roster.csv",
      blobKeys.sourceSnapshot(scanId, "okta"),
      blobKeys.findings(scanId),
      blobKeys.report(scanId, "report.html"),
      campaignKeys.tasks("20270115T090000Z-1a2b3c4d"),
      campaignKeys.report("20270115T090000Z-1a2b3c4d", "report.csv"),
    ].map((key) => mayRead(grants, key));

    // Assess
    expect(readable).toEqual([true, true]);
    expect(unreadable).toEqual(unreadable.map(() => false));
  });
});
