/**
 * "What changed since the last scan": the most severe new and resolved findings, picked without
 * sorting all of them (a first scan makes every one of 190 k findings new).
 */
import { SEVERITIES, SEVERITY_RANK, type Severity } from "../functions/core/finding.ts";
import { compareFindings, compareText } from "../functions/core/order.ts";
import type { ReportFinding, ResolvedFinding, ScanHistory } from "../functions/scan/contract/scan-result.ts";

export interface ChangeSummary {
  newCount: number;
  /** The most severe new findings, at most `cap`. */
  newTop: ReportFinding[];
  resolvedCount: number;
  /** The most severe resolved findings, at most `cap`. */
  resolvedTop: ResolvedFinding[];
}

export function summariseChanges(
  findings: readonly ReportFinding[],
  history: ScanHistory,
  cap: number,
): ChangeSummary {
  const newIds = new Set(history.newFindingIds);
  const newBuckets = severityBuckets<ReportFinding>();
  let newCount = 0;
  if (newIds.size > 0) {
    for (const finding of findings) {
      if (!newIds.has(finding.id)) continue;
      newCount++;
      const bucket = newBuckets[finding.severity];
      if (bucket.length < cap) bucket.push(finding);
    }
  }
  const resolvedBuckets = severityBuckets<ResolvedFinding>();
  const unranked: ResolvedFinding[] = [];
  for (const finding of history.resolved) {
    const bucket = isSeverity(finding.severity) ? resolvedBuckets[finding.severity] : unranked;
    if (bucket.length < cap) bucket.push(finding);
  }
  return {
    newCount,
    newTop: SEVERITIES.flatMap((s) => newBuckets[s])
      .slice(0, cap)
      .sort(compareFindings),
    resolvedCount: history.resolved.length,
    resolvedTop: [...SEVERITIES.flatMap((s) => resolvedBuckets[s]), ...unranked]
      .slice(0, cap)
      .sort(compareResolved),
  };
}

function severityBuckets<T>(): Record<Severity, T[]> {
  return { critical: [], high: [], medium: [], low: [] };
}

function isSeverity(value: string): value is Severity {
  return Object.hasOwn(SEVERITY_RANK, value);
}

function rankOf(severity: string): number {
  return isSeverity(severity) ? SEVERITY_RANK[severity] : SEVERITIES.length;
}

function compareResolved(a: ResolvedFinding, b: ResolvedFinding): number {
  return (
    rankOf(a.severity) - rankOf(b.severity) ||
    compareText(a.rule, b.rule) ||
    compareText(a.sourceId, b.sourceId) ||
    compareText(a.subject.id, b.subject.id)
  );
}
