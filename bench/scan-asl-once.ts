/**
 * One measured run of the nightly-scan state machine, in its own process: the same path as
 * `deprov scan` (ASL interpreter, handlers, embedded DynamoDB-compatible store persisted in the
 * state folder, file blobs). Prints one JSON line.
 */

import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { estimateRunCost } from "../cli/cost-estimate.ts";
import { openLocalState } from "../cli/local/embedded-dynamodb.ts";
import { localWorkers, runLocalScan } from "../cli/local/run-local-scan.ts";
import { loadConfig } from "../functions/config/load-config.ts";
import { scanIdFor } from "../functions/scan/run-scan.ts";

const [configFile, stateDir, outDir, nowIso, run] = process.argv.slice(2);
if (!configFile || !stateDir || !outDir || !nowIso || !run)
  throw new Error("usage: scan-asl-once.ts CONFIG STATE OUT NOW RUN");

const started = performance.now();
const config = loadConfig(configFile);
const state = await openLocalState(stateDir);
if (!state) throw new Error("no state");
const now = Date.parse(nowIso);
const steps: Record<string, number> = {};
const { run: result } = await runLocalScan({
  config,
  stateStore: state.stateStore,
  taskStore: state.taskStore,
  blobStore: state.blobStore,
  outDir,
  now,
  workers: localWorkers(state),
  scanId: scanIdFor(config.organization, now, run),
});
for (const task of result.tasks) steps[task.state] = Math.round((steps[task.state] ?? 0) + task.durationMs);
const cost = estimateRunCost(result.transitions, result.tasks);
const output = result.output as
  | { persisted?: { findings?: number; transitions?: Record<string, number> } }
  | undefined;
console.log(
  JSON.stringify({
    status: result.status,
    error: result.error,
    findings: output?.persisted?.findings,
    changes: output?.persisted?.transitions,
    dynamoDbItemsWritten: state.writes.count(),
    stateTransitions: result.transitions,
    lambdaGbSeconds: cost.lambdaGbSeconds,
    estimatedRunCostUsd: Number(cost.usd.toFixed(4)),
    inProcessMs: Math.round(performance.now() - started),
    steps,
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    snapshotBytes: await folderBytes(join(stateDir, "blobs", "scans")),
  }),
);
await state.close();

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}
