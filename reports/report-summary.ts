/**
 * One pass over the findings that yields everything report.html shows: counts, per-rule and
 * per-source groups, ageing, and the top findings and leavers. Lists are capped here so the page
 * stays small at six-figure finding counts (DESIGN: summarise in HTML, the CSV has everything).
 *
 * Waived findings are accepted exceptions, not open risk: they are counted (overall and per rule)
 * but kept out of the open numbers, groups and charts; the report lists them under Waivers.
 */
import { SEVERITIES, SEVERITY_RANK, type Severity } from "../functions/core/finding.ts";
import { compareFindings, compareText } from "../functions/core/order.ts";
import type {
  GroupCount,
  PersonSummary,
  ReportFinding,
  RuleSummary,
  ScanResult,
  SeverityCounts,
} from "../functions/scan/contract/scan-result.ts";
import { AGE_BUCKETS, ageBucketIndex } from "./finding-age.ts";

export interface RuleGroup extends GroupCount {
  rule: RuleSummary;
  /** Waived findings of the rule (not in `total`). */
  waived: number;
  /** The most severe open findings of the rule, at most `findingsPerRule`. */
  top: ReportFinding[];
}

export interface LeaverGroup {
  personId: string;
  person: PersonSummary;
  total: number;
  bySeverity: SeverityCounts;
  worst: Severity;
  /** Their most severe open findings, at most `findingsPerLeaver`. */
  top: ReportFinding[];
}

export interface ReportSummary {
  /** Open findings (every finding that is not waived). */
  total: number;
  bySeverity: SeverityCounts;
  waived: number;
  peopleAffected: number;
  /** Sum of `evidence.monthlyCost` over `unused-license` findings. */
  monthlyLicenseWaste: number;
  /** Count of `unreturned-device` findings. */
  devicesOutstanding: number;
  /** Rules with findings (most severe first), then the rules without findings in declared order. */
  byRule: RuleGroup[];
  /** Sources with findings, most findings first. */
  bySource: GroupCount[];
  /** Open findings by age since first seen, one group per `AGE_BUCKETS` entry, in that order. */
  ageing: GroupCount[];
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
  waived: number;
  /** Per severity, the first `findingsPerRule` findings seen: enough to pick the top without sorting all. */
  buckets: Record<Severity, ReportFinding[]>;
}

export function summariseScan(
  result: ScanResult,
  limits: SummaryLimits = DEFAULT_SUMMARY_LIMITS,
): ReportSummary {
  const bySeverity = zeroCounts();
  const rules = new Map<string, RuleAccumulator>();
  const sources = new Map<string, GroupCount>();
  const people = new Map<string, GroupCount>();
  const ageing = AGE_BUCKETS.map((key) => ({ key, total: 0, bySeverity: zeroCounts() }));
  const evaluatedAtMs = Date.parse(result.evaluatedAt);
  let monthlyLicenseWaste = 0;
  let devicesOutstanding = 0;
  let waived = 0;

  for (const finding of result.findings) {
    if (finding.status === "waived") {
      waived++;
      ruleAccumulator(rules, finding.rule).waived++;
      continue;
    }
    bySeverity[finding.severity]++;
    const age = ageing[ageBucketIndex(finding.firstSeenAt, evaluatedAtMs)];
    if (age !== undefined) {
      age.total++;
      age.bySeverity[finding.severity]++;
    }
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
    total: result.findings.length - waived,
    bySeverity,
    waived,
    peopleAffected: people.size,
    monthlyLicenseWaste,
    devicesOutstanding,
    byRule: ruleGroups(result.rules, rules, limits.findingsPerRule),
    bySource: [...sources.values()].sort(byTotalThenKey),
    ageing,
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

/** What unused paid seats cost a month: `unused-license` findings that are open (not waived). */
export function monthlyLicenseWaste(findings: Iterable<ReportFinding>): number {
  let total = 0;
  for (const finding of findings) {
    if (finding.rule === "unused-license" && finding.status !== "waived") total += monthlyCostOf(finding);
  }
  return total;
}

function monthlyCostOf(finding: ReportFinding): number {
  const cost = finding.evidence.monthlyCost;
  return typeof cost === "number" && Number.isFinite(cost) ? cost : 0;
}

function addToRule(rules: Map<string, RuleAccumulator>, finding: ReportFinding, cap: number): void {
  const acc = ruleAccumulator(rules, finding.rule);
  acc.count.total++;
  acc.count.bySeverity[finding.severity]++;
  const bucket = acc.buckets[finding.severity];
  if (bucket.length < cap) bucket.push(finding);
}

function ruleAccumulator(rules: Map<string, RuleAccumulator>, rule: string): RuleAccumulator {
  let acc = rules.get(rule);
  if (acc === undefined) {
    acc = {
      count: { key: rule, total: 0, bySeverity: zeroCounts() },
      waived: 0,
      buckets: { critical: [], high: [], medium: [], low: [] },
    };
    rules.set(rule, acc);
  }
  return acc;
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
    withFindings.push({ ...acc.count, rule, waived: acc.waived, top });
  }
  withFindings.sort(
    (a, b) =>
      SEVERITY_RANK[worstSeverity(a.bySeverity)] - SEVERITY_RANK[worstSeverity(b.bySeverity)] ||
      byTotalThenKey(a, b),
  );
  const clean = declared
    .filter((rule) => !found.has(rule.id))
    .map((rule) => ({ key: rule.id, total: 0, bySeverity: zeroCounts(), rule, waived: 0, top: [] }));
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
  const findingsOf = new Map<string, ReportFinding[]>(ranked.map(({ count }) => [count.key, []]));
  for (const finding of result.findings) {
    if (finding.personId !== null && finding.status !== "waived")
      findingsOf.get(finding.personId)?.push(finding);
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
