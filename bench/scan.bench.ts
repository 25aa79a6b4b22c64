/**
 * `npm run bench`: deprov on a generated org of 100,000 people and 1,000,000+ accounts over 8
 * account sources (plus roster, devices, offboarding tickets and scheduled jobs), against its
 * budget on this 2-core machine: under 20 s wall and 2 GB peak RSS, linear in the input.
 *
 * 1. The core scan (parse, correlate, rules, outputs) at a quarter and at full size: budget and
 *    linearity.
 * 2. The nightly-scan state machine as `deprov scan` runs it (ASL interpreter, handlers on the main
 *    thread and worker threads, embedded DynamoDB-compatible store, file blobs): a first scan and a
 *    second, a night later on the same data — median wall time of three runs, peak RSS, DynamoDB
 *    items written, and the estimated monthly AWS cost.
 *
 * Each measurement runs in its own process so its peak RSS is its own, from a bundle built as the
 * `deprov` command's is (bin/cli-bundle.js), so start-up costs what it costs the command. Generated
 * orgs are cached under bench/out/ (keyed by size, seed and date): generating them is not what is
 * measured.
 */
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { ensureBundle } from "../bin/cli-bundle.js";
import { generateOrg } from "../cli/generate/generate-org.ts";

const BUDGET = { wallMs: 20_000, rssMb: 2_048 };
const NOW = "2026-11-26T12:00:00Z";
const NEXT_NIGHT = "2026-11-27T12:00:00Z";
const SYSTEMS = 8;
const root = resolve(import.meta.dirname, "..");
/** The V8 flag `deprov` itself runs with (see bin/deprov.js). */
const NODE_FLAGS = ["--max-semi-space-size=64"];
const bundle = await ensureBundle(root, {
  "scan-once": "bench/scan-once.ts",
  "scan-asl-once": "bench/scan-asl-once.ts",
});
/** S3 standard storage and DynamoDB on-demand writes, us-east-1 (per GB-month, per write unit). */
const PRICES = { s3PerGbMonth: 0.023, dynamoDbPerWrite: 0.625 / 1_000_000 };

async function orgFor(people: number): Promise<string> {
  const orgDir = join(root, "bench", "out", `org-${people}-${SYSTEMS}-${NOW.slice(0, 10)}`);
  if (!existsSync(join(orgDir, "deprov.config.json"))) {
    process.stderr.write(`generating ${people} people × ${SYSTEMS} systems into ${orgDir} …\n`);
    await generateOrg({ people, systems: SYSTEMS, seed: 42, outDir: orgDir, now: Date.parse(NOW) });
  }
  return orgDir;
}

type Measured = Record<string, unknown> & { wallMs: number };

/** The run with the median wall time, with the spread and the highest peak RSS of all runs. */
function medianRun(runs: Measured[]): Measured {
  const byWall = [...runs].sort((a, b) => a.wallMs - b.wallMs);
  const median = byWall[Math.floor((byWall.length - 1) / 2)] as Measured;
  return {
    ...median,
    runs: runs.length,
    wallMsRange: [byWall[0]?.wallMs, byWall.at(-1)?.wallMs],
    maxRssMb: Math.max(...runs.map((run) => Number(run.maxRssMb))),
  };
}

function measure(script: string, args: string[]): Measured {
  const started = performance.now();
  const child = spawnSync(process.execPath, [...NODE_FLAGS, join(bundle, `${script}.mjs`), ...args], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 16 << 20,
  });
  const wallMs = Math.round(performance.now() - started);
  if (child.status !== 0) throw new Error(`${script} failed (exit ${child.status}):\n${child.stderr}`);
  const line = child.stdout.trim().split("\n").at(-1) ?? "{}";
  return { ...(JSON.parse(line) as Record<string, unknown>), wallMs };
}

const quarterOrg = await orgFor(25_000);
const fullOrg = await orgFor(100_000);

process.stderr.write("core scan, 25,000 people …\n");
const quarter = measure("scan-once", [join(quarterOrg, "deprov.config.json"), join(quarterOrg, "out"), NOW]);
process.stderr.write("core scan, 100,000 people …\n");
const full = measure("scan-once", [join(fullOrg, "deprov.config.json"), join(fullOrg, "out"), NOW]);

// A shared 2-core machine varies by ±10 % from run to run: the state machine (the slower path) runs
// REPEAT times — each time a first scan on a fresh state and a second a night later — and is
// judged by its median wall time and its highest peak RSS.
const REPEAT = Number(process.env.DEPROV_BENCH_REPEAT ?? 3);
const stateDir = join(fullOrg, "state");
const firsts: Measured[] = [];
const seconds: Measured[] = [];
for (let i = 1; i <= REPEAT; i++) {
  rmSync(stateDir, { recursive: true, force: true });
  process.stderr.write(`state machine, first scan (${i}/${REPEAT}) …\n`);
  firsts.push(
    measure("scan-asl-once", [
      join(fullOrg, "deprov.config.json"),
      stateDir,
      join(fullOrg, "out-asl"),
      NOW,
      `first-${i}`,
    ]),
  );
  process.stderr.write(`state machine, second scan a night later (${i}/${REPEAT}) …\n`);
  seconds.push(
    measure("scan-asl-once", [
      join(fullOrg, "deprov.config.json"),
      stateDir,
      join(fullOrg, "out-asl"),
      NEXT_NIGHT,
      `second-${i}`,
    ]),
  );
}
const first = medianRun(firsts);
const second = medianRun(seconds);

const perAccount = (m: Measured) => m.wallMs / Number(m.accounts);
const linearity = perAccount(full) / perAccount(quarter);
const snapshotsGb = Number(first.snapshotBytes ?? 0) / 1e9;
const nightly =
  Number(second.estimatedRunCostUsd) + Number(second.dynamoDbItemsWritten) * PRICES.dynamoDbPerWrite;
// Snapshots are kept 35 days (the bucket's lifecycle rule).
const monthlyUsd = 30 * nightly + 35 * snapshotsGb * PRICES.s3PerGbMonth;

const within = (m: { wallMs: number; maxRssMb?: unknown }) =>
  m.wallMs <= BUDGET.wallMs && Number(m.maxRssMb) <= BUDGET.rssMb ? "ok" : "OVER BUDGET";
const report = {
  budget: BUDGET,
  coreScan: { quarter, full, linearity: Number(linearity.toFixed(2)) },
  stateMachine: { first, second, estimatedMonthlyAwsCostUsd: Number(monthlyUsd.toFixed(2)) },
  verdict: {
    coreScan: within(full),
    // Cost per account at 4× the input may grow a little (GC, cache misses), not quadratically.
    linear: linearity <= 1.5 ? "ok" : "NOT LINEAR",
    size: Number(full.accounts) >= 1_000_000 && Number(full.sources) >= 10 ? "ok" : "TOO SMALL",
    stateMachineFirst: within(first),
    stateMachineSecond: within(second),
    secondScanWrites: Number(second.dynamoDbItemsWritten) <= 500 ? "ok" : "TOO MANY WRITES",
  },
};
console.log(JSON.stringify(report, null, 2));
process.exitCode = Object.values(report.verdict).every((v) => v === "ok") ? 0 : 1;
