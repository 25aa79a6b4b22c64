/**
 * A manager digest is sent again only when something it shows changed (SPEC §6), through the
 * nightly-scan state machine. A leaver's Okta account disabled late opens late-disable, which
 * digests leave out (nothing is left for the manager to do); when the account is then deleted,
 * late-disable resolves, and the manager's digest, still showing the rest, is not sent again.
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
import { DAY_MS, HOUR_MS } from "../../functions/core/time.ts";
import { DynamoDbStateStore } from "../../functions/ports/dynamodb-state-store.ts";
import { FileBlobStore } from "../../functions/ports/file-blob-store.ts";
import { readFindingsBlob } from "../../functions/ports/result-blob.ts";
import { DynamoDbTaskStore } from "../../functions/ports/tasks/dynamodb-task-store.ts";

const NOW = Date.parse("2026-12-07T06:00:00Z");
const dirs: string[] = [];

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "deprov-digest-changes-"));
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

let orgDir: string;
let db: EmbeddedDynamoDb;
let stateStore: DynamoDbStateStore;
let blobStore: FileBlobStore;
let sent: { scanId: string; to: string; subject: string }[] = [];

beforeEach(async () => {
  orgDir = freshDir();
  await generateDemo({ outDir: orgDir, now: NOW });
  db = await startEmbeddedDynamoDb();
  stateStore = new DynamoDbStateStore({ client: db.client, tables: db.tables });
  blobStore = new FileBlobStore(join(freshDir(), "blobs"));
  sent = [];
});

afterEach(async () => {
  await db.close();
});

function scan(now: number, scanId: string) {
  return runLocalScan({
    handOff: "memory",
    config: loadConfig(join(orgDir, "deprov.config.json")),
    stateStore,
    taskStore: new DynamoDbTaskStore({ client: db.client, tableName: db.tables.state }),
    blobStore,
    outDir: freshDir(),
    now,
    scanId,
    retryIntervalMs: 0,
    mailer: {
      send: async (message) => {
        sent.push({ scanId, to: JSON.stringify(message.to), subject: message.subject });
        return { messageId: `m-${sent.length}`, bytes: message.text.length };
      },
    },
  });
}

async function openFindings(): Promise<LifecycleFinding[]> {
  const latest = await stateStore.latestSuccessfulScan();
  return latest === undefined ? [] : ((await readFindingsBlob(blobStore, latest.resultKey)) ?? []);
}

interface OktaUser {
  id: string;
  status: string;
  statusChanged: string;
  profile: { employeeNumber?: string };
}

function oktaUsers(): OktaUser[] {
  return JSON.parse(readFileSync(join(orgDir, "okta-users.json"), "utf8")) as OktaUser[];
}

function writeOktaUsers(users: readonly OktaUser[]): void {
  writeFileSync(join(orgDir, "okta-users.json"), JSON.stringify(users));
}

/** The roster's rows by column name (the demo quotes no field with a comma in the columns read here). */
function rosterRows(): Record<string, string>[] {
  const [header = "", ...lines] = readFileSync(join(orgDir, "hr-roster.csv"), "utf8").split("\n");
  const columns = header.split(",");
  return lines
    .filter((line) => line !== "")
    .map((line) => {
      const fields = line.split(",");
      return Object.fromEntries(columns.map((name, i) => [name, fields[i] ?? ""]));
    });
}

/**
 * A recent leaver (not yet due for deletion) with an Okta account, and their manager's address:
 * the leaver's Okta account is made one disabled a week after their last day.
 */
function disableLate(): { leaverId: string; managerEmail: string; oktaId: string } {
  const rows = rosterRows();
  const emailOf = new Map(rows.map((row) => [row["Employee #"], row["Work Email"]]));
  const users = oktaUsers();
  for (const row of rows) {
    const last = row["Termination Date"] ?? "";
    // Departed, disabled late but before the first scan, and not due for deletion (30 days) by the second.
    if (last === "" || last < "2026-11-09" || last > "2026-11-29") continue;
    const user = users.find((u) => u.profile.employeeNumber === row["Employee #"]);
    const managerEmail = emailOf.get(row["Manager #"]);
    if (user === undefined || managerEmail === undefined || managerEmail === "") continue;
    user.status = "DEPROVISIONED";
    user.statusChanged = `${nextWeek(last)}T12:00:00.000Z`;
    writeOktaUsers(users);
    return { leaverId: row["Employee #"] ?? "", managerEmail, oktaId: user.id };
  }
  throw new Error("the demo has no recent leaver with an Okta account and a manager");
}

function nextWeek(isoDate: string): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + 7 * DAY_MS).toISOString().slice(0, 10);
}

describe("a manager digest after a finding it leaves out resolves", () => {
  it("is not sent again when only late-disable resolved", async () => {
    // Prepare: a night with a leaver's Okta account disabled late
    const { leaverId, managerEmail, oktaId } = disableLate();
    expect((await scan(NOW, "night-1")).run.status).toBe("succeeded");
    const night1 = (await openFindings()).filter((f) => f.personId === leaverId);
    const lateDisable = night1.find((f) => f.rule === "late-disable" && f.sourceId === "okta");
    expect(lateDisable).toBeDefined();
    // The digest still has something to show once the Okta account is gone.
    expect(night1.some((f) => f.sourceId !== "okta" && f.rule !== "late-disable")).toBe(true);
    const toManager = (scanId: string) =>
      sent.filter((s) => s.scanId === scanId && s.to.includes(managerEmail));
    expect(toManager("night-1").length).toBe(1);

    // Act: the Okta user deleted, and a scan an hour later (by the next night, other leavers of
    // the demo's managers become overdue, which is news for their digests)
    writeOktaUsers(oktaUsers().filter((u) => u.id !== oktaId));
    expect((await scan(NOW + HOUR_MS, "night-2")).run.status).toBe("succeeded");

    // Assess: late-disable resolved, and the manager got nothing new
    const resolved = new Set((await stateStore.listStoredFindings("resolved")).map((r) => r.finding.id));
    expect(resolved.has(lateDisable?.id ?? "")).toBe(true);
    expect(toManager("night-2")).toEqual([]);
  });
});
