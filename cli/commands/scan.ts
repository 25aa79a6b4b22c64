/** `deprov scan`: run the nightly scan once, locally, and write findings.json/.csv and report.html. */
import { resolve } from "node:path";
import { SEVERITIES, SEVERITY_RANK, type Severity } from "../../functions/core/finding.ts";
import { runScan } from "../../functions/scan/run-scan.ts";
import { writeScanOutputs } from "../../reports/write-outputs.ts";
import { COMMON_OPTIONS, EXIT, parseCommandArgs, parseNow, UsageError } from "../args.ts";
import { findingsTable, progressLine, sourcesTable } from "../progress.ts";
import { resolveConfig } from "../resolve-config.ts";

export const SCAN_HELP = `Usage: deprov scan [--config FILE] [--out DIR] [--now ISO8601] [--fail-on SEVERITY] [--json] [--state DIR]

Runs the nightly scan once, locally: collects every source, correlates accounts, devices and
resources to people, evaluates every rule, and writes findings.json, findings.csv and report.html.

  --config FILE       config file (default: the bundled demo org, regenerated relative to --now)
  --out DIR           output folder (default: out/)
  --now ISO8601       evaluation instant, e.g. 2026-11-26T09:00:00Z (default: now)
  --fail-on SEVERITY  exit 1 when a finding is at or above: critical, high, medium, low
  --json              print only the machine-readable summary
  --state DIR         local state folder (default: .deprov/)

Exit codes: 0 ok, 1 findings at or above --fail-on, 2 bad config or unreadable input,
3 scan aborted by a guard rail (the roster could not be read).`;

export async function scanCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs("scan", argv, {
    ...COMMON_OPTIONS,
    out: { type: "string" },
    now: { type: "string" },
    "fail-on": { type: "string" },
    json: { type: "boolean" },
  });
  if (values.help) {
    console.log(SCAN_HELP);
    return EXIT.ok;
  }
  const failOn = parseFailOn(values["fail-on"]);
  const now = parseNow(values.now);
  const quiet = values.json === true;
  const say = (line: string) => {
    if (!quiet) process.stderr.write(`${line}\n`);
  };

  const started = performance.now();
  const config = await resolveConfig(values.config, values.state, now, say);
  say(
    `deprov scan: ${config.organization} (${config.sources.length} sources) at ${new Date(now).toISOString()}`,
  );
  const outcome = runScan({ config, now, onProgress: (event) => say(progressLine(event)) });
  if (outcome.status === "aborted") {
    const summary = { status: "aborted", reason: outcome.reason, sources: outcome.sources };
    if (quiet) console.log(JSON.stringify(summary, null, 2));
    else console.error(`deprov scan: ABORTED by guard rail: ${outcome.reason}\nNo findings were written.`);
    return EXIT.aborted;
  }
  const { result } = outcome;
  const outDir = resolve(values.out ?? "out");
  const writeStarted = performance.now();
  const outputs = await writeScanOutputs(result, outDir);
  say(`  ${"outputs".padEnd(22)} ${outDir} (${Math.round(performance.now() - writeStarted)} ms)`);

  const failedSources = result.sources.filter((s) => s.status === "failed");
  const atOrAbove =
    failOn === undefined
      ? 0
      : result.findings.filter((f) => SEVERITY_RANK[f.severity] <= SEVERITY_RANK[failOn]).length;
  const exitCode = failedSources.length > 0 ? EXIT.badInput : atOrAbove > 0 ? EXIT.findings : EXIT.ok;

  if (quiet) {
    console.log(JSON.stringify(jsonSummary(result, outputs, exitCode), null, 2));
    return exitCode;
  }
  console.log(`\n${sourcesTable(result.sources)}\n\n${findingsTable(result)}\n`);
  for (const error of result.ruleErrors)
    console.log(`RULE ERROR ${error.rule}: ${error.message} (scan incomplete)`);
  for (const s of failedSources)
    console.log(`SOURCE FAILED ${s.id}: ${s.errors[0] ?? ""} (its findings cannot be resolved)`);
  if (result.notEvaluated.length > 0) {
    console.log("Not evaluated (the source lacks the data the rule needs; see report.html):");
    const byRule = new Map<string, string[]>();
    for (const n of result.notEvaluated) byRule.set(n.rule, [...(byRule.get(n.rule) ?? []), n.sourceId]);
    for (const [rule, sourceIds] of byRule) console.log(`  ${rule}: ${sourceIds.join(", ")}`);
  }
  console.log(`Wrote ${outputs.json}, ${outputs.csv}, ${outputs.html}`);
  console.log(
    `Scan ${result.scanId}: ${result.findings.length} findings in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  if (failOn !== undefined && atOrAbove > 0)
    console.log(`${atOrAbove} findings at or above ${failOn}: exit 1`);
  return exitCode;
}

function parseFailOn(value: string | undefined): Severity | undefined {
  if (value === undefined) return undefined;
  if ((SEVERITIES as readonly string[]).includes(value)) return value as Severity;
  throw new UsageError(`--fail-on: expected one of ${SEVERITIES.join(", ")}, got "${value}"`);
}

function jsonSummary(
  result: import("../../reports/scan-result.ts").ScanResult,
  outputs: object,
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
    sources: result.sources.map(({ errors, ...s }) => ({ ...s, errors: errors.slice(0, 5) })),
    notEvaluated: result.notEvaluated,
    ruleErrors: result.ruleErrors,
    outputs,
  };
}
