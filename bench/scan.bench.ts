/**
 * `npm run bench`: the scan on a generated org of 100,000 people and 1,000,000+ accounts over
 * 8 account sources, against its budget (under 20 s wall and 2 GB peak RSS on 2 cores), plus a
 * quarter-size run to check the scan stays linear in the input.
 *
 * Generated orgs are cached under bench/out/ (keyed by size, seed and date) since generating
 * them is not what is measured.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { generateOrg } from "../cli/generate/generate-org.ts";

const BUDGET = { wallMs: 20_000, rssMb: 2_048 };
const NOW = "2026-11-26T12:00:00Z";
const SYSTEMS = 8;
const root = resolve(import.meta.dirname, "..");

interface Measurement {
  people: number;
  accounts: number;
  findings: number;
  wallMs: number;
  maxRssMb: number;
  phases: Record<string, number>;
  sources: number;
  failedSources: string[];
}

async function measure(people: number): Promise<Measurement> {
  const orgDir = join(root, "bench", "out", `org-${people}-${SYSTEMS}-${NOW.slice(0, 10)}`);
  if (!existsSync(join(orgDir, "deprov.config.json"))) {
    process.stderr.write(`generating ${people} people × ${SYSTEMS} systems into ${orgDir} …\n`);
    await generateOrg({ people, systems: SYSTEMS, seed: 42, outDir: orgDir, now: Date.parse(NOW) });
  }
  const started = performance.now();
  const child = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      join(root, "bench", "scan-once.ts"),
      join(orgDir, "deprov.config.json"),
      join(orgDir, "out"),
      NOW,
    ],
    { cwd: root, encoding: "utf8", maxBuffer: 16 << 20 },
  );
  const wallMs = Math.round(performance.now() - started);
  if (child.status !== 0) throw new Error(`scan failed (exit ${child.status}):\n${child.stderr}`);
  const line = child.stdout.trim().split("\n").at(-1) ?? "{}";
  return { ...(JSON.parse(line) as Omit<Measurement, "wallMs">), wallMs };
}

const quarter = await measure(25_000);
const full = await measure(100_000);
const perAccountFull = full.wallMs / full.accounts;
const perAccountQuarter = quarter.wallMs / quarter.accounts;
const linearity = perAccountFull / perAccountQuarter;

const report = {
  budget: BUDGET,
  quarter,
  full,
  linearity: Number(linearity.toFixed(2)),
  verdict: {
    wall: full.wallMs <= BUDGET.wallMs ? "ok" : "OVER BUDGET",
    rss: full.maxRssMb <= BUDGET.rssMb ? "ok" : "OVER BUDGET",
    // Cost per account at 4× the input may grow a little (GC, cache misses), not quadratically.
    linear: linearity <= 1.5 ? "ok" : "NOT LINEAR",
    sources: full.sources >= 10 && full.accounts >= 1_000_000 ? "ok" : "TOO SMALL",
  },
};
console.log(JSON.stringify(report, null, 2));
const failed = Object.values(report.verdict).some((v) => v !== "ok");
process.exitCode = failed ? 1 : 0;
