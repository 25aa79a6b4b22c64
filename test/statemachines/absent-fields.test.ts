/**
 * An export that lacks a field entirely, through the nightly-scan state machine (SPEC §5: absence
 * of data is never evidence of a fix). After a good night, a Snipe-IT export without `assigned_to`,
 * Okta and Google Workspace exports without their last login, and a SCIM export without `active`
 * resolve nothing and open nothing that the missing field would have decided; the source's summary
 * says which field is missing from how many records.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { generateDemo } from "../../cli/generate/generate-demo.ts";
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from "../../cli/local/embedded-dynamodb.ts";
import { runLocalScan } from "../../cli/local/run-local-scan.ts";
import { loadConfig } from "../../functions/config/load-config.ts";
import type { LifecycleFinding } from "../../functions/core/lifecycle/types.ts";
import { HOUR_MS } from "../../functions/core/time.ts";
import { DynamoDbStateStore } from "../../functions/ports/dynamodb-state-store.ts";
import { FileBlobStore } from "../../functions/ports/file-blob-store.ts";
import { readFindingsBlob } from "../../functions/ports/result-blob.ts";
import { DynamoDbTaskStore } from "../../functions/ports/tasks/dynamodb-task-store.ts";

const NOW = Date.parse("2026-11-26T12:00:00Z");
const dirs: string[] = [];

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "deprov-absent-"));
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface FindingsJson {
  sources: { id: string; status: string; warnings?: string[] }[];
  notEvaluated: { rule: string; sourceId: string }[];
}

/** A key taken out of every record of an export: the file, where its records are, and the key. */
interface KeyRemoval {
  file: string;
  /** The key of the records' array in the envelope (`null`: the document is the array). */
  list: string | null;
  key: string;
}

interface AbsentFieldCase {
  name: string;
  removals: KeyRemoval[];
  /** The sources fed by those exports, and what each is after the removal. */
  sources: { id: string; status: "ok" | "suspect"; warning: RegExp }[];
  /** Rules whose findings on those sources the missing field decides. */
  rules: string[];
  /** Rules reported "not evaluated" on those sources after the removal. */
  notEvaluated: string[];
}

const CASES: AbsentFieldCase[] = [
  {
    name: "a Snipe-IT export without assigned_to",
    removals: [{ file: "snipeit-hardware.json", list: "rows", key: "assigned_to" }],
    sources: [
      {
        id: "laptops",
        status: "suspect",
        warning: /field "assigned_to": no "assigned_to" key in (\d+) of \1 rows/,
      },
    ],
    rules: ["unreturned-device"],
    notEvaluated: [],
  },
  {
    name: "Okta and Google Workspace exports without their last login",
    removals: [
      { file: "okta-users.json", list: null, key: "lastLogin" },
      { file: "google-workspace-users.json", list: "users", key: "lastLoginTime" },
    ],
    sources: [
      { id: "okta", status: "ok", warning: /field "lastLogin": no "lastLogin" key in (\d+) of \1 users/ },
      {
        id: "google-workspace",
        status: "ok",
        warning: /field "lastLoginTime": no "lastLoginTime" key in (\d+) of \1 users/,
      },
    ],
    rules: ["dormant-account", "unused-license"],
    notEvaluated: ["dormant-account"],
  },
  {
    name: "a SCIM export without active",
    removals: [{ file: "slack-scim-users.json", list: "Resources", key: "active" }],
    sources: [
      { id: "slack", status: "suspect", warning: /field "active": no "active" in (\d+) of \1 users/ },
    ],
    rules: ["ghost-account", "orphan-account"],
    notEvaluated: [],
  },
];

let orgDir: string;
let outDir: string;
let db: EmbeddedDynamoDb;
let stateStore: DynamoDbStateStore;
let blobStore: FileBlobStore;

beforeEach(async () => {
  orgDir = freshDir();
  await generateDemo({ outDir: orgDir, now: NOW });
  db = await startEmbeddedDynamoDb();
  stateStore = new DynamoDbStateStore({ client: db.client, tables: db.tables });
  blobStore = new FileBlobStore(join(freshDir(), "blobs"));
  outDir = freshDir();
});

afterEach(async () => {
  await db.close();
});

/** One night, each step re-reading what the last one stored, as Lambdas do. */
function scan(now: number, scanId: string) {
  return runLocalScan({
    handOff: "blobs",
    config: loadConfig(join(orgDir, "deprov.config.json")),
    stateStore,
    taskStore: new DynamoDbTaskStore({ client: db.client, tableName: db.tables.state }),
    blobStore,
    outDir,
    now,
    scanId,
    retryIntervalMs: 0,
    mailer: { send: async () => ({ messageId: "m", bytes: 0 }) },
  });
}

async function openFindings(): Promise<LifecycleFinding[]> {
  const latest = await stateStore.latestSuccessfulScan();
  return latest === undefined ? [] : ((await readFindingsBlob(blobStore, latest.resultKey)) ?? []);
}

function findingsJson(): FindingsJson {
  return JSON.parse(readFileSync(join(outDir, "findings.json"), "utf8")) as FindingsJson;
}

/** Rewrites the export with `key` deleted from every record, as a script that kept only some keys would. */
function removeKey({ file, list, key }: KeyRemoval): void {
  const path = join(orgDir, file);
  const document = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown> | unknown[];
  const records = (list === null ? document : (document as Record<string, unknown>)[list]) as Record<
    string,
    unknown
  >[];
  for (const record of records) delete record[key];
  writeFileSync(path, JSON.stringify(document));
}

describe.each(CASES)("$name, after a good night", (testCase) => {
  it("resolves nothing, opens nothing the field decides, and says what is missing", async () => {
    // Prepare: a good first night, with findings the missing field decides
    const first = await scan(NOW, "night-1");
    expect(first.run.status).toBe("succeeded");
    const sourceIds = new Set(testCase.sources.map((s) => s.id));
    const decided = (f: LifecycleFinding) => sourceIds.has(f.sourceId) && testCase.rules.includes(f.rule);
    const before = await openFindings();
    expect(before.filter(decided).length).toBeGreaterThan(0);
    for (const removal of testCase.removals) removeKey(removal);

    // Act
    const second = await scan(NOW + HOUR_MS, "night-2");

    // Assess: every finding of the first night still open, none resolved, none new on these sources
    expect(second.run.status).toBe("succeeded");
    expect(await stateStore.listStoredFindings("resolved")).toEqual([]);
    const after = await openFindings();
    const afterIds = new Set(after.map((f) => f.id));
    expect(before.filter((f) => !afterIds.has(f.id))).toEqual([]);
    const beforeIds = new Set(before.map((f) => f.id));
    expect(after.filter((f) => sourceIds.has(f.sourceId) && !beforeIds.has(f.id))).toEqual([]);
    const json = findingsJson();
    for (const expected of testCase.sources) {
      const source = json.sources.find((s) => s.id === expected.id);
      expect(source?.status).toBe(expected.status);
      expect(source?.warnings).toEqual(expect.arrayContaining([expect.stringMatching(expected.warning)]));
    }
    for (const rule of testCase.notEvaluated) {
      for (const sourceId of sourceIds)
        expect(json.notEvaluated).toContainEqual(expect.objectContaining({ rule, sourceId }));
    }
  });
});
