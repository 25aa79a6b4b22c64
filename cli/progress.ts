/** Human-readable progress lines and the end-of-scan summary table. */
import type { Severity } from "../functions/core/finding.ts";
import { SEVERITIES } from "../functions/core/finding.ts";
import type { ScanResult, SourceSummary } from "../functions/scan/contract/scan-result.ts";
import type { ScanProgress } from "../functions/scan/run-scan.ts";
import { terminalText } from "./terminal-text.ts";

export function progressLine(event: ScanProgress): string {
  if (event.type === "step") return `  ${event.step.padEnd(22)} ${event.detail} (${ms(event.durationMs)})`;
  const { info, recordCount, rejectedCount, warningCount, errors, durationMs } = event.source;
  const label = `source ${info.id}`.padEnd(22);
  if (info.status === "failed")
    return `  ${label} FAILED: ${terminalText(errors[0] ?? "unknown error")} (${ms(durationMs)})`;
  const counted = warningCount > 0 ? `, ${warningCount} warnings` : "";
  const suspect = info.status === "suspect" ? " SUSPECT" : "";
  const line = `  ${label} ${recordCount} records, ${rejectedCount} rejected${counted}${suspect} (${info.format}, ${ms(durationMs)})`;
  const warnings = event.source.warnings;
  return warnings.length === 0
    ? line
    : [line, ...warnings.map((w) => `    warning: ${terminalText(w)}`)].join("\n");
}

export function sourcesTable(sources: readonly SourceSummary[]): string {
  return table(
    ["source", "kind", "format", "status", "records", "rejected", "warnings"],
    sources.map((s) => [
      s.id,
      s.kind,
      s.format,
      s.status,
      String(s.records),
      String(s.rejected),
      String(s.warningCount ?? s.warnings?.length ?? 0),
    ]),
  );
}

/** Open findings by rule and severity; waived ones are counted apart, as the report and the exit code do. */
export function findingsTable(result: ScanResult): string {
  const rows = new Map<string, Record<Severity, number>>();
  for (const rule of result.rules) rows.set(rule.id, { critical: 0, high: 0, medium: 0, low: 0 });
  const open = result.findings.filter((f) => f.status !== "waived");
  for (const f of open) {
    const row = rows.get(f.rule);
    if (row) row[f.severity]++;
  }
  const body = [...rows].map(([rule, counts]) => [
    rule,
    ...SEVERITIES.map((s) => (counts[s] === 0 ? "." : String(counts[s]))),
    String(SEVERITIES.reduce((sum, s) => sum + counts[s], 0)),
  ]);
  const totals = SEVERITIES.map((s) => String(open.filter((f) => f.severity === s).length));
  body.push(["total", ...totals, String(open.length)]);
  const waived = result.findings.length - open.length;
  const rendered = table(["rule", ...SEVERITIES, "total"], body);
  return waived === 0 ? rendered : `${rendered}\n(${waived} waived findings not counted above)`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  // Numbers align right, text left.
  const numeric = header.map((_, i) => rows.every((r) => /^[\d.]*$/.test(r[i] ?? "")));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}
