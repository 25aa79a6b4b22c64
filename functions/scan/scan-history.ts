/**
 * The report's view across scans (SPEC §6): what is new, what was resolved, the trend, SLA
 * compliance, waivers and per-leaver timelines — assembled from the persisted state.
 */

import { SEVERITIES, SEVERITY_RANK, type Severity } from "../core/finding.ts";
import type { LeaverFacts } from "../core/leaver-timeline.ts";
import type { LifecycleFinding } from "../core/lifecycle/types.ts";
import type { Instant } from "../core/model.ts";
import { SLA_BREACH_RULES } from "../core/sla-breaches.ts";
import { toIso } from "../core/time.ts";
import type { ScanRun } from "../ports/state-store.ts";
import type { LeaverTimeline, ScanHistory, TrendPoint } from "./contract/scan-result.ts";
import type { ScanDependencies } from "./scan-dependencies.ts";

const TREND_SCANS = 30;
const MAX_TIMELINES = 50;

export async function buildScanHistory(
  deps: ScanDependencies,
  run: ScanRun,
  findings: readonly LifecycleFinding[],
  leavers: LeaverFacts,
  policy: { disableWithinHours: number; lookbackDays: number },
): Promise<ScanHistory> {
  const [resolvedItems, reopenedItems, waivedItems, waivers, previous, lastReport] = await Promise.all([
    deps.stateStore.listStoredFindings("resolved"),
    deps.stateStore.listStoredFindings("reopened"),
    deps.stateStore.listStoredFindings("waived"),
    deps.stateStore.listWaivers(),
    deps.stateStore.recentSuccessfulScans(TREND_SCANS),
    deps.stateStore.lastPublishedScan(run),
  ]);
  const sinceLastReport = changedSince(lastReport?.evaluatedAt, run.evaluatedAt);
  const resolved = resolvedItems
    .filter((item) => sinceLastReport(item.resolvedAt))
    .map((item) => ({
      id: item.finding.id,
      rule: item.finding.rule,
      severity: item.finding.severity,
      sourceId: item.finding.sourceId,
      subject: item.finding.subject,
      personId: item.finding.personId,
      firstSeenAt: toIso(item.firstSeenAt),
      resolvedAt: toIso(item.resolvedAt ?? run.evaluatedAt),
    }));
  const scansInWindow = new Set(
    [...previous, run].filter((p) => sinceLastReport(p.evaluatedAt)).map((p) => p.scanId),
  );
  const changes = classifyChanges(findings, {
    sinceLastReport,
    waiverExpired: new Set(
      reopenedItems.filter((item) => item.previous?.status === "waived").map((item) => item.finding.id),
    ),
    waivedInWindow: new Set(
      waivedItems.filter((item) => scansInWindow.has(item.scanId)).map((item) => item.finding.id),
    ),
  });
  const newFindingIds = changes.new;

  const current: TrendPoint = {
    scanId: run.scanId,
    evaluatedAt: toIso(run.evaluatedAt),
    open: openBySeverity(findings),
    new: newFindingIds.length,
    resolved: resolved.length,
  };
  const trend = [...previous.filter((p) => p.scanId !== run.scanId).map(trendPointOf), current].slice(
    -TREND_SCANS,
  );

  // A breach stays a breach once the late accounts are gone: the persisted scan carries them.
  const breached = new Set([
    ...Object.keys(leavers.slaBreaches ?? {}),
    ...findings.filter((f) => SLA_BREACH_RULES.has(f.rule) && f.personId !== null).map((f) => f.personId),
  ]);
  const departures = leavers.departures.length;
  const withinSla = leavers.departures.filter((id) => !breached.has(id)).length;

  return {
    ...(lastReport !== undefined ? { sinceScanId: lastReport.scanId } : {}),
    newFindingIds,
    reopenedFindingIds: changes.reopened,
    waiverExpiredFindingIds: changes.waiverExpired,
    waivedFindingIds: changes.waived,
    resolved,
    trend,
    sla: {
      departures,
      withinSla,
      compliancePercent: departures === 0 ? null : Math.round((withinSla / departures) * 1000) / 10,
      disableWithinHours: policy.disableWithinHours,
      lookbackDays: policy.lookbackDays,
    },
    waivers: [...waivers.values()]
      .filter((w) => w.until > run.evaluatedAt)
      .map((w) => ({
        findingId: w.findingId,
        rule: w.findingId.split(":")[0] ?? "",
        reason: w.reason,
        approvedBy: w.approvedBy,
        until: toIso(w.until),
      })),
    timelines: timelinesOf(findings, leavers),
  };
}

interface ChangeFacts {
  sinceLastReport: (at: Instant | undefined) => boolean;
  /** Findings whose stored item says they were waived before they opened again. */
  waiverExpired: ReadonlySet<string>;
  /** Findings a scan since the last report waived (their item was last written by it). */
  waivedInWindow: ReadonlySet<string>;
}

/**
 * Sorts the findings that changed since the last report by the transition the CLI and the audit
 * trail name (SPEC §5), so the report and the digest count the same things: a finding that came
 * back is not new, and an expired waiver is news of its own. Each finding lands in one group at
 * most; first sight wins, as it does in the reconciler.
 */
export function classifyChanges(
  findings: readonly LifecycleFinding[],
  facts: ChangeFacts,
): { new: string[]; reopened: string[]; waiverExpired: string[]; waived: string[] } {
  const groups = {
    new: [] as string[],
    reopened: [] as string[],
    waiverExpired: [] as string[],
    waived: [] as string[],
  };
  for (const f of findings) {
    // Not "at this scan's instant": a re-run of a night (a duplicate, `--now` pinned) has the
    // instant of the run before it, and what that run found and reported is not news to it.
    if (facts.sinceLastReport(f.firstSeenAt)) groups.new.push(f.id);
    else if (f.status === "waived") {
      if (facts.waivedInWindow.has(f.id)) groups.waived.push(f.id);
    } else if (facts.sinceLastReport(f.reopenedAt)) {
      (facts.waiverExpired.has(f.id) ? groups.waiverExpired : groups.reopened).push(f.id);
    }
  }
  return groups;
}

/**
 * Whether an instant falls after the last published report (`since`; none: ever) and not after
 * this scan. Measured from the last report, not from the last scan: a scan whose report failed
 * is the next scan's lifecycle baseline, yet what it found was never announced.
 */
function changedSince(since: Instant | undefined, until: Instant): (at: Instant | undefined) => boolean {
  return (at) => at !== undefined && at <= until && (since === undefined || at > since);
}

/** Counts kept on the scan run so later reports can draw the trend without old blobs. */
export function openBySeverity(findings: readonly { severity: Severity }[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) counts[f.severity]++;
  return counts;
}

function trendPointOf(run: ScanRun): TrendPoint {
  const counts = run.counts ?? {};
  return {
    scanId: run.scanId,
    evaluatedAt: toIso(run.evaluatedAt),
    open: Object.fromEntries(SEVERITIES.map((s) => [s, counts[`open_${s}`] ?? 0])),
    new: counts.new ?? 0,
    resolved: counts.resolved ?? 0,
  };
}

/** Leavers with open findings, most severe first, then most findings. */
function timelinesOf(findings: readonly LifecycleFinding[], leavers: LeaverFacts): LeaverTimeline[] {
  const byPerson = new Map<string, { worst: number; count: number }>();
  for (const f of findings) {
    if (f.personId === null || leavers.events[f.personId] === undefined) continue;
    const entry = byPerson.get(f.personId) ?? { worst: 9, count: 0 };
    entry.worst = Math.min(entry.worst, SEVERITY_RANK[f.severity]);
    entry.count++;
    byPerson.set(f.personId, entry);
  }
  return [...byPerson]
    .sort(([a, x], [b, y]) => x.worst - y.worst || y.count - x.count || (a < b ? -1 : 1))
    .slice(0, MAX_TIMELINES)
    .map(([personId]) => ({
      personId,
      terminatedAt: leavers.terminatedAt[personId] ?? "",
      events: leavers.events[personId] ?? [],
    }));
}
