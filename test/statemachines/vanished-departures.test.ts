/**
 * A leaver whose termination date disappears from the roster overnight, or whose row HR purged,
 * through the nightly-scan state machine (SPEC §5: absence of data is not evidence of a fix).
 * Their findings and tasks stay open, night after night, with a warning that names them, until
 * the date or the row comes back or someone accepts the roster's change; a rehire (a later hire
 * date) resolves at once.
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
import { DynamoDbTaskStore } from "../../functions/ports/tasks/dynamodb-task-store.ts";

const NOW = Date.parse("2026-11-26T12:00:00Z");
const ROSTER = "hr-roster.csv";
const dirs: string[] = [];

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "deprov-vanished-"));
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
let handOff: "memory" | "blobs" = "memory";
let emails: { subject: string; text: string }[] = [];

beforeEach(async () => {
  orgDir = freshDir();
  await generateDemo({ outDir: orgDir, now: NOW });
  db = await startEmbeddedDynamoDb();
  stateStore = new DynamoDbStateStore({ client: db.client, tables: db.tables });
  blobStore = new FileBlobStore(join(freshDir(), "blobs"));
  outDir = freshDir();
  emails = [];
});

afterEach(async () => {
  await db.close();
});

function scan(now: number, extra: Partial<LocalScanOptions> = {}) {
  return runLocalScan({
    handOff,
    config: loadConfig(join(orgDir, "deprov.config.json")),
    stateStore,
    taskStore: taskStore(),
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

function taskStore(): DynamoDbTaskStore {
  return new DynamoDbTaskStore({ client: db.client, tableName: db.tables.state });
}

/** The status of each leaver's remediation task (`leaver:<employee id>`), `absent` when there is none. */
async function leaverTaskStatus(ids: readonly string[]): Promise<Record<string, string>> {
  const byKey = new Map((await taskStore().listTasks()).map((task) => [task.key, task.status]));
  return Object.fromEntries(ids.map((id) => [id, byKey.get(`leaver:${id}`) ?? "absent"]));
}

/** The compliance digest's text of the scan, which its subject does not name (manager digests say "items"). */
function complianceDigest(scanId: string): string | undefined {
  return emails.find((e) => e.text.includes(`Scan ${scanId},`) && e.text.includes("SUMMARY"))?.text;
}

async function openFindings(): Promise<LifecycleFinding[]> {
  const latest = await stateStore.latestSuccessfulScan();
  return latest === undefined ? [] : ((await readFindingsBlob(blobStore, latest.resultKey)) ?? []);
}

async function resolvedIds(): Promise<Set<string>> {
  return new Set((await stateStore.listStoredFindings("resolved")).map((r) => r.finding.id));
}

function rosterWarnings(): string[] {
  const json = JSON.parse(readFileSync(join(outDir, "findings.json"), "utf8")) as {
    sources: { id: string; warnings?: string[] }[];
  };
  return json.sources.find((s) => s.id === "hr")?.warnings ?? [];
}

/** The roster as rows of fields (the demo quotes no field with a comma in the columns changed here). */
function rosterRows(): string[][] {
  return readFileSync(join(orgDir, ROSTER), "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => line.split(","));
}

/** Rewrites the rows of the given people with `change`, which gets the row and the header's column indexes. */
function changeRoster(
  ids: readonly string[],
  change: (row: string[], column: (name: string) => number) => void,
) {
  const [header = [], ...rows] = rosterRows();
  const column = (name: string) => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`the demo roster has no column ${name}`);
    return index;
  };
  for (const row of rows) if (ids.includes(row[0] ?? "")) change(row, column);
  writeFileSync(join(orgDir, ROSTER), `${[header, ...rows].map((row) => row.join(",")).join("\n")}\n`);
}

/** Removes the rows of the given people, as an HR system that purges its leavers does. */
function removeFromRoster(ids: readonly string[]) {
  const [header = [], ...rows] = rosterRows();
  const kept = rows.filter((row) => !ids.includes(row[0] ?? ""));
  writeFileSync(join(orgDir, ROSTER), `${[header, ...kept].map((row) => row.join(",")).join("\n")}\n`);
}

/** Ids of the open findings the latest scan, evaluated at `now`, saw itself (not carried). */
async function seenIn(now: number): Promise<Set<string>> {
  return new Set((await openFindings()).filter((f) => f.lastSeenAt === now).map((f) => f.id));
}

/**
 * Each finding resolved, unless the scan found it again for a reason other than the departure (a
 * disabled account past its deletion date, say), or could not tell (a rule not evaluated on its
 * source for staff never resolves by absence) — and at least one resolved.
 */
async function expectResolvedUnlessSeen(
  ids: readonly string[],
  resolved: ReadonlySet<string>,
  seen: ReadonlySet<string>,
) {
  const json = JSON.parse(readFileSync(join(outDir, "findings.json"), "utf8")) as {
    notEvaluated: { rule: string; sourceId: string }[];
  };
  const notEvaluated = new Set(json.notEvaluated.map((n) => `${n.rule}@${n.sourceId}`));
  const byId = new Map((await openFindings()).map((f) => [f.id, f]));
  const undecided = (id: string) => {
    const finding = byId.get(id);
    return finding !== undefined && notEvaluated.has(`${finding.rule}@${finding.sourceId}`);
  };
  for (const id of ids) {
    expect({ id, resolvedOrSeen: resolved.has(id) || seen.has(id) || undecided(id) }).toEqual({
      id,
      resolvedOrSeen: true,
    });
  }
  expect(ids.filter((id) => resolved.has(id)).length).toBeGreaterThan(0);
}

/**
 * Two leavers whose roster rows carry a termination date and who left an enabled account behind
 * (a ghost account, which only a departure makes a finding), and their findings.
 */
async function twoLeavers(): Promise<{ ids: [string, string]; findings: Map<string, string[]> }> {
  const [header = [], ...rows] = rosterRows();
  const dated = new Set(
    rows.filter((row) => row[header.indexOf("Termination Date")] !== "").map((row) => row[0] ?? ""),
  );
  const findings = new Map<string, string[]>();
  for (const f of await openFindings()) {
    if (f.personId === null || !dated.has(f.personId)) continue;
    findings.set(f.personId, [...(findings.get(f.personId) ?? []), f.id]);
  }
  const ghosts = new Set(
    (await openFindings()).filter((f) => f.rule === "ghost-account").map((f) => f.personId),
  );
  const [a, b] = [...findings.keys()].filter((id) => ghosts.has(id)).sort();
  if (a === undefined || b === undefined)
    throw new Error("the demo has fewer than two dated leavers with findings");
  return { ids: [a, b], findings };
}

/** The accounts (`source/account id`) of the given people's open ghost-account findings. */
async function ghostAccountsOf(ids: readonly string[]): Promise<Set<string>> {
  const accounts = (await openFindings())
    .filter((f) => f.rule === "ghost-account" && f.personId !== null && ids.includes(f.personId))
    .map((f) => `${f.sourceId}/${f.subject.id}`);
  expect(accounts.length).toBeGreaterThan(0);
  return new Set(accounts);
}

/** The open orphan-account findings about any of the given accounts. */
async function orphansAmong(accounts: ReadonlySet<string>): Promise<string[]> {
  return (await openFindings())
    .filter((f) => f.rule === "orphan-account" && accounts.has(`${f.sourceId}/${f.subject.id}`))
    .map((f) => f.id);
}

describe.each(["memory", "blobs"] as const)(
  "a leaver's termination date that disappears, steps handing off through %s",
  (mode) => {
    beforeEach(() => {
      handOff = mode;
    });

    it("holds the leaver's findings open with a warning, night after night, until the change is accepted", async () => {
      // Prepare: a first night, then the termination date and instant of one leaver emptied
      expect((await scan(NOW)).run.status).toBe("succeeded");
      const { ids, findings } = await twoLeavers();
      const [gone] = ids;
      const goneFindings = findings.get(gone) ?? [];
      changeRoster([gone], (row, column) => {
        row[column("Termination Date")] = "";
        row[column("Terminated At")] = "";
        row[column("Status")] = "";
      });

      // Act 1: two nights with the date missing
      const night2 = await scan(NOW + DAY_MS, { scanId: "night-2" });
      const warnings2 = rosterWarnings();
      const report2 = readFileSync(join(outDir, "report.html"), "utf8");
      const open2 = new Set((await openFindings()).map((f) => f.id));
      const night3 = await scan(NOW + 2 * DAY_MS, { scanId: "night-3" });
      const warnings3 = rosterWarnings();
      const open3 = new Set((await openFindings()).map((f) => f.id));

      // Assess 1: nothing of theirs resolved; the warning names them both nights
      expect(night2.run.status).toBe("succeeded");
      expect(night3.run.status).toBe("succeeded");
      for (const id of goneFindings) {
        expect(open2.has(id)).toBe(true);
        expect(open3.has(id)).toBe(true);
      }
      expect([...(await resolvedIds())].filter((id) => goneFindings.includes(id))).toEqual([]);
      for (const warnings of [warnings2, warnings3]) {
        expect(warnings[0]).toMatch(
          new RegExp(
            `^1 leaver of the last scan shows no departure now \\(no termination date, no later hire date\\): ${gone} \\(last day \\d{4}-\\d{2}-\\d{2}\\)\\. Their findings stay open`,
          ),
        );
        expect(warnings[0]).toContain("(--accept-source-change hr --by WHO --reason TEXT)");
      }
      // Whole in the report too, where warnings are cut after 600 characters.
      expect(report2).toContain(`${gone} (last day`);
      expect(report2).toContain("(--accept-source-change hr --by WHO --reason TEXT).");

      // Act 2: the change accepted
      const accepted = await scan(NOW + 3 * DAY_MS, {
        scanId: "night-4",
        acceptSourceChanges: [{ sourceId: "hr", by: "maria.lopez", reason: "termination rescinded" }],
      });

      // Assess 2: their findings resolve, and the warning says who accepted it
      expect(accepted.run.status).toBe("succeeded");
      const resolved = await resolvedIds();
      await expectResolvedUnlessSeen(goneFindings, resolved, await seenIn(NOW + 3 * DAY_MS));
      expect(rosterWarnings()[0]).toContain('Accepted by maria.lopez ("termination rescinded")');

      // Act 3: the next night, nothing left to hold
      await scan(NOW + 4 * DAY_MS, { scanId: "night-5" });

      // Assess 3
      expect(rosterWarnings().some((w) => w.includes("no departure now"))).toBe(false);
    });

    it("resolves a rehire's findings at once, and holds nothing once the date comes back", async () => {
      // Prepare
      expect((await scan(NOW)).run.status).toBe("succeeded");
      const { ids, findings } = await twoLeavers();
      const [back, rehired] = ids;
      const original = rosterRows();
      changeRoster([back], (row, column) => {
        row[column("Termination Date")] = "";
        row[column("Terminated At")] = "";
        // A "Terminated" without a date is held already, as an unknown departure: say nothing.
        row[column("Status")] = "";
      });
      changeRoster([rehired], (row, column) => {
        row[column("Hire Date")] = "2026-11-20";
      });

      // Act 1: a night with one date missing and one rehire
      await scan(NOW + DAY_MS, { scanId: "night-2" });
      const resolved2 = await resolvedIds();
      const seen2 = await seenIn(NOW + DAY_MS);
      const warnings2 = rosterWarnings();
      // Act 2: the date comes back
      writeFileSync(join(orgDir, ROSTER), `${original.map((row) => row.join(",")).join("\n")}\n`);
      await scan(NOW + 2 * DAY_MS, { scanId: "night-3" });

      // Assess: the rehire resolved; the missing date held, then was simply there again
      await expectResolvedUnlessSeen(findings.get(rehired) ?? [], resolved2, seen2);
      for (const id of findings.get(back) ?? []) expect(resolved2.has(id)).toBe(false);
      expect(warnings2[0]).toMatch(
        new RegExp(`^1 leaver of the last scan shows no departure now .*: ${back} \\(`),
      );
      expect(warnings2.join("\n")).not.toContain(`${rehired} (`);
      expect(rosterWarnings().some((w) => w.includes("no departure now"))).toBe(false);
      const open = new Set((await openFindings()).map((f) => f.id));
      for (const id of findings.get(back) ?? []) expect(open.has(id)).toBe(true);
    });

    it("resolves a rehire whose row no longer carries the old termination, in place or as a second row", async () => {
      // Prepare: one leaver's row rehired with its termination cleared; the other's kept, beside a new row
      expect((await scan(NOW)).run.status).toBe("succeeded");
      const { ids, findings } = await twoLeavers();
      const [inPlace, twoRows] = ids;
      const rehire = (row: string[], column: (name: string) => number) => {
        row[column("Status")] = "Active";
        row[column("Hire Date")] = "2026-11-26";
        row[column("Termination Date")] = "";
        row[column("Terminated At")] = "";
      };
      changeRoster([inPlace], rehire);
      const [header = [], ...rows] = rosterRows();
      const newRow = [...(rows.find((row) => row[0] === twoRows) ?? [])];
      rehire(newRow, (name) => header.indexOf(name));
      writeFileSync(
        join(orgDir, ROSTER),
        `${[header, ...rows, newRow].map((row) => row.join(",")).join("\n")}\n`,
      );

      // Act
      await scan(NOW + DAY_MS, { scanId: "night-2" });

      // Assess: no hold, no warning, and their findings resolved
      expect(rosterWarnings().some((w) => w.includes("no departure now"))).toBe(false);
      const resolved = await resolvedIds();
      const seen = await seenIn(NOW + DAY_MS);
      await expectResolvedUnlessSeen(findings.get(inPlace) ?? [], resolved, seen);
      await expectResolvedUnlessSeen(findings.get(twoRows) ?? [], resolved, seen);
    });

    it("holds a leaver whose roster row is rejected, without calling their accounts orphans", async () => {
      // Prepare: a first night, then one leaver's row cut short (an export that ended mid-row)
      expect((await scan(NOW)).run.status).toBe("succeeded");
      const { ids, findings } = await twoLeavers();
      const [leaver] = ids;
      const theirs = findings.get(leaver) ?? [];
      const ghostAccounts = await ghostAccountsOf([leaver]);
      const whole = rosterRows();
      changeRoster([leaver], (row) => row.splice(4));

      // Act 1
      const night2 = await scan(NOW + DAY_MS, { scanId: "night-2" });
      const open2 = new Set((await openFindings()).map((f) => f.id));

      // Assess 1: the row is rejected, the leaver's findings stay open, their accounts are no orphans
      expect(night2.run.status).toBe("succeeded");
      const json = JSON.parse(readFileSync(join(outDir, "findings.json"), "utf8")) as {
        sources: { id: string; rejected: number }[];
      };
      expect(json.sources.find((s) => s.id === "hr")?.rejected).toBe(1);
      for (const id of theirs) expect(open2.has(id)).toBe(true);
      expect(await orphansAmong(ghostAccounts)).toEqual([]);

      // Act 2: the row whole again
      writeFileSync(join(orgDir, ROSTER), `${whole.map((row) => row.join(",")).join("\n")}\n`);
      await scan(NOW + 2 * DAY_MS, { scanId: "night-3" });

      // Assess 2: the account matches the leaver again: still a ghost account, never an orphan
      expect(await orphansAmong(ghostAccounts)).toEqual([]);
      expect((await ghostAccountsOf([leaver])).size).toBe(ghostAccounts.size);
    });

    it("holds the findings and tasks of leavers purged from the roster, until the purge is accepted", async () => {
      // Prepare: a first night, then two leavers' rows removed, as HR does after a retention period
      expect((await scan(NOW)).run.status).toBe("succeeded");
      const { ids, findings } = await twoLeavers();
      const theirs = ids.flatMap((id) => findings.get(id) ?? []);
      expect(await leaverTaskStatus(ids)).toEqual({ [ids[0]]: "open", [ids[1]]: "open" });
      const ghostAccounts = await ghostAccountsOf(ids);
      removeFromRoster(ids);

      // Act 1: two nights without them
      const night2 = await scan(NOW + DAY_MS, { scanId: "night-2" });
      const warnings2 = rosterWarnings();
      const report2 = readFileSync(join(outDir, "report.html"), "utf8");
      const open2 = new Set((await openFindings()).map((f) => f.id));
      const night3 = await scan(NOW + 2 * DAY_MS, { scanId: "night-3" });
      const warnings3 = rosterWarnings();
      const open3 = new Set((await openFindings()).map((f) => f.id));
      const tasks3 = await leaverTaskStatus(ids);

      // Assess 1: nothing of theirs resolved, their tasks open; the warning, the report and the
      // compliance digest say why, both nights
      expect(night2.run.status).toBe("succeeded");
      expect(night3.run.status).toBe("succeeded");
      for (const id of theirs) {
        expect(open2.has(id)).toBe(true);
        expect(open3.has(id)).toBe(true);
      }
      expect([...(await resolvedIds())].filter((id) => theirs.includes(id))).toEqual([]);
      expect(tasks3).toEqual({ [ids[0]]: "open", [ids[1]]: "open" });
      // Their ghost accounts match no one now, but are not called orphans while the leavers are held
      expect(await orphansAmong(ghostAccounts)).toEqual([]);
      for (const warnings of [warnings2, warnings3]) {
        expect(warnings[0]).toMatch(
          new RegExp(
            `^2 leavers of the last scan are no longer on the roster: ${ids[0]} \\(last day \\d{4}-\\d{2}-\\d{2}\\), ${ids[1]} \\(last day \\d{4}-\\d{2}-\\d{2}\\)\\. Their findings stay open`,
          ),
        );
        expect(warnings[0]).toContain("If HR purged them on purpose");
        expect(warnings[0]).toContain("(--accept-source-change hr --by WHO --reason TEXT)");
        expect(warnings.some((w) => w.includes("no departure now"))).toBe(false);
      }
      expect(report2).toContain("Findings of 2 leavers kept open:");
      expect(report2).toContain(`${ids[1]} (last day`);
      for (const scanId of ["night-2", "night-3"]) {
        const digest = complianceDigest(scanId);
        expect(digest).toContain("!! Findings of 2 leavers kept open:");
        expect(digest).toContain("2 leavers of the last scan are no longer on the roster");
      }

      // Act 2: the purge accepted
      const accepted = await scan(NOW + 3 * DAY_MS, {
        scanId: "night-4",
        acceptSourceChanges: [{ sourceId: "hr", by: "maria.lopez", reason: "7-year retention purge" }],
      });

      // Assess 2: their findings resolve, and a task closes unless a finding of its leaver is
      // still open (a rule not evaluated on a source cannot resolve by absence)
      expect(accepted.run.status).toBe("succeeded");
      await expectResolvedUnlessSeen(theirs, await resolvedIds(), await seenIn(NOW + 3 * DAY_MS));
      expect(rosterWarnings()[0]).toContain('Accepted by maria.lopez ("7-year retention purge")');
      expect(complianceDigest("night-4")).toContain("accepted by maria.lopez");
      const stillOpen = new Set((await openFindings()).map((f) => f.personId));
      const tasks4 = await leaverTaskStatus(ids);
      for (const id of ids) expect(tasks4[id]).toBe(stillOpen.has(id) ? "open" : "closed");
      // Once the purge is accepted, their accounts still enabled are orphan accounts
      expect((await orphansAmong(ghostAccounts)).length).toBeGreaterThan(0);

      // Act 3: the next night, nothing left to hold
      await scan(NOW + 4 * DAY_MS, { scanId: "night-5" });

      // Assess 3
      expect(rosterWarnings().some((w) => w.includes("no longer on the roster"))).toBe(false);
    });
  },
);
