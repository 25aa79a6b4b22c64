/**
 * `deprov scan --aws`: starts the deployed nightly-scan state machine and follows it, printing the
 * progress lines a local run prints and exiting with the same codes — 3 when a guard rail aborted
 * it, 4 when it failed, 2 when a source failed, 1 for findings at or above `--fail-on`. A scan
 * while another execution is still running does nothing, and says so.
 */
import { SEVERITY_RANK, type Severity } from "../../functions/core/finding.ts";
import { getJson } from "../../functions/ports/json-blob.ts";
import { readFindingsBlob } from "../../functions/ports/result-blob.ts";
import { blobKeys } from "../../functions/scan/contract/blob-keys.ts";
import type { ScanMeta } from "../../functions/scan/steps/persist-findings.ts";
import { EXIT } from "../args.ts";
import type { RunEvent } from "../local/run-state-machine.ts";
import { findingsTable, sourcesTable } from "../progress.ts";
import { openDeployedState, readStackOutputs } from "./deployed-stack.ts";
import { runningExecutions, startAndFollow } from "./follow-execution.ts";

export interface AwsScanOptions {
  stack: string;
  now?: number;
  failOn?: Severity;
  acceptRosterChange?: { by: string; reason: string };
  acceptSourceChanges?: { sourceId: string; by: string; reason: string }[];
  json: boolean;
  progressLine: (event: RunEvent) => string | undefined;
  say: (line: string) => void;
  pollMs?: number;
}

export async function scanInAws(options: AwsScanOptions): Promise<number> {
  const outputs = await readStackOutputs(options.stack);
  const running = await runningExecutions(outputs.stateMachineArn);
  if (running.length > 0) {
    const first = running[0];
    const message = `deprov scan --aws: execution ${first?.name} (started ${first?.startedAt?.toISOString() ?? "earlier"}) is still running; not starting another scan`;
    if (options.json)
      console.log(
        JSON.stringify(
          {
            status: "skipped",
            reason: "another execution is running",
            executionArn: first?.executionArn ?? null,
          },
          null,
          2,
        ),
      );
    else console.error(message);
    return EXIT.ok;
  }
  options.say(`deprov scan --aws: starting ${outputs.stateMachineArn}`);
  const run = await startAndFollow({
    stateMachineArn: outputs.stateMachineArn,
    input: {
      trigger: "cli",
      ...(options.now !== undefined ? { now: new Date(options.now).toISOString() } : {}),
      ...(options.acceptRosterChange ? { acceptRosterChange: options.acceptRosterChange } : {}),
      ...(options.acceptSourceChanges ? { acceptSourceChanges: options.acceptSourceChanges } : {}),
    },
    onEvent: (event) => {
      const line = options.progressLine(event);
      if (line) options.say(line);
    },
    ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
  });
  if (run.status !== "succeeded") {
    const aborted = run.error?.name === "ScanAborted";
    if (options.json)
      console.log(
        JSON.stringify(
          { status: aborted ? "aborted" : "failed", error: run.error, executionArn: run.executionArn },
          null,
          2,
        ),
      );
    else if (aborted)
      console.error(
        "deprov scan --aws: ABORTED by a guard rail before any finding changed (see the alert and the audit trail).",
      );
    else console.error(`deprov scan --aws: FAILED: ${run.error?.name ?? "error"}: ${run.error?.cause ?? ""}`);
    return aborted ? EXIT.aborted : EXIT.failed;
  }
  const finished = (run.output as { finished?: { scanId?: string; resultKey?: string } } | undefined)
    ?.finished;
  if (!finished?.scanId || !finished.resultKey)
    throw new Error(`execution ${run.executionArn} succeeded without a scan result`);
  const state = openDeployedState(outputs);
  try {
    const [meta, findings] = await Promise.all([
      getJson<ScanMeta>(state.blobStore, blobKeys.scanMeta(finished.scanId)),
      readFindingsBlob(state.blobStore, finished.resultKey),
    ]);
    if (!meta || !findings)
      throw new Error(`scan ${finished.scanId}: its result is missing from s3://${outputs.bucket}`);
    const failedSources = meta.sources.filter((s) => s.status === "failed");
    const open = findings.filter((f) => f.status !== "waived");
    const failOn = options.failOn;
    const atOrAbove =
      failOn === undefined
        ? 0
        : open.filter((f) => SEVERITY_RANK[f.severity] <= SEVERITY_RANK[failOn]).length;
    const exitCode = failedSources.length > 0 ? EXIT.badInput : atOrAbove > 0 ? EXIT.findings : EXIT.ok;
    if (options.json) {
      console.log(
        JSON.stringify(
          {
            status: "completed",
            scanId: finished.scanId,
            executionArn: run.executionArn,
            exitCode,
            findings: findings.length,
            sources: meta.sources,
          },
          null,
          2,
        ),
      );
      return exitCode;
    }
    console.log(`\n${sourcesTable(meta.sources)}\n\n${findingsTable({ ...meta, findings })}\n`);
    for (const s of failedSources)
      console.log(`SOURCE FAILED ${s.id}: ${s.errors[0] ?? ""} (its findings stay open; none are resolved)`);
    console.log(`Scan ${finished.scanId} in AWS: ${findings.length} findings; execution ${run.executionArn}`);
    if (failOn !== undefined && atOrAbove > 0)
      console.log(`${atOrAbove} open findings at or above ${failOn}: exit 1`);
    return exitCode;
  } finally {
    await state.close();
  }
}
