/**
 * The bundled demo org (examples/demo's generator) scanned at a fixed instant by the real pipeline,
 * as the reports, the exports and the Security Hub import receive it: findings with the titles,
 * evidence and controls the rules give them, the sources and people the parsers read.
 *
 * - `demoCoreScan()`: the in-memory core scan (parsers, correlation, thirteen rules), ~1 s.
 * - `demoNightlyScan()`: the nightly-scan state machine over five weekly scans; before the last,
 *   Slack and Zoom join the config (their findings are new), GitHub accounts are deleted (theirs
 *   resolve) and two findings are waived. It is the result the last report renders, with a real
 *   history (trend, new and resolved findings, waivers, leaver timelines, SLA) and the remediation
 *   tasks the scan synced. A few seconds.
 *
 * Each runs once per test file and is shared by its tests.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateDemo } from "../../cli/generate/generate-demo.ts";
import { startEmbeddedDynamoDb } from "../../cli/local/embedded-dynamodb.ts";
import { runLocalScan } from "../../cli/local/run-local-scan.ts";
import { loadConfig } from "../../functions/config/load-config.ts";
import { DAY_MS } from "../../functions/core/time.ts";
import { DynamoDbStateStore } from "../../functions/ports/dynamodb-state-store.ts";
import { FileBlobStore } from "../../functions/ports/file-blob-store.ts";
import { readFindingsBlob } from "../../functions/ports/result-blob.ts";
import { DynamoDbTaskStore } from "../../functions/ports/tasks/dynamodb-task-store.ts";
import type { ScanResult } from "../../functions/scan/contract/scan-result.ts";
import { runScan } from "../../functions/scan/run-scan.ts";
import { reportedScan } from "../../functions/scan/steps/publish-report.ts";

/** The instant every demo scan is evaluated at. */
export const DEMO_NOW = Date.parse("2025-03-03T12:00:00Z");
/** Weekly scans ending at DEMO_NOW: enough passes between them for deadlines to fall due. */
const SCANS = 5;
const WEEK_MS = 7 * DAY_MS;

let core: Promise<ScanResult> | undefined;
let nightly: Promise<ScanResult> | undefined;

export function demoCoreScan(): Promise<ScanResult> {
  core ??= inTempDir(async (dir) => {
    const orgDir = join(dir, "org");
    await generateDemo({ outDir: orgDir, now: DEMO_NOW });
    const outcome = await runScan({ config: loadConfig(join(orgDir, "deprov.config.json")), now: DEMO_NOW });
    if (outcome.status !== "completed") throw new Error("the demo org's scan was aborted");
    return outcome.result;
  });
  return core;
}

export function demoNightlyScan(): Promise<ScanResult> {
  nightly ??= inTempDir(async (dir) => {
    const orgDir = join(dir, "org");
    await generateDemo({ outDir: orgDir, now: DEMO_NOW });
    const db = await startEmbeddedDynamoDb();
    try {
      const stateStore = new DynamoDbStateStore({ client: db.client, tables: db.tables });
      const blobStore = new FileBlobStore(join(dir, "blobs"));
      const scan = (config: string, week: number) =>
        runLocalScan({
          config: loadConfig(join(orgDir, config)),
          stateStore,
          taskStore: new DynamoDbTaskStore({ client: db.client, tableName: db.tables.state }),
          blobStore,
          outDir: join(dir, "out"),
          retryIntervalMs: 0,
          now: DEMO_NOW - week * WEEK_MS,
          scanId: `demo-week-${week}`,
        });
      // Until the last week the org's config has no Slack or Zoom; then they are added (their
      // findings are new), and GitHub owners delete accounts (their findings resolve).
      writeFileSync(join(orgDir, EARLIER_CONFIG), JSON.stringify(withoutSources(orgDir, ["slack", "zoom"])));
      for (let week = SCANS - 1; week > 0; week--) await scan(EARLIER_CONFIG, week);
      await deleteGithubAccountsWithFindings(orgDir, stateStore, blobStore);
      await waiveTwo(stateStore, blobStore);
      const { deps } = await scan("deprov.config.json", 0);
      return (await reportedScan(deps, "demo-week-0")).result;
    } finally {
      await db.close();
    }
  });
  return nightly;
}

const EARLIER_CONFIG = "deprov.config.earlier.json";

function withoutSources(orgDir: string, sourceIds: readonly string[]): unknown {
  const config = JSON.parse(readFileSync(join(orgDir, "deprov.config.json"), "utf8")) as {
    sources: { id: string }[];
  };
  return { ...config, sources: config.sources.filter((source) => !sourceIds.includes(source.id)) };
}

/** Removes from github-members.csv the accounts of up to 30 of the latest scan's GitHub findings. */
async function deleteGithubAccountsWithFindings(
  orgDir: string,
  stateStore: DynamoDbStateStore,
  blobStore: FileBlobStore,
): Promise<void> {
  const latest = await stateStore.latestSuccessfulScan();
  const findings = latest ? ((await readFindingsBlob(blobStore, latest.resultKey)) ?? []) : [];
  const logins = new Set(
    findings
      .filter((finding) => finding.sourceId === "github")
      .map((finding) => finding.subject.id)
      .slice(0, 30),
  );
  const file = join(orgDir, "github-members.csv");
  const lines = readFileSync(file, "utf8").split("\n");
  writeFileSync(file, lines.filter((line) => !logins.has(line.split(",")[0] ?? "")).join("\n"));
}

/** Two accepted exceptions, as `deprov waive` records them: one ending within the fortnight the report highlights. */
async function waiveTwo(stateStore: DynamoDbStateStore, blobStore: FileBlobStore): Promise<void> {
  const latest = await stateStore.latestSuccessfulScan();
  const findings = latest ? ((await readFindingsBlob(blobStore, latest.resultKey)) ?? []) : [];
  const [first, second] = findings.filter((finding) => finding.rule === "ghost-account");
  for (const [stored, days, reason] of [
    [first, 10, "Mailbox kept for litigation hold LH-2025-02"],
    [second, 60, "Contractor extension signed, HR update pending"],
  ] as const) {
    if (stored === undefined) throw new Error("the demo org has fewer than two ghost accounts");
    await stateStore.putWaiver({
      findingId: stored.id,
      reason,
      approvedBy: "ciso@northwind.example",
      until: DEMO_NOW + days * DAY_MS,
      untilText: new Date(DEMO_NOW + days * DAY_MS).toISOString(),
      createdAt: DEMO_NOW - DAY_MS,
    });
  }
}

async function inTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "deprov-demo-scan-"));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
