/**
 * One pass over the findings that yields everything report.html shows: counts, per-rule and
 * per-source groups, and the top findings and leavers. Lists are capped here so the page stays
 * small at six-figure finding counts (DESIGN: summarise in HTML, the CSV has everything).
 */
import { type Finding, SEVERITIES, SEVERITY_RANK, type Severity } from "../functions/core/finding.ts";
import type { PersonSummary, RuleSummary, ScanResult } from "./scan-result.ts";

export type SeverityCounts = Record<Severity, number>;

export interface GroupCount {
  key: string;
  total: number;
  bySeverity: SeverityCounts;
}

export interface RuleGroup extends GroupCount {
  rule: RuleSummary;
  /** The most severe findings of the rule, at most `findingsPerRule`. */
  top: Finding[];
}

export interface LeaverGroup {
  personId: string;
  person: PersonSummary;
  total: number;
  bySeverity: SeverityCounts;
  worst: Severity;
  /** Their most severe findings, at most `findingsPerLeaver`. */
  top: Finding[];
}

export interface ReportSummary {
  total: number;
  bySeverity: SeverityCounts;
  peopleAffected: number;
  /** Sum of `evidence.monthlyCost` over `unused-license` findings. */
  monthlyLicenseWaste: number;
  /** Count of `unreturned-device` findings. */
  devicesOutstanding: number;
  /** Rules with findings (most severe first), then the rules without findings in declared order. */
  byRule: RuleGroup[];
  /** Sources with findings, most findings first. */
  bySource: GroupCount[];
  /** People with a termination date and findings: the most severe first, then the most findings. */
  leavers: LeaverGroup[];
  leaverCount: number;
}

export interface SummaryLimits {
  findingsPerRule: number;
  leavers: number;
  findingsPerLeaver: number;
}

export const DEFAULT_SUMMARY_LIMITS: SummaryLimits = {
  findingsPerRule: 50,
  leavers: 100,
  findingsPerLeaver: 10,
};

interface RuleAccumulator {
  count: GroupCount;
  /** Per severity, the first `findingsPerRule` findings seen: enough to pick the top without sorting all. */
  buckets: Record<Severity, Finding[]>;
}

export function summariseScan(
  result: ScanResult,
  limits: SummaryLimits = DEFAULT_SUMMARY_LIMITS,
): ReportSummary {
  const bySeverity = zeroCounts();
  const rules = new Map<string, RuleAccumulator>();
  const sources = new Map<string, GroupCount>();
  const people = new Map<string, GroupCount>();
  let monthlyLicenseWaste = 0;
  let devicesOutstanding = 0;

  for (const finding of result.findings) {
    bySeverity[finding.severity]++;
    if (finding.rule === "unused-license") monthlyLicenseWaste += monthlyCostOf(finding);
    if (finding.rule === "unreturned-device") devicesOutstanding++;
    addToRule(rules, finding, limits.findingsPerRule);
    countInto(sources, finding.sourceId, finding.severity);
    if (finding.personId !== null) countInto(people, finding.personId, finding.severity);
  }

  const leaverCounts = [...people.values()].filter(
    (p) => result.people[p.key]?.terminationDate !== undefined,
  );
  return {
    total: result.findings.length,
    bySeverity,
    peopleAffected: people.size,
    monthlyLicenseWaste,
    devicesOutstanding,
    byRule: ruleGroups(result.rules, rules, limits.findingsPerRule),
    bySource: [...sources.values()].sort(byTotalThenKey),
    leavers: topLeavers(result, leaverCounts, limits),
    leaverCount: leaverCounts.length,
  };
}

export function zeroCounts(): SeverityCounts {
  return { critical: 0, high: 0, medium: 0, low: 0 };
}

/** The most severe severity with a non-zero count (`low` when all are zero). */
export function worstSeverity(counts: SeverityCounts): Severity {
  return SEVERITIES.find((s) => counts[s] > 0) ?? "low";
}

/** Severity, then rule, source and subject: a stable, readable order for table rows. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    compareText(a.rule, b.rule) ||
    compareText(a.sourceId, b.sourceId) ||
    compareText(a.subject.id, b.subject.id)
  );
}

function monthlyCostOf(finding: Finding): number {
  const cost = finding.evidence.monthlyCost;
  return typeof cost === "number" && Number.isFinite(cost) ? cost : 0;
}

function addToRule(rules: Map<string, RuleAccumulator>, finding: Finding, cap: number): void {
  let acc = rules.get(finding.rule);
  if (acc === undefined) {
    acc = {
      count: { key: finding.rule, total: 0, bySeverity: zeroCounts() },
      buckets: { critical: [], high: [], medium: [], low: [] },
    };
    rules.set(finding.rule, acc);
  }
  acc.count.total++;
  acc.count.bySeverity[finding.severity]++;
  const bucket = acc.buckets[finding.severity];
  if (bucket.length < cap) bucket.push(finding);
}

function countInto(groups: Map<string, GroupCount>, key: string, severity: Severity): void {
  let group = groups.get(key);
  if (group === undefined) {
    group = { key, total: 0, bySeverity: zeroCounts() };
    groups.set(key, group);
  }
  group.total++;
  group.bySeverity[severity]++;
}

function ruleGroups(
  declared: readonly RuleSummary[],
  found: ReadonlyMap<string, RuleAccumulator>,
  cap: number,
): RuleGroup[] {
  const metadata = new Map(declared.map((rule) => [rule.id, rule]));
  const withFindings: RuleGroup[] = [];
  for (const [id, acc] of found) {
    const rule = metadata.get(id) ?? unknownRule(id);
    const top = SEVERITIES.flatMap((s) => acc.buckets[s])
      .slice(0, cap)
      .sort(compareFindings);
    withFindings.push({ ...acc.count, rule, top });
  }
  withFindings.sort(
    (a, b) =>
      SEVERITY_RANK[worstSeverity(a.bySeverity)] - SEVERITY_RANK[worstSeverity(b.bySeverity)] ||
      byTotalThenKey(a, b),
  );
  const clean = declared
    .filter((rule) => !found.has(rule.id))
    .map((rule) => ({ key: rule.id, total: 0, bySeverity: zeroCounts(), rule, top: [] }));
  return [...withFindings, ...clean];
}

/** A finding whose rule the pipeline did not describe still gets a section, titled by its id. */
function unknownRule(id: string): RuleSummary {
  return { id, title: id, severityLogic: "", controls: [], rationale: "" };
}

/** Ranks leavers by their counts, then collects findings only for the few shown (no per-person lists for all). */
function topLeavers(result: ScanResult, leaverCounts: GroupCount[], limits: SummaryLimits): LeaverGroup[] {
  const ranked = leaverCounts
    .map((count) => ({ count, worst: SEVERITY_RANK[worstSeverity(count.bySeverity)] }))
    .sort(
      (a, b) => a.worst - b.worst || b.count.total - a.count.total || compareText(a.count.key, b.count.key),
    )
    .slice(0, limits.leavers);
  const findingsOf = new Map<string, Finding[]>(ranked.map(({ count }) => [count.key, []]));
  for (const finding of result.findings) {
    if (finding.personId !== null) findingsOf.get(finding.personId)?.push(finding);
  }
  return ranked.map(({ count }) => ({
    personId: count.key,
    person: result.people[count.key] ?? {},
    total: count.total,
    bySeverity: count.bySeverity,
    worst: worstSeverity(count.bySeverity),
    top: (findingsOf.get(count.key) ?? []).sort(compareFindings).slice(0, limits.findingsPerLeaver),
  }));
}

function byTotalThenKey(a: GroupCount, b: GroupCount): number {
  return b.total - a.total || compareText(a.key, b.key);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
