/**
 * `deprov scan`: runs the nightly-scan state machine once, locally — the same ASL definition
 * and handlers as in AWS, with the embedded DynamoDB-compatible store and files for blobs.
 */
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { type LoadedConfig, resolveConfigPath } from "../../functions/config/load-config.ts";
import { SEVERITIES, SEVERITY_RANK, type Severity } from "../../functions/core/finding.ts";
import { DEFAULT_CURRENCY } from "../../functions/core/money.ts";
import { causeMessage } from "../../functions/ports/aws-errors.ts";
import { auditEntryId, type LatestSuccess, type StateStore } from "../../functions/ports/state-store.ts";
import type { ScanResult } from "../../functions/scan/contract/scan-result.ts";
import { loadIdentityMap } from "../../functions/scan/load-identity-map.ts";
import { scanIdFor } from "../../functions/scan/run-scan.ts";
import { assertAfterLastScan, ScanBeforeLastScanError } from "../../functions/scan/scan-order.ts";
import type { PlanManagerDigestsOutput } from "../../functions/scan/steps/plan-manager-digests.ts";
import { loadScanResult } from "../../functions/scan/steps/publish-report.ts";
import type { SendManagerDigestsOutput } from "../../functions/scan/steps/send-manager-digests.ts";
import { formatMoney } from "../../reports/format.ts";
import { monthlyLicenseWaste } from "../../reports/report-summary.ts";
import { COMMON_OPTIONS, EXIT, parseCommandArgs, parseNow, UsageError } from "../args.ts";
import { DEFAULT_STACK } from "../aws/deployed-stack.ts";
import { scanInAws } from "../aws/scan-aws.ts";
import { estimateRunCost, formatUsd } from "../cost-estimate.ts";
import { openLocalState } from "../local/embedded-dynamodb.ts";
import { LocalMailer, localSendRate } from "../local/local-mailer.ts";
import { localWorkers, runLocalScan } from "../local/run-local-scan.ts";
import type { RunEvent, TaskRun } from "../local/run-state-machine.ts";
import { findingsTable, sourcesTable } from "../progress.ts";
import { DEFAULT_STATE_DIR, resolveConfig } from "../resolve-config.ts";
import { refuseOtherOrganization } from "../state-organization.ts";
import { TaskTally, taskCountsText } from "../task-tally.ts";
import { terminalText } from "../terminal-text.ts";

export const SCAN_HELP = `Usage: deprov scan [--config FILE] [--out DIR] [--now ISO8601] [--fail-on SEVERITY] [--json] [--state DIR]
                   [--no-email] [--accept-roster-change] [--accept-source-change SOURCE]...
                   [--by WHO --reason TEXT] [--aws [--stack NAME]]

Runs the nightly-scan state machine once, locally (statemachines/nightly-scan.asl.json, the
same definition and handlers as in AWS): collects every source, checks the guard rails,
correlates accounts, devices and resources to people, evaluates every rule, persists the
findings' lifecycle in the state folder, syncs the remediation tasks, writes findings.json,
findings.csv, report.html and tasks.json (the tasks this scan changed), and sends the compliance
digest and the manager digests (also written as .eml files under --out/emails).

Emails go to the embedded SES-compatible mail sink. DEPROV_LOCAL_SEND_RATE (messages a second)
makes bulk sending pace itself as it does at SES's rate in AWS; by default there is no limit.

  --config FILE       config file (default: the bundled demo org, regenerated relative to --now)
  --out DIR           output folder (default: out/)
  --now ISO8601       evaluation instant, e.g. 2026-11-26T09:00:00Z (default: now)
  --fail-on SEVERITY  exit 1 when an open finding is at or above: critical, high, medium, low
  --json              print only the machine-readable summary
  --state DIR         local state folder (default: .deprov/)
  --no-email          write the emails as .eml files under --out, send none
  --accept-roster-change  accept a roster shrink beyond maxRosterShrinkPercent once (needs --by, --reason)
  --accept-source-change SOURCE
                      accept the change of a suspect source once (empty, shrunk beyond
                      maxSourceShrinkPercent, or rejecting beyond maxRejectedPercent); repeat it
                      for several sources; needs --by, --reason (recorded in the audit trail)
  --aws               run the deployed stack's state machine in AWS and follow it (same progress and
                      exit codes); does nothing, and says so, while another execution is running
  --stack NAME        the deployed CloudFormation stack (default: Deprov)

Exit codes: 0 ok, 1 findings at or above --fail-on, 2 bad config or unreadable input (the scan
still completes when only some sources failed or were suspect), 3 scan aborted by a guard rail,
4 scan failed.`;

export async function scanCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs("scan", argv, {
    ...COMMON_OPTIONS,
    out: { type: "string" },
    now: { type: "string" },
    "fail-on": { type: "string" },
    json: { type: "boolean" },
    "no-email": { type: "boolean" },
    "accept-roster-change": { type: "boolean" },
    "accept-source-change": { type: "string", multiple: true },
    by: { type: "string" },
    reason: { type: "string" },
    aws: { type: "boolean" },
    stack: { type: "string" },
  });
  if (values.help) {
    console.log(SCAN_HELP);
    return EXIT.ok;
  }
  const failOn = parseFailOn(values["fail-on"]);
  const now = parseNow(values.now);
  const acceptedSources = values["accept-source-change"] ?? [];
  const acceptance = parseAcceptance(
    values["accept-roster-change"] === true || acceptedSources.length > 0,
    values.by,
    values.reason,
  );
  const acceptRosterChange = values["accept-roster-change"] === true ? acceptance : undefined;
  const quiet = values.json === true;
  const say = (line: string) => {
    if (!quiet) process.stderr.write(`${line}\n`);
  };
  if (values.aws) {
    const awsTasks = new TaskTally();
    if (
      values.config !== undefined ||
      values.out !== undefined ||
      values.state !== undefined ||
      values["no-email"]
    )
      throw new UsageError(
        "--aws runs the deployed stack with its own config, state and mail: drop --config, --out, --state and --no-email",
      );
    return scanInAws({
      stack: values.stack ?? DEFAULT_STACK,
      ...(values.now !== undefined ? { now } : {}),
      ...(failOn !== undefined ? { failOn } : {}),
      ...(acceptRosterChange ? { acceptRosterChange } : {}),
      // StartScan checks the source ids against the deployed config.
      ...(acceptance && acceptedSources.length > 0
        ? {
            acceptSourceChanges: [...new Set(acceptedSources)].map((sourceId) => ({
              sourceId,
              ...acceptance,
            })),
          }
        : {}),
      json: quiet,
      progressLine: (event) => progressLine(event, awsTasks),
      say,
    });
  }
  if (values.stack !== undefined) throw new UsageError("--stack goes with --aws");

  const started = performance.now();
  const stateDir = resolve(values.state ?? DEFAULT_STATE_DIR);
  const config = await resolveConfig(values.config, values.state, now, say);
  const outDir = resolve(values.out ?? "out");
  const acceptSourceChanges = sourceAcceptances(acceptedSources, acceptance, config.sources);
  await checkLocalInputs(config, outDir);
  say(
    `deprov scan: ${terminalText(config.organization)} (${config.sources.length} sources) at ${new Date(now).toISOString()}`,
  );
  const state = await openLocalState(stateDir);
  if (!state) throw new Error(`cannot open the state folder ${stateDir}`);
  const mail = { deliver: values["no-email"] !== true, ...sendRateOption() };
  const mailer = new LocalMailer(outDir, mail);
  const tasks = new TaskTally();
  /** The first step that failed: what the user needs to see when the scan fails. */
  let firstFailure: { state: string; error: string; cause: string } | undefined;
  try {
    const latest = await state.stateStore.latestSuccessfulScan();
    await refuseOtherOrganization(state.stateStore, latest, config.organization, stateDir);
    refuseScanBeforeLast(latest, now);
    await releaseStaleScanLock(state.stateStore, say);
    const { run, deps } = await runLocalScan({
      config,
      stateStore: state.stateStore,
      taskStore: state.taskStore,
      blobStore: state.blobStore,
      reviews: state.reviews,
      outDir,
      now,
      // Each invocation is its own scan, even for the same --now: the user changed something.
      scanId: scanIdFor(config.organization, now, String(Date.now())),
      mailer,
      log: say,
      workers: localWorkers(state, undefined, mail),
      ...(acceptRosterChange ? { acceptRosterChange } : {}),
      ...(acceptSourceChanges.length > 0 ? { acceptSourceChanges } : {}),
      onEvent: (event) => {
        if (event.type === "state-caught") firstFailure ??= event;
        const line = progressLine(event, tasks);
        if (line) say(line);
      },
    });
    const cost = estimateRunCost(run.transitions, run.tasks);
    const scanId =
      (run.output as { scan?: { scanId?: string } } | undefined)?.scan?.scanId ??
      scanIdFromHistory(run.output);
    const itemsWritten = state.writes.count();

    if (run.status === "failed") {
      const aborted = run.error?.name === "ScanAborted";
      const summary = {
        status: aborted ? "aborted" : "failed",
        error: run.error,
        transitions: cost.transitions,
        estimatedCostUsd: cost.usd,
      };
      if (quiet) console.log(JSON.stringify(summary, null, 2));
      else if (aborted)
        console.error(
          "deprov scan: ABORTED by a guard rail before any finding changed (see the alert and the audit trail).",
        );
      else if (firstFailure !== undefined)
        console.error(`deprov scan: FAILED in ${firstFailure.state}: ${failureText(firstFailure)}`);
      else console.error(`deprov scan: FAILED: ${run.error?.name ?? "error"}: ${run.error?.cause ?? ""}`);
      return aborted ? EXIT.aborted : EXIT.failed;
    }

    const result = await loadScanResult(deps, scanId ?? "");
    const transitions =
      (run.output as { persisted?: { transitions?: Record<string, number> } }).persisted?.transitions ?? {};
    const failedSources = result.sources.filter((s) => s.status === "failed");
    const suspectSources = result.sources.filter((s) => s.status === "suspect");
    const open = result.findings.filter((f) => (f as { status?: string }).status !== "waived");
    const atOrAbove =
      failOn === undefined
        ? 0
        : open.filter((f) => SEVERITY_RANK[f.severity] <= SEVERITY_RANK[failOn]).length;
    // A suspect source is reported like a failed one: the scan could not vouch for what is gone.
    const exitCode =
      failedSources.length + suspectSources.length > 0
        ? EXIT.badInput
        : atOrAbove > 0
          ? EXIT.findings
          : EXIT.ok;

    const published = publishedOutcome(run.output);
    if (quiet) {
      console.log(
        JSON.stringify(
          {
            ...jsonSummary(result, transitions, tasks, cost, itemsWritten, outDir, exitCode),
            emails: published.emails,
            steps: stepTimes(run.tasks),
            wallMs: Math.round(performance.now() - started),
            peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
          },
          null,
          2,
        ),
      );
      return exitCode;
    }
    console.log(`\n${sourcesTable(result.sources)}\n\n${findingsTable(result)}\n`);
    console.log(
      `Changes since the last scan: ${Object.entries(transitions)
        .map(([k, v]) => `${v} ${k}`)
        .join(", ")}`,
    );
    for (const error of result.ruleErrors)
      console.log(`RULE ERROR ${error.rule}: ${error.message} (scan incomplete)`);
    for (const s of failedSources)
      console.log(
        `SOURCE FAILED ${s.id}: ${terminalText(s.errors[0] ?? "")} (its findings stay open; none are resolved)`,
      );
    for (const line of sourceCheckLines(result)) console.log(line);
    printNotEvaluated(result);
    console.log(emailsLine(published.emails));
    for (const [sink, counts] of tasks.bySink)
      console.log(`Remediation tasks (${sink}): ${taskCountsText(counts)}`);
    console.log(
      `Monthly license waste: ${formatMoney(monthlyLicenseWaste(result.findings), result.currency)}`,
    );
    console.log(`Wrote ${outDir}/findings.json, findings.csv, report.html, tasks.json`);
    console.log(
      `Scan ${result.scanId}: ${result.findings.length} findings in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
        `${cost.transitions} state transitions, ${cost.lambdaInvocations} Lambda invocations (${cost.lambdaGbSeconds} GB-s), ` +
        `${itemsWritten} DynamoDB items written; estimated AWS cost of this run ${formatUsd(cost.usd)}`,
    );
    if (failOn !== undefined && atOrAbove > 0)
      console.log(`${atOrAbove} open findings at or above ${failOn}: exit 1`);
    return exitCode;
  } finally {
    await state.close();
  }
}

/**
 * This process holds the state folder alone (its lock file), so a scan lock found in it was left
 * by a deprov process that ended mid-scan (killed, crashed): release it, on the record, rather
 * than make the user wait for its TTL.
 */
async function releaseStaleScanLock(store: StateStore, say: (line: string) => void): Promise<void> {
  const stale = await store.currentScanLock();
  if (stale === undefined || !(await store.releaseScanLock(stale.holder))) return;
  await store.appendAudit([
    {
      id: auditEntryId(stale.scanId, "scan.lock-released", stale.holder),
      at: Date.now(),
      kind: "scan.lock-released",
      actor: "deprov:cli",
      subject: stale.scanId,
      scanId: stale.scanId,
      detail: { holder: stale.holder, reason: "left by a local deprov process that ended mid-scan" },
    },
  ]);
  say(`released the scan lock of scan ${stale.scanId}, left by a deprov process that ended mid-scan`);
}

export function progressLine(event: RunEvent, tasks: TaskTally): string | undefined {
  if (event.type === "state-retried") return `  ${event.state}: retrying (attempt ${event.attempt})`;
  if (event.type === "state-caught") return `  ${event.state}: failed: ${failureText(event)}`;
  if (event.type !== "state-exited") return undefined;
  const output = (event.output ?? {}) as Record<string, unknown>;
  // Map iterations share a state name, so a step's own timing is the reliable one.
  const ms = `${Math.round(typeof output.durationMs === "number" ? output.durationMs : event.durationMs)} ms`;
  if (event.state === "CollectSource" || event.state === "RecordSourceFailure") {
    if (output.status === "failed")
      return `  source ${String(output.sourceId).padEnd(18)} FAILED: ${String(output.error ?? "")} (${ms})`;
    const counted =
      typeof output.warningCount === "number" && output.warningCount > 0
        ? `, ${output.warningCount} warnings`
        : "";
    const line = `  source ${String(output.sourceId).padEnd(18)} ${output.records} records, ${output.rejected} rejected${counted} (${ms})`;
    const warnings = Array.isArray(output.warnings)
      ? output.warnings.map((w) => `    warning: ${String(w)}`)
      : [];
    return [line, ...warnings].join("\n");
  }
  if (event.state === "CheckGuardRails") {
    const suspect = Array.isArray(output.suspect)
      ? (output.suspect as { sourceId: string; reasons: string[] }[])
      : [];
    const accepted = Array.isArray(output.accepted) ? (output.accepted as string[]) : [];
    return [
      `  ${event.state.padEnd(25)} ${ms}`,
      ...suspect.map(
        (s) =>
          `  source ${s.sourceId.padEnd(18)} SUSPECT: ${s.reasons.join("; ")} (its findings are kept open)`,
      ),
      ...accepted.map((id) => `  source ${id.padEnd(18)} change accepted (counts as collected successfully)`),
    ].join("\n");
  }
  if (tasks.add(output)) {
    const counts = tasks.bySink.get(String(output.sink));
    return `  ${event.state.padEnd(25)} ${ms}: ${String(output.sink)}: ${counts === undefined ? "" : taskCountsText(counts)}`;
  }
  if (event.state === "SyncRemediationTasks" && typeof output.chunk === "number") {
    return (
      `  remediation tasks, chunk ${Number(output.chunk) + 1}: ${output.created} created, ${output.updated} updated, ` +
      `${output.closed} closed, ${output.reopened} reopened (${ms})`
    );
  }
  if (event.state === "SendManagerDigests" && typeof output.chunk === "number") {
    const written = Number(output.written ?? 0);
    return (
      `  manager digests, chunk ${Number(output.chunk) + 1}: ${written > 0 ? `${written} written (--no-email)` : `${output.sent} sent`}, ` +
      `${output.alreadySent} already sent, ${output.failed} refused (${ms})`
    );
  }
  if (event.state === "ReconcilePartition" && typeof output.partition === "number") {
    return `  reconcile partition ${Number(output.partition) + 1}/${output.partitionCount}: ${output.findings} findings (${ms})`;
  }
  if (event.stateType === "Task") return `  ${event.state.padEnd(25)} ${ms}`;
  return undefined;
}

/**
 * What a local scan can tell before it starts: a missing identity map, or an output folder that is
 * a file, would otherwise fail a step deep in the run with an error that names neither.
 */
async function checkLocalInputs(config: LoadedConfig, outDir: string): Promise<void> {
  if (config.identityMap !== undefined)
    await loadIdentityMap(
      resolveConfigPath(config, config.identityMap),
      new Set(config.sources.map((s) => s.id)),
    );
  const out = await stat(outDir).catch(() => undefined);
  if (out !== undefined && !out.isDirectory())
    throw new UsageError(`--out: ${outDir} is a file; expected a folder (it is created if missing)`);
}

/** A step's error for the terminal: its name and message, on one line and clipped. */
function failureText(failure: { error: string; cause: string }): string {
  const message = causeMessage(failure.cause);
  const text = terminalText(message === "" ? failure.error : `${failure.error}: ${message}`);
  return text.length > MAX_FAILURE_CHARS ? `${text.slice(0, MAX_FAILURE_CHARS - 1)}…` : text;
}

const MAX_FAILURE_CHARS = 600;

/** What the email branches did, from the execution's output (`published`: report, digests, …). */
function publishedOutcome(output: unknown) {
  const published = ((output as { published?: unknown[] } | undefined)?.published ?? []) as Record<
    string,
    unknown
  >[];
  const report = published.find((branch) => "reportKey" in branch);
  const digests = published.find((branch) => "chunks" in branch && "digests" in branch) as
    | (PlanManagerDigestsOutput & { sent?: { chunks?: SendManagerDigestsOutput[] } })
    | undefined;
  const chunks = digests?.sent?.chunks ?? [];
  const total = (field: "sent" | "written" | "alreadySent" | "failed") =>
    chunks.reduce((sum, chunk) => sum + (chunk[field] ?? 0), 0);
  return {
    emails: {
      complianceDigest: (report?.digest as string | undefined) ?? "not-run",
      managerDigests: {
        ...(digests?.skipped !== undefined ? { skipped: digests.skipped } : {}),
        planned: digests?.digests ?? 0,
        sent: total("sent"),
        written: total("written"),
        alreadySent: total("alreadySent"),
        refused: total("failed"),
        unchanged: digests?.unchanged ?? 0,
        owedByLastScan: digests?.owed ?? 0,
        chunks: chunks.length,
        managersPassedOver: digests?.passedOver ?? {},
        leaversWithoutReachableManager: digests?.unrouted ?? 0,
      },
    },
  };
}

function emailsLine(emails: ReturnType<typeof publishedOutcome>["emails"]): string {
  const digests = emails.managerDigests;
  const passed = Object.values(digests.managersPassedOver as Record<string, number>).reduce(
    (sum, n) => sum + n,
    0,
  );
  const written = digests.written > 0 ? `${digests.written} written as .eml only (--no-email), ` : "";
  return (
    `Emails: compliance digest ${emails.complianceDigest}; manager digests ${digests.sent} sent, ${written}` +
    `${digests.alreadySent} already sent, ${digests.unchanged} unchanged, ${digests.refused} refused; ` +
    `${passed} managers passed over (left, no address, or outside emailDomains)`
  );
}

/** Milliseconds per state, Map iterations summed. */
function stepTimes(tasks: readonly TaskRun[]): Record<string, number> {
  const steps: Record<string, number> = {};
  for (const task of tasks) steps[task.state] = Math.round((steps[task.state] ?? 0) + task.durationMs);
  return steps;
}

/** Suspect sources, accepted changes and warnings, after the summary table. */
function sourceCheckLines(result: ScanResult): string[] {
  const lines: string[] = [];
  for (const s of result.sources) {
    if (s.status === "suspect") {
      lines.push(
        `SOURCE SUSPECT ${s.id}: ${(s.suspect?.reasons ?? []).join("; ")} (its findings stay open and its tasks are not closed; accept a real change with --accept-source-change ${s.id} --by WHO --reason TEXT)`,
      );
    } else if (s.suspect?.accepted != null) {
      lines.push(
        `SOURCE CHANGE ACCEPTED ${s.id} by ${terminalText(s.suspect.accepted.by)}: ${s.suspect.reasons.join("; ")}`,
      );
    }
    const warnings = s.warnings ?? [];
    if (warnings.length === 0) continue;
    lines.push(`Warnings for ${s.id} (${s.warningCount ?? warnings.length}; see report.html):`);
    for (const warning of warnings.slice(0, SHOWN_WARNINGS)) lines.push(`  ${terminalText(warning)}`);
    if (warnings.length > SHOWN_WARNINGS) lines.push(`  … and more in report.html and findings.json`);
  }
  return lines;
}

const SHOWN_WARNINGS = 5;

function printNotEvaluated(result: ScanResult): void {
  if (result.notEvaluated.length === 0) return;
  console.log("Not evaluated (the source lacks the data the rule needs; see report.html):");
  const byRule = new Map<string, string[]>();
  for (const n of result.notEvaluated) byRule.set(n.rule, [...(byRule.get(n.rule) ?? []), n.sourceId]);
  for (const [rule, sourceIds] of byRule) console.log(`  ${rule}: ${sourceIds.join(", ")}`);
}

function scanIdFromHistory(output: unknown): string | undefined {
  return (output as { finished?: { scanId?: string } } | undefined)?.finished?.scanId;
}

function sendRateOption(): { sendRatePerSecond?: number } {
  try {
    const rate = localSendRate();
    return rate === undefined ? {} : { sendRatePerSecond: rate };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export function parseFailOn(value: string | undefined): Severity | undefined {
  if (value === undefined) return undefined;
  if ((SEVERITIES as readonly string[]).includes(value)) return value as Severity;
  throw new UsageError(`--fail-on: expected one of ${SEVERITIES.join(", ")}, got "${value}"`);
}

function parseAcceptance(accept: boolean, by: string | undefined, reason: string | undefined) {
  if (!accept) {
    if (by !== undefined || reason !== undefined)
      throw new UsageError("--by and --reason go with --accept-roster-change or --accept-source-change");
    return undefined;
  }
  if (!by || !reason)
    throw new UsageError(
      "--accept-roster-change and --accept-source-change need --by WHO and --reason TEXT (recorded in the audit trail)",
    );
  return { by, reason };
}

/** One acceptance per named source; a name that is not a configured source is a usage error. */
function sourceAcceptances(
  sourceIds: readonly string[],
  acceptance: { by: string; reason: string } | undefined,
  sources: readonly { id: string }[],
): { sourceId: string; by: string; reason: string }[] {
  if (acceptance === undefined) return [];
  const unknown = sourceIds.filter((id) => !sources.some((s) => s.id === id));
  if (unknown.length > 0) {
    throw new UsageError(
      `--accept-source-change: no source ${unknown.map((id) => `"${id}"`).join(", ")} in the config; the sources are ${sources.map((s) => s.id).join(", ")}`,
    );
  }
  return [...new Set(sourceIds)].map((sourceId) => ({ sourceId, ...acceptance }));
}

function jsonSummary(
  result: ScanResult,
  transitions: Record<string, number>,
  tasks: TaskTally,
  cost: ReturnType<typeof estimateRunCost>,
  itemsWritten: number,
  outDir: string,
  exitCode: number,
) {
  const bySeverity = Object.fromEntries(
    SEVERITIES.map((s) => [s, result.findings.filter((f) => f.severity === s).length]),
  );
  const byRule: Record<string, number> = {};
  for (const f of result.findings) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
  return {
    status: "completed",
    scanId: result.scanId,
    organization: result.organization,
    evaluatedAt: result.evaluatedAt,
    exitCode,
    findings: { total: result.findings.length, bySeverity, byRule },
    changes: transitions,
    tasks: tasks.toJson(),
    monthlyLicenseWaste: {
      amount: monthlyLicenseWaste(result.findings),
      currency: result.currency ?? DEFAULT_CURRENCY,
    },
    sources: result.sources.map(({ errors, warnings, ...s }) => ({
      ...s,
      errors: errors.slice(0, 5),
      warnings: (warnings ?? []).slice(0, 5),
    })),
    notEvaluated: result.notEvaluated,
    ruleErrors: result.ruleErrors,
    stateTransitions: cost.transitions,
    lambdaGbSeconds: cost.lambdaGbSeconds,
    dynamoDbItemsWritten: itemsWritten,
    estimatedCostUsd: cost.usd,
    outputs: {
      findingsJson: `${outDir}/findings.json`,
      findingsCsv: `${outDir}/findings.csv`,
      reportHtml: `${outDir}/report.html`,
      tasksJson: `${outDir}/tasks.json`,
    },
  };
}

/** An instant before the state's last scan is a usage error, refused before anything runs (scan-order.ts). */
function refuseScanBeforeLast(latest: LatestSuccess | undefined, now: number): void {
  try {
    assertAfterLastScan(now, latest);
  } catch (error) {
    if (error instanceof ScanBeforeLastScanError) throw new UsageError(`--now: ${error.message}`);
    throw error;
  }
}
