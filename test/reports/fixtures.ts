/**
 * Small factories for report tests: findings and scan results as the scan pipeline emits them. The
 * findings are real ones, taken from a scan of the demo org (test/support/demo-scan.ts).
 */
import { type Finding, findingId, type Severity } from "../../functions/core/finding.ts";
import type {
  RuleSummary,
  ScanHistory,
  ScanResult,
  SourceSummary,
} from "../../functions/scan/contract/scan-result.ts";
import { demoCoreScan } from "../support/demo-scan.ts";

/** The demo org's real scan: what the rules really write (titles, evidence, controls). */
const DEMO = await demoCoreScan();

/** The first real finding of `rule` (of `severity`, when given) in the demo org's scan. */
export function realFinding(rule: string, severity?: Severity): Finding {
  const found = DEMO.findings.find(
    (finding) => finding.rule === rule && (severity === undefined || finding.severity === severity),
  );
  if (found === undefined) throw new Error(`the demo org's scan has no ${severity ?? ""} ${rule} finding`);
  return found;
}

/**
 * A finding as a rule wrote it in the demo org's scan, moved onto the subject and person the test
 * names (the fixtures' own org: okta account 00u1a2b3c4d5e6f7g8h9 of E1001 by default).
 */
export function makeFinding(overrides: Partial<Finding> & { rule?: string } = {}): Finding {
  const rule = overrides.rule ?? "ghost-account";
  // A rule the catalogue does not have (a test of unknown rules) borrows a ghost account's content.
  const known = DEMO.findings.some((finding) => finding.rule === rule);
  const real = known
    ? realFinding(rule, rule === "ghost-account" ? "high" : undefined)
    : realFinding("ghost-account", "high");
  const subject = overrides.subject ?? { type: real.subject.type, id: "00u1a2b3c4d5e6f7g8h9" };
  const sourceId = overrides.sourceId ?? "okta";
  return {
    ...real,
    sourceId,
    subject,
    personId: "E1001",
    dependsOn: [sourceId, "hr"],
    id: findingId(rule, sourceId, subject),
    rule,
    ...overrides,
  };
}

export function unusedLicense(personId: string, accountId: string, monthlyCost: number): Finding {
  const real = realFinding("unused-license");
  return makeFinding({
    rule: "unused-license",
    sourceId: "slack",
    subject: { type: "account", id: accountId },
    personId,
    // What the rule worked out, on the fixture's account and person.
    evidence: {
      ...real.evidence,
      accountId,
      username: null,
      email: null,
      matchedBy: "employee-id",
      matchedOn: personId,
      monthlyCost,
    },
  });
}

export function unreturnedDevice(personId: string, assetTag: string): Finding {
  return makeFinding({
    rule: "unreturned-device",
    sourceId: "laptops",
    subject: { type: "asset", id: assetTag },
    personId,
  });
}

/** The real catalogue's summaries of the four rules the fixtures' findings come from. */
export const RULES: RuleSummary[] = [
  "ghost-account",
  "unused-license",
  "unreturned-device",
  "stale-source",
].map((id) => {
  const rule = DEMO.rules.find((summary) => summary.id === id);
  if (rule === undefined) throw new Error(`no rule ${id} in the demo scan`);
  return rule;
});

export function makeSource(overrides: Partial<SourceSummary> = {}): SourceSummary {
  return {
    id: "okta",
    kind: "accounts",
    format: "okta",
    status: "ok",
    records: 1200,
    rejected: 0,
    errors: [],
    durationMs: 84,
    exportedAt: "2024-06-01T02:00:00.000Z",
    ...overrides,
  };
}

export function makeScanResult(overrides: Partial<ScanResult> = {}): ScanResult {
  return {
    schemaVersion: 1,
    scanId: "scan-2024-06-01T06:00:00Z-7f3a",
    organization: "Acme Corp",
    evaluatedAt: "2024-06-01T06:00:00.000Z",
    timezone: "America/New_York",
    sources: [
      makeSource({ id: "hr", kind: "roster", format: "csv", records: 350 }),
      makeSource(),
      makeSource({
        id: "slack",
        format: "scim",
        records: 400,
        rejected: 2,
        errors: ['slack-users.json: Resources[17].active: expected a boolean, got "maybe"'],
      }),
      makeSource({ id: "laptops", kind: "assets", format: "snipeit", records: 310 }),
    ],
    rules: RULES,
    findings: [
      makeFinding(),
      makeFinding({
        severity: "critical",
        subject: { type: "account", id: "00u9z8y7x6w5v4u3t2s1" },
        personId: "E1002",
        title: realFinding("ghost-account", "critical").title,
        evidence: realFinding("ghost-account", "critical").evidence,
      }),
      unusedLicense("E1001", "W012A3CDE", 12.5),
      unusedLicense("E2001", "W045B6FGH", 12.5),
      unreturnedDevice("E1001", "ASSET-00042"),
    ],
    notEvaluated: [
      { rule: "dormant-account", sourceId: "laptops", reason: "source provides no lastLoginAt" },
    ],
    ruleErrors: [],
    people: {
      E1001: {
        name: "Dana Whitfield",
        email: "dana.whitfield@acme.com",
        department: "Sales",
        managerId: "E0100",
        terminationDate: "2024-03-01",
      },
      E1002: {
        name: "Ravi Menon",
        email: "ravi.menon@acme.com",
        department: "IT",
        terminationDate: "2024-05-15",
      },
      E2001: { name: "Lee Park", email: "lee.park@acme.com", department: "Finance" },
    },
    ...overrides,
  };
}

/**
 * History for `makeScanResult()` as the state machine fills it: Ravi's critical account and Lee's
 * seat are new; two findings of a former contractor were resolved; Dana's ghost account is waived.
 */
export function makeHistory(overrides: Partial<ScanHistory> = {}): ScanHistory {
  const findings = makeScanResult().findings;
  const newFindingIds = findings
    .filter((f) => f.personId === "E2001" || f.severity === "critical")
    .map((f) => f.id);
  return {
    newFindingIds,
    reopenedFindingIds: [],
    waiverExpiredFindingIds: [],
    waivedFindingIds: [],
    resolved: [
      {
        id: findingId("ghost-account", "okta", { type: "account", id: "00u7k2m9p4q1r8s3t6v0" }),
        rule: "ghost-account",
        severity: "high",
        sourceId: "okta",
        subject: { type: "account", id: "00u7k2m9p4q1r8s3t6v0" },
        personId: "E0987",
        firstSeenAt: "2024-05-20T06:00:00.000Z",
        resolvedAt: "2024-06-01T06:00:00.000Z",
      },
      {
        id: findingId("unreturned-device", "laptops", { type: "asset", id: "ASSET-00017" }),
        rule: "unreturned-device",
        severity: "high",
        sourceId: "laptops",
        subject: { type: "asset", id: "ASSET-00017" },
        personId: "E0987",
        firstSeenAt: "2024-05-02T06:00:00.000Z",
        resolvedAt: "2024-06-01T06:00:00.000Z",
      },
    ],
    trend: [
      trendPoint("2024-05-29", { critical: 0, high: 3, medium: 0, low: 1 }, 0, 0),
      trendPoint("2024-05-30", { critical: 0, high: 4, medium: 0, low: 1 }, 1, 0),
      trendPoint("2024-05-31", { critical: 0, high: 4, medium: 0, low: 1 }, 0, 0),
      trendPoint("2024-06-01", { critical: 1, high: 2, medium: 0, low: 2 }, 2, 2),
    ],
    sla: { departures: 4, withinSla: 3, compliancePercent: 75, disableWithinHours: 24, lookbackDays: 90 },
    waivers: [
      {
        findingId: findingId("unused-license", "slack", { type: "account", id: "W012A3CDE" }),
        rule: "unused-license",
        reason: "Seat kept for the legal hold on Dana's messages (case LH-2024-07)",
        approvedBy: "maria.gonzalez@acme.com",
        until: "2024-06-08T04:00:00.000Z",
      },
    ],
    timelines: [
      {
        personId: "E1002",
        name: "Ravi Menon",
        terminatedAt: "2024-05-16T04:00:00.000Z",
        events: [
          { at: "2024-05-16T04:00:00.000Z", kind: "terminated", label: "last day 2024-05-15" },
          { at: "2024-05-14T13:12:00.000Z", kind: "ticket-requested", label: "ticket OFF-1042" },
          { at: null, kind: "account-still-enabled", label: "okta: ravi.menon@acme.com", late: true },
          { at: "2024-05-16T15:40:00.000Z", kind: "account-disabled", label: "google: ravi.menon@acme.com" },
          { at: null, kind: "ticket-missing", label: "ticket OFF-1042 not completed", late: true },
        ],
      },
    ],
    ...overrides,
  };
}

function trendPoint(
  day: string,
  open: Record<Severity, number>,
  added: number,
  resolved: number,
): ScanHistory["trend"][number] {
  return {
    scanId: `scan-${day}T06:00:00Z-7f3a`,
    evaluatedAt: `${day}T06:00:00.000Z`,
    open,
    new: added,
    resolved,
  };
}

const SEVERITY_CYCLE: readonly Severity[] = ["critical", "high", "high", "medium", "low", "low"];
const RULE_CYCLE = ["ghost-account", "unused-license", "unreturned-device", "stale-source"] as const;
const MANY_PEOPLE = 60_000;
const MANY_SOURCES = 40;

/** Shared id strings, as the pipeline shares them with its person and source records. */
const personIds = Array.from({ length: MANY_PEOPLE }, (_, i) => `E${100000 + i}`);
const sourceIds = Array.from({ length: MANY_SOURCES }, (_, i) => `app-${i}`);

/** `count` distinct findings over many people and sources, as a large org's scan yields. */
export function manyFindings(count: number): Finding[] {
  const findings: Finding[] = [];
  for (let i = 0; i < count; i++) {
    const rule = RULE_CYCLE[i % RULE_CYCLE.length] ?? "ghost-account";
    const sourceId = sourceIds[i % MANY_SOURCES] ?? "app-0";
    const subject = { type: "account" as const, id: `user${i}@acme.com` };
    const real = realFinding(rule);
    findings.push({
      id: findingId(rule, sourceId, subject),
      rule,
      severity: SEVERITY_CYCLE[i % SEVERITY_CYCLE.length] ?? "low",
      sourceId,
      subject,
      personId: personIds[i % MANY_PEOPLE] ?? null,
      title: real.title,
      evidence: rule === "unused-license" ? { ...real.evidence, monthlyCost: 6 } : real.evidence,
      controls: real.controls,
      dependsOn: ["hr", sourceId],
    });
  }
  return findings;
}

/** People for `manyFindings`: everyone a leaver. */
export function manyPeople(): ScanResult["people"] {
  const people: ScanResult["people"] = {};
  personIds.forEach((id, i) => {
    people[id] = { name: `Person ${i}`, terminationDate: "2024-03-01", department: "Sales" };
  });
  return people;
}
