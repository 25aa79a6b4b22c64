/**
 * A rule reported "not evaluated" on a source for one of its branches, through the nightly-scan
 * state machine (SPEC §5). Slack gives no last logins, so `unused-license` cannot judge the seats
 * of active people there, but it still judges leavers' seats; GitHub gives no disabledAt, so
 * `overdue-deletion` cannot date the disabled accounts of non-leavers, but it still dates leavers'
 * by their termination. When such a leaver's account disappears from a source collected in full,
 * its finding resolves; the gap is still reported.
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
import { DAY_MS } from "../../functions/core/time.ts";
import { DynamoDbStateStore } from "../../functions/ports/dynamodb-state-store.ts";
import { FileBlobStore } from "../../functions/ports/file-blob-store.ts";
import { readFindingsBlob } from "../../functions/ports/result-blob.ts";
import { DynamoDbTaskStore } from "../../functions/ports/tasks/dynamodb-task-store.ts";

const NOW = Date.parse("2026-12-07T06:00:00Z");
const dirs: string[] = [];

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "deprov-branch-"));
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

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

function scan(now: number, handOff: "memory" | "blobs", scanId?: string) {
  return runLocalScan({
    handOff,
    config: loadConfig(join(orgDir, "deprov.config.json")),
    stateStore,
    taskStore: new DynamoDbTaskStore({ client: db.client, tableName: db.tables.state }),
    blobStore,
    outDir,
    now,
    retryIntervalMs: 0,
    ...(scanId === undefined ? {} : { scanId }),
  });
}

async function openFindings(): Promise<LifecycleFinding[]> {
  const latest = await stateStore.latestSuccessfulScan();
  return latest === undefined ? [] : ((await readFindingsBlob(blobStore, latest.resultKey)) ?? []);
}

function findingOf(
  findings: readonly LifecycleFinding[],
  rule: string,
  sourceId: string,
  key: string,
  value: string,
) {
  const found = findings.find((f) => f.rule === rule && f.sourceId === sourceId && f.evidence[key] === value);
  if (found === undefined)
    throw new Error(`the demo has no ${rule} finding on ${sourceId} with ${key} ${value}`);
  return found;
}

/** Drops a user from the Slack SCIM export. */
function dropSlackUser(id: string): void {
  const file = join(orgDir, "slack-scim-users.json");
  const doc = JSON.parse(readFileSync(file, "utf8")) as {
    totalResults: number;
    itemsPerPage: number;
    Resources: { id: string }[];
  };
  doc.Resources = doc.Resources.filter((user) => user.id !== id);
  doc.totalResults = doc.Resources.length;
  doc.itemsPerPage = doc.Resources.length;
  writeFileSync(file, JSON.stringify(doc));
}

/** Drops a member's row from the GitHub export (logins are its first column). */
function dropGithubMember(login: string): void {
  const file = join(orgDir, "github-members.csv");
  const lines = readFileSync(file, "utf8").split("\n");
  writeFileSync(file, lines.filter((line) => !line.startsWith(`${login},`)).join("\n"));
}

function notEvaluatedPairs(): string[] {
  const json = JSON.parse(readFileSync(join(outDir, "findings.json"), "utf8")) as {
    notEvaluated: { rule: string; sourceId: string }[];
  };
  return json.notEvaluated.map((n) => `${n.rule}/${n.sourceId}`);
}

describe.each(["memory", "blobs"] as const)(
  "a rule not evaluated for one branch, steps handing off through %s",
  (mode) => {
    it("resolves a leaver's findings of the branch that ran when their accounts disappear", async () => {
      // Prepare: a first night, then a departed person's paid Slack seat and a leaver's disabled GitHub account gone
      expect((await scan(NOW, mode)).run.status).toBe("succeeded");
      const first = await openFindings();
      const seat = findingOf(first, "unused-license", "slack", "reason", "departed");
      const overdue = findingOf(first, "overdue-deletion", "github", "deletionBasis", "termination");
      dropSlackUser(seat.subject.id);
      dropGithubMember(overdue.subject.id);

      // Act
      const night2 = await scan(NOW + DAY_MS, mode, "night-2");

      // Assess: both resolved, and the branches that cannot run are still reported
      expect(night2.run.status).toBe("succeeded");
      const resolved = new Set((await stateStore.listStoredFindings("resolved")).map((r) => r.finding.id));
      expect(resolved.has(seat.id)).toBe(true);
      expect(resolved.has(overdue.id)).toBe(true);
      const open = new Set((await openFindings()).map((f) => f.id));
      expect(open.has(seat.id)).toBe(false);
      expect(open.has(overdue.id)).toBe(false);
      expect(notEvaluatedPairs()).toEqual(
        expect.arrayContaining(["unused-license/slack", "overdue-deletion/github"]),
      );
    });
  },
);
