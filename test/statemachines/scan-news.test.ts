/**
 * What a night tells its readers, through the whole nightly-scan state machine on the demo org:
 * report.html and the compliance digest count the same transitions as the CLI and the audit
 * trail (SPEC §5, §6) — a finding that came back is "reopened", an expired waiver is
 * "waiver-expired", neither is "new". A re-run of a night tells nothing it already told, and a
 * failed source is in the audit trail.
 */
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { generateDemo } from "../../cli/generate/generate-demo.ts";
import { type LocalScanOptions, runLocalScan } from "../../cli/local/run-local-scan.ts";
import { loadConfig } from "../../functions/config/load-config.ts";
import type { LifecycleFinding } from "../../functions/core/lifecycle/types.ts";
import { DAY_MS } from "../../functions/core/time.ts";
import { FileBlobStore } from "../../functions/ports/file-blob-store.ts";
import { readFindingsBlob } from "../../functions/ports/result-blob.ts";
import { MemoryStateStore } from "../support/memory-state-store.ts";
import { MemoryTaskStore } from "../support/memory-task-store.ts";

const NOW = Date.parse("2026-11-26T12:00:00Z");
const GITHUB_EXPORT = "github-members.csv";
const dirs: string[] = [];

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "deprov-news-"));
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

let orgDir: string;
let outDir: string;
let stateStore: MemoryStateStore;
let taskStore: MemoryTaskStore;
let blobStore: FileBlobStore;
let emails: SentEmail[];

beforeEach(async () => {
  orgDir = freshDir();
  await generateDemo({ outDir: orgDir, now: NOW });
  stateStore = new MemoryStateStore();
  taskStore = new MemoryTaskStore();
  blobStore = new FileBlobStore(join(freshDir(), "blobs"));
  outDir = freshDir();
  emails = [];
});

function scan(now: number, extra: Partial<LocalScanOptions> = {}) {
  return runLocalScan({
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

function report(): string {
  return readFileSync(join(outDir, "report.html"), "utf8");
}

function digests(): SentEmail[] {
  return emails.filter((e) => e.text.includes("NEW FINDINGS"));
}

function suspectAlerts(): SentEmail[] {
  return emails.filter((e) => !e.text.includes("NEW FINDINGS") && e.subject.includes("suspect"));
}

/** The scan.finished audit entry's transition counts: what the CLI prints. */
async function finishedCounts(scanId: string): Promise<Record<string, unknown>> {
  const entries = await stateStore.listAudit({ from: 0, to: Number.MAX_SAFE_INTEGER });
  const finished = entries.find((e) => e.kind === "scan.finished" && e.scanId === scanId);
  if (finished?.detail === undefined) throw new Error(`no scan.finished for ${scanId}`);
  return finished.detail;
}

describe("the report and the compliance digest count transitions as the CLI does", () => {
  it("shows a finding that came back as reopened, not new", async () => {
    // Prepare: a first night, then one where a github orphan's row is gone (it resolves)
    await scan(NOW);
    const orphan = (await openFindings()).find((f) => f.sourceId === "github" && f.rule === "orphan-account");
    if (orphan === undefined) throw new Error("the demo org has no github orphan");
    const full = readFileSync(join(orgDir, GITHUB_EXPORT), "utf8");
    const without = full
      .split("\n")
      .filter((line) => !line.startsWith(`${orphan.subject.id},`))
      .join("\n");
    writeFileSync(join(orgDir, GITHUB_EXPORT), without);
    await scan(NOW + DAY_MS, { scanId: "night-2" });
    expect((await stateStore.getStoredFinding(orphan.id))?.status).toBe("resolved");

    // Act: the row is back
    writeFileSync(join(orgDir, GITHUB_EXPORT), full);
    emails = [];
    await scan(NOW + 2 * DAY_MS, { scanId: "night-3" });

    // Assess
    const counts = await finishedCounts("night-3");
    expect(counts).toMatchObject({ reopened: 1 });
    const page = report();
    expect(page).toContain(`New findings — ${counts.new}`);
    expect(page).toContain("Reopened findings — 1");
    const reopenedAt = page.indexOf('id="reopened-findings"');
    expect(page.indexOf(orphan.subject.id, reopenedAt)).toBeGreaterThan(reopenedAt);
    expect(page.slice(page.indexOf('id="new-findings"'), reopenedAt)).not.toContain(orphan.subject.id);
    const [digest] = digests();
    expect(digest?.subject).toContain(`— ${counts.new} new, 0 resolved, 1 reopened`);
    expect(digest?.text).toContain(`NEW FINDINGS (${counts.new},`);
    expect(digest?.text).toContain("REOPENED FINDINGS (1)");
  });

  it("shows a finding whose waiver expired under its own heading, not as new", async () => {
    // Prepare: a first night; a waiver that runs out before the third night, waived on the second
    await scan(NOW);
    const waived = (await openFindings()).find((f) => f.rule === "orphan-account");
    if (waived === undefined) throw new Error("the demo org has no orphan");
    await stateStore.putWaiver({
      findingId: waived.id,
      reason: "contractor returns in January",
      approvedBy: "ciso@acme.com",
      until: NOW + DAY_MS + DAY_MS / 2,
      untilText: "2026-11-28",
      createdAt: NOW,
    });
    emails = [];
    await scan(NOW + DAY_MS, { scanId: "night-2" });
    expect(await finishedCounts("night-2")).toMatchObject({ waived: 1 });
    expect(report()).toContain("1 finding was waived since the last scan");
    expect(digests()[0]?.text).toContain("Waived since the last scan: 1");

    // Act: the waiver has expired
    emails = [];
    await scan(NOW + 2 * DAY_MS, { scanId: "night-3" });

    // Assess
    const counts = await finishedCounts("night-3");
    expect(counts).toMatchObject({ "waiver-expired": 1, reopened: 0 });
    const page = report();
    expect(page).toContain(`New findings — ${counts.new}`);
    expect(page).toContain("Waivers expired — 1");
    expect(page).not.toContain("Reopened findings");
    const [digest] = digests();
    expect(digest?.subject).toContain(`— ${counts.new} new, 0 resolved, 1 waiver-expired`);
    expect(digest?.text).toContain("WAIVERS EXPIRED (1)");
    expect(digest?.text).toContain("Waivers expired since the last scan: 1");
  });
});

async function auditKinds(scanId: string, kind: string) {
  const entries = await stateStore.listAudit({ from: 0, to: Number.MAX_SAFE_INTEGER });
  return entries.filter((e) => e.scanId === scanId && e.kind === kind);
}

/** Keeps the first `share` of the CSV export's rows: enough of a cut to make the source suspect. */
function cutRows(file: string, share: number): void {
  const [header, ...rows] = readFileSync(join(orgDir, file), "utf8").trimEnd().split("\n");
  writeFileSync(join(orgDir, file), [header, ...rows.slice(0, Math.floor(rows.length * share))].join("\n"));
}

describe("a re-run of the same night with the same news", () => {
  it("sends the compliance digest and the suspect-source alert once, and again the next night", async () => {
    // Prepare: a first night; then okta's export is gone and github is cut to 70 %
    await scan(NOW);
    renameSync(join(orgDir, "okta-users.json"), join(orgDir, "okta-users.json.away"));
    cutRows(GITHUB_EXPORT, 0.7);
    emails = [];

    // Act: the night twice, at the same instant, then the next night with the same failure
    const first = await scan(NOW + DAY_MS, { scanId: "night-2" });
    const firstRun = [digests().length, suspectAlerts().length];
    const again = await scan(NOW + DAY_MS, { scanId: "night-2-again" });
    const afterRerun = [digests().length, suspectAlerts().length];
    await scan(NOW + 2 * DAY_MS, { scanId: "night-3" });

    // Assess
    expect(first.run.status).toBe("succeeded");
    expect(again.run.status).toBe("succeeded");
    expect(firstRun).toEqual([1, 1]);
    expect(afterRerun).toEqual([1, 1]);
    expect(await auditKinds("night-2-again", "email.written")).toEqual([]);
    expect(await auditKinds("night-2-again", "email.sent")).toEqual([]);
    // A later night is told again: the failure lasts.
    expect([digests().length, suspectAlerts().length]).toEqual([2, 2]);
    expect(digests()[1]?.subject).toContain("1 source failed");
  });

  it("still sends the digest when the re-run has news the first run did not tell", async () => {
    // Prepare
    await scan(NOW);
    renameSync(join(orgDir, "okta-users.json"), join(orgDir, "okta-users.json.away"));
    await scan(NOW + DAY_MS, { scanId: "night-2" });
    emails = [];

    // Act: another source fails too
    renameSync(join(orgDir, "slack-scim-users.json"), join(orgDir, "slack-scim-users.json.away"));
    await scan(NOW + DAY_MS, { scanId: "night-2-again" });

    // Assess
    expect(digests().map((e) => e.subject)).toEqual([expect.stringContaining("2 sources failed")]);
  });
});

describe("a failed source in the audit trail", () => {
  it("records source.failed with why, without the export's values", async () => {
    // Prepare: okta's export is missing, github's is not CSV at all
    renameSync(join(orgDir, "okta-users.json"), join(orgDir, "okta-users.json.away"));
    writeFileSync(join(orgDir, "okta-users.json.away"), "");
    writeFileSync(join(orgDir, GITHUB_EXPORT), '{"login": "secret.person@acme.com"}');

    // Act
    await scan(NOW, { scanId: "night-1" });

    // Assess
    const failed = await auditKinds("night-1", "source.failed");
    expect(failed.map((e) => [e.subject, e.actor, e.detail?.cause]).sort()).toEqual([
      ["github", "scan:night-1", "unparsable"],
      ["okta", "scan:night-1", "unreadable"],
    ]);
    expect(JSON.stringify(failed)).not.toContain("secret.person");
  });
});

/** `4 of 8` from the digest's "Offboarding SLA compliance: 50% (4 of 8 leavers disabled within 24 h)". */
function slaOf(digest: SentEmail | undefined): string | undefined {
  return digest?.text.match(/Offboarding SLA compliance: \S+ \((\d+ of \d+) leaver/)?.[1];
}

describe("SLA compliance across nights", () => {
  it("keeps a leaver who was not disabled in time a breach after the late accounts are deleted", async () => {
    // Prepare: a first night; a breaching leaver whose late accounts are all rows of CSV exports
    await scan(NOW);
    const sla = slaOf(digests()[0]);
    const csvExports: Record<string, string> = {
      "aws-prod": "aws-prod-credential-report.csv",
      github: GITHUB_EXPORT,
    };
    const byPerson = new Map<string, LifecycleFinding[]>();
    for (const f of await openFindings()) {
      if (f.personId === null || !["ghost-account", "late-disable"].includes(f.rule)) continue;
      byPerson.set(f.personId, [...(byPerson.get(f.personId) ?? []), f]);
    }
    const late = [...byPerson.values()].find((fs) => fs.every((f) => csvExports[f.sourceId] !== undefined));
    if (late === undefined) throw new Error("the demo org has no leaver late only in CSV exports");

    // Act: the late accounts are deleted
    for (const f of late) {
      const file = join(orgDir, csvExports[f.sourceId] ?? "");
      const rows = readFileSync(file, "utf8").split("\n");
      writeFileSync(file, rows.filter((row) => !row.startsWith(`${f.subject.id},`)).join("\n"));
    }
    emails = [];
    // At the same instant, so that no other leaver's deadline passes in between.
    await scan(NOW, { scanId: "night-1-again" });

    // Assess: resolved, and still a breach
    for (const f of late) expect((await stateStore.getStoredFinding(f.id))?.status).toBe("resolved");
    expect(sla).toBeDefined();
    expect(report()).toContain(`${sla} leavers fully disabled within`);
  });
});
