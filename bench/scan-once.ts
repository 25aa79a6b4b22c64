/**
 * One measured scan, in its own process so peak RSS is the scan's alone: load the config,
 * collect, correlate, run rules, write outputs. Prints one JSON line with phase timings.
 */
import { loadConfig } from "../functions/config/load-config.ts";
import { runScan } from "../functions/scan/run-scan.ts";
import { writeScanOutputs } from "../reports/write-outputs.ts";

const [configFile, outDir, nowIso] = process.argv.slice(2);
if (!configFile || !outDir || !nowIso) throw new Error("usage: scan-once.ts CONFIG OUT_DIR NOW");

const phases: Record<string, number> = {};
const started = performance.now();
const config = loadConfig(configFile);
let collectMs = 0;
const outcome = runScan({
  config,
  now: Date.parse(nowIso),
  onProgress: (event) => {
    if (event.type === "source") collectMs += event.source.durationMs;
    else phases[event.step] = Math.round(event.durationMs);
  },
});
if (outcome.status !== "completed") throw new Error(`scan aborted: ${outcome.reason}`);
phases.collect = Math.round(collectMs);
const writeStarted = performance.now();
await writeScanOutputs(outcome.result, outDir);
phases.outputs = Math.round(performance.now() - writeStarted);

const accounts = outcome.context.accounts.length;
console.log(
  JSON.stringify({
    people: outcome.context.people.length,
    accounts,
    assets: outcome.context.assets.length,
    resources: outcome.context.resources.length,
    sources: outcome.result.sources.length,
    findings: outcome.result.findings.length,
    rejected: outcome.result.sources.reduce((n, s) => n + s.rejected, 0),
    failedSources: outcome.result.sources.filter((s) => s.status === "failed").map((s) => s.id),
    inProcessMs: Math.round(performance.now() - started),
    phases,
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
