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
  /** Findings that came back after being resolved, counted apart from new ones (SPEC §5). */
  reopenedCount: number;
  reopenedTop: ReportFinding[];
  /** Findings open again because their waiver expired. */
  waiverExpiredCount: number;
  waiverExpiredTop: ReportFinding[];
  /** Findings waived since the last report (the Waivers section lists them). */
  waivedCount: number;
  resolvedCount: number;
  /** The most severe resolved findings, at most `cap`. */
  resolvedTop: ResolvedFinding[];
}

export function summariseChanges(
  findings: readonly ReportFinding[],
  history: ScanHistory,
  cap: number,
): ChangeSummary {
  const added = mostSevere(findings, history.newFindingIds, cap);
  const reopened = mostSevere(findings, history.reopenedFindingIds, cap);
  const waiverExpired = mostSevere(findings, history.waiverExpiredFindingIds, cap);
  const resolvedBuckets = severityBuckets<ResolvedFinding>();
  const unranked: ResolvedFinding[] = [];
  for (const finding of history.resolved) {
    const bucket = isSeverity(finding.severity) ? resolvedBuckets[finding.severity] : unranked;
    if (bucket.length < cap) bucket.push(finding);
  }
  return {
    newCount: added.count,
    newTop: added.top,
    reopenedCount: reopened.count,
    reopenedTop: reopened.top,
    waiverExpiredCount: waiverExpired.count,
    waiverExpiredTop: waiverExpired.top,
    waivedCount: history.waivedFindingIds.length,
    resolvedCount: history.resolved.length,
    resolvedTop: [...SEVERITIES.flatMap((s) => resolvedBuckets[s]), ...unranked]
      .slice(0, cap)
      .sort(compareResolved),
  };
}

/** How many of `findings` are in `ids`, and the most severe `cap` of them, in one pass. */
function mostSevere(
  findings: readonly ReportFinding[],
  ids: readonly string[],
  cap: number,
): { count: number; top: ReportFinding[] } {
  const wanted = new Set(ids);
  const buckets = severityBuckets<ReportFinding>();
  let count = 0;
  if (wanted.size > 0) {
    for (const finding of findings) {
      if (!wanted.has(finding.id)) continue;
      count++;
      const bucket = buckets[finding.severity];
      if (bucket.length < cap) bucket.push(finding);
    }
  }
  return {
    count,
    top: SEVERITIES.flatMap((s) => buckets[s])
      .slice(0, cap)
      .sort(compareFindings),
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
