/**
 * A mid-sized org's scan as the state machine hands it to the report: the real rule catalogue,
 * eight sources, a few hundred leavers, findings with lifecycle fields of every age, a month of
 * trend, waivers and per-leaver timelines. Deterministic (a seeded generator, a fixed `now`), so
 * screenshots of it can be compared run to run.
 */
import { type Finding, findingId, type Severity } from "../../functions/core/finding.ts";
import type { LifecycleFinding } from "../../functions/core/lifecycle/types.ts";
import { ALL_RULES } from "../../functions/core/rules/registry.ts";
import { groupFindings } from "../../functions/core/tasks/group-findings.ts";
import { tasksAfterSync } from "../../functions/core/tasks/tasks-after-sync.ts";
import type { TaskRecord } from "../../functions/core/tasks/types.ts";
import type {
  LeaverTimeline,
  PersonSummary,
  RemediationSummary,
  ReportFinding,
  ResolvedFinding,
  ScanHistory,
  ScanResult,
  TimelineEvent,
  TrendPoint,
} from "../../functions/scan/contract/scan-result.ts";
import { summariseRemediation } from "../../reports/remediation-summary.ts";
import { makeSource } from "./fixtures.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
export const REALISTIC_EVALUATED_AT = "2025-03-03T12:00:00.000Z";
const NOW = Date.parse(REALISTIC_EVALUATED_AT);

const FIRST = [
  "Dana",
  "Ravi",
  "Lee",
  "Maria",
  "Tomás",
  "Aisha",
  "Jonas",
  "Mei",
  "Oluwaseun",
  "Priya",
  "Sven",
  "Chloé",
];
const LAST = [
  "Whitfield",
  "Menon",
  "Park",
  "Gonzalez",
  "Ó Briain",
  "Okafor",
  "Lindqvist",
  "Chen",
  "Adeyemi",
  "Iyer",
];
const DEPARTMENTS = ["Sales", "Engineering", "Finance", "Support", "Marketing", "IT"];
const ACCOUNT_SOURCES = ["okta", "google-workspace", "slack", "github", "salesforce"] as const;
/** Days until each waiver expires: two within the two weeks the report highlights. */
const WAIVER_DAYS = [5, 12, 40, 75, 120, 200];
const SEAT_COST: Record<string, number> = {
  slack: 8.75,
  salesforce: 165,
  github: 21,
  "google-workspace": 14.4,
};

/** Park–Miller: tiny, seeded, good enough to spread fixture data. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

interface Leaver {
  id: string;
  name: string;
  email: string;
  terminatedAt: number;
  person: PersonSummary;
}

export function realisticScanResult(): ScanResult {
  const random = seeded(20250303);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const findings: ReportFinding[] = [];
  const people: Record<string, PersonSummary> = {};
  const timelines: LeaverTimeline[] = [];

  const add = (finding: Omit<Finding, "id" | "controls" | "dependsOn">, ageDays: number): ReportFinding => {
    const rule = ALL_RULES.find((r) => r.id === finding.rule);
    const firstSeenAt = NOW - Math.floor(ageDays) * DAY_MS;
    const full: ReportFinding = {
      ...finding,
      id: findingId(finding.rule, finding.sourceId, finding.subject),
      controls: rule?.controls ?? [],
      dependsOn: ["workday", finding.sourceId],
      status: "open",
      firstSeenAt,
      lastSeenAt: NOW,
    };
    findings.push(full);
    return full;
  };

  for (let i = 0; i < 260; i++) {
    const first = pick(FIRST);
    const last = pick(LAST);
    const daysAgo = 2 + Math.floor(random() * 170);
    const terminatedAt = NOW - daysAgo * DAY_MS - 6 * HOUR_MS;
    const terminationDate = iso(terminatedAt - DAY_MS).slice(0, 10);
    const email = `${first}.${last}${i}@northwind.example`.toLowerCase().replace(/[^a-z0-9.@-]/g, "");
    const leaver: Leaver = {
      id: `E${20000 + i}`,
      name: `${first} ${last}`,
      email,
      terminatedAt,
      person: {
        name: `${first} ${last}`,
        email,
        department: pick(DEPARTMENTS),
        managerId: "E10001",
        terminationDate,
      },
    };
    const events: TimelineEvent[] = [
      { at: iso(terminatedAt), kind: "terminated", label: `last day ${terminationDate}` },
    ];
    const ticket = `OFF-${3000 + i}`;
    const documented = random() > 0.2;
    if (documented) {
      events.push({
        at: iso(terminatedAt - 2 * DAY_MS),
        kind: "ticket-requested",
        label: `ticket ${ticket}`,
      });
      events.push({
        at: iso(terminatedAt - DAY_MS),
        kind: "ticket-approved",
        label: `ticket ${ticket} by it-ops`,
      });
    } else {
      events.push({
        at: null,
        kind: "ticket-missing",
        label: "no offboarding record in servicenow",
        late: true,
      });
      add(
        {
          rule: "undocumented-offboarding",
          severity: "medium",
          sourceId: "workday",
          subject: { type: "person", id: leaver.id },
          personId: leaver.id,
          title: "No offboarding record for departed person",
          evidence: { terminationDate, missing: ["record"], recordsFound: 0, ticketId: null },
        },
        Math.min(daysAgo, 30 + random() * 60),
      );
    }
    let open = 0;
    for (const sourceId of ACCOUNT_SOURCES) {
      const roll = random();
      const accountId =
        sourceId === "github" ? `${first}${last}`.toLowerCase().replace(/[^a-z]/g, "") : email;
      if (roll < 0.18) {
        const privileged = random() < 0.15;
        open++;
        events.push({
          at: null,
          kind: "account-still-enabled",
          label: `${sourceId}: ${accountId}`,
          late: true,
        });
        add(
          {
            rule: "ghost-account",
            severity: privileged ? "critical" : "high",
            sourceId,
            subject: { type: "account", id: accountId },
            personId: leaver.id,
            title: privileged
              ? "Enabled privileged account of departed person"
              : "Enabled account of departed person",
            evidence: {
              accountId,
              email,
              privileged,
              enabled: true,
              matchedBy: "email",
              matchedOn: email,
              terminationDate,
              disableDueAt: iso(terminatedAt + 24 * HOUR_MS),
              hoursOverdue: Math.max(0, daysAgo * 24 - 24),
              lastLoginAt: random() < 0.3 ? iso(terminatedAt + 5 * HOUR_MS) : null,
            },
          },
          Math.max(0, daysAgo - 1),
        );
        const cost = SEAT_COST[sourceId];
        if (cost !== undefined) {
          add(
            {
              rule: "unused-license",
              severity: "low",
              sourceId,
              subject: { type: "account", id: accountId },
              personId: leaver.id,
              title: "Paid seat held by departed person",
              evidence: {
                accountId,
                reason: "departed",
                monthlyCost: cost,
                costFrom: "source",
                matchedBy: "email",
              },
            },
            Math.max(0, daysAgo - 1),
          );
        }
      } else if (roll < 0.3) {
        const disabledAt = terminatedAt + (30 + Math.floor(random() * 200)) * HOUR_MS;
        events.push({
          at: iso(disabledAt),
          kind: "account-disabled",
          label: `${sourceId}: ${accountId}`,
          late: true,
        });
        if (disabledAt < NOW) {
          open++;
          add(
            {
              rule: "late-disable",
              severity: "medium",
              sourceId,
              subject: { type: "account", id: accountId },
              personId: leaver.id,
              title: "Account disabled after the offboarding deadline",
              evidence: {
                accountId,
                disableWithinHours: 24,
                disableDueAt: iso(terminatedAt + 24 * HOUR_MS),
                disabledAt: iso(disabledAt),
                hoursLate: Math.floor((disabledAt - terminatedAt) / HOUR_MS) - 24,
              },
            },
            Math.max(0, (NOW - disabledAt) / DAY_MS),
          );
        }
      } else {
        events.push({
          at: iso(terminatedAt + Math.floor(random() * 20) * HOUR_MS),
          kind: "account-disabled",
          label: `${sourceId}: ${accountId}`,
        });
      }
    }
    const assetTag = `NW-${String(10000 + i).padStart(5, "0")}`;
    if (random() < 0.25) {
      open++;
      events.push({ at: null, kind: "device-outstanding", label: `snipeit: ${assetTag}`, late: true });
      add(
        {
          rule: "unreturned-device",
          severity: "high",
          sourceId: "snipeit",
          subject: { type: "asset", id: assetTag },
          personId: leaver.id,
          title: "Device not returned by departed person",
          evidence: {
            serial: `C02${assetTag.slice(3)}JGH5`,
            terminationDate,
            deviceReturnDays: 14,
            daysOverdue: daysAgo - 14,
          },
        },
        Math.max(0, daysAgo - 14),
      );
    } else {
      events.push({
        at: iso(terminatedAt + Math.floor(random() * 96) * HOUR_MS),
        kind: "device-returned",
        label: `snipeit: ${assetTag}`,
      });
    }
    if (documented) {
      events.push(
        open > 0
          ? { at: null, kind: "ticket-missing", label: `ticket ${ticket} not completed`, late: true }
          : {
              at: iso(terminatedAt + 30 * HOUR_MS),
              kind: "ticket-completed",
              label: `ticket ${ticket} by it-ops`,
            },
      );
    }
    if (open > 0 || !documented) {
      people[leaver.id] = leaver.person;
      timelines.push({ personId: leaver.id, name: leaver.name, terminatedAt: iso(terminatedAt), events });
    }
  }

  // Uncorrelated and system-level findings, with no person behind them.
  for (let i = 0; i < 40; i++) {
    const sourceId = pick(ACCOUNT_SOURCES);
    const accountId = `svc-${pick(["backup", "deploy", "report", "sync", "ci"])}-${i}`;
    add(
      {
        rule: "orphan-account",
        severity: i % 7 === 0 ? "critical" : "high",
        sourceId,
        subject: { type: "account", id: accountId },
        personId: null,
        title: "Enabled account with no matching person",
        evidence: { accountId, displayName: null, employeeId: null, suggestedPersonId: null },
      },
      random() * 200,
    );
  }
  for (let i = 0; i < 25; i++) {
    add(
      {
        rule: "stale-credential",
        severity: "medium",
        sourceId: "aws-iam",
        subject: { type: "account", id: `arn:aws:iam::123456789012:user/deploy-${i}` },
        personId: null,
        title: "Active access key unused for 90 days",
        evidence: { credentialIds: [`AKIA${String(4000000000000000 + i)}`], credentialMaxIdleDays: 90 },
      },
      random() * 120,
    );
  }
  add(
    {
      rule: "stale-source",
      severity: "medium",
      sourceId: "snipeit",
      subject: { type: "system", id: "snipeit" },
      personId: null,
      title: "Source data older than 7 days",
      evidence: { exportedAt: "2025-02-20T08:00:00.000Z", maxSourceAgeDays: 7, ageDays: 11 },
    },
    3,
  );

  // Six findings were waived at some point; two of the waivers expire within two weeks.
  const waived = findings.filter((f) => f.rule === "ghost-account" && f.severity === "high").slice(0, 6);
  const waivers = waived.map((finding, i) => {
    finding.status = "waived";
    return {
      findingId: finding.id,
      rule: finding.rule,
      reason:
        i % 2 === 0
          ? "Mailbox kept for litigation hold LH-2025-02"
          : "Contractor extension signed, HR update pending",
      approvedBy: i % 2 === 0 ? "legal@northwind.example" : "ciso@northwind.example",
      until: iso(NOW + (WAIVER_DAYS[i] ?? 30) * DAY_MS),
    };
  });

  // Every 23rd finding appeared in this scan.
  findings.forEach((finding, i) => {
    if (i % 23 === 0 && finding.status === "open") finding.firstSeenAt = NOW;
  });
  const newFindingIds = findings.filter((f) => f.firstSeenAt === NOW).map((f) => f.id);
  const history: ScanHistory = {
    newFindingIds,
    resolved: resolvedFindings(random, 137),
    trend: trend(findings, newFindingIds.length),
    sla: {
      departures: 96,
      withinSla: 81,
      compliancePercent: (81 / 96) * 100,
      disableWithinHours: 24,
      lookbackDays: 90,
    },
    waivers,
    timelines: timelines.sort(
      (a, b) => b.events.filter((e) => e.late).length - a.events.filter((e) => e.late).length,
    ),
  };

  return {
    schemaVersion: 1,
    scanId: "scan-northwind-2025-03-03T12:00:00Z-4c1d",
    organization: "Northwind Traders",
    evaluatedAt: REALISTIC_EVALUATED_AT,
    timezone: "America/Chicago",
    sources: [
      source({
        id: "workday",
        kind: "roster",
        format: "csv",
        records: 4_812,
        exportedAt: "2025-03-03T09:00:00.000Z",
      }),
      source({
        id: "okta",
        format: "okta",
        records: 5_240,
        durationMs: 412,
        exportedAt: "2025-03-03T10:15:00.000Z",
      }),
      source({ id: "google-workspace", format: "google-workspace", records: 5_391, durationMs: 388 }),
      source({
        id: "slack",
        format: "scim",
        records: 4_977,
        rejected: 3,
        errors: [
          'slack-users.json: Resources[1811].active: expected a boolean, got "maybe"',
          'slack-users.json: Resources[2904].emails[0].value: expected an email address, got ""',
          "slack-users.json: Resources[4410].id: expected a non-empty string",
        ],
      }),
      source({ id: "github", format: "csv", records: 1_204 }),
      source({ id: "salesforce", format: "csv", records: 933 }),
      source({ id: "aws-iam", format: "aws-credential-report", records: 187 }),
      source({
        id: "snipeit",
        kind: "assets",
        format: "snipeit",
        records: 5_622,
        exportedAt: "2025-02-20T08:00:00.000Z",
      }),
      source({
        id: "servicenow",
        kind: "offboarding",
        format: "servicenow",
        status: "failed",
        records: 0,
        errors: [
          "servicenow-offboarding.json: not valid JSON (Unexpected end of JSON input at position 81920)",
        ],
      }),
    ],
    rules: ALL_RULES.map((r) => ({
      id: r.id,
      title: r.title,
      severityLogic: r.severityLogic,
      controls: r.controls,
      rationale: r.rationale,
    })),
    findings,
    notEvaluated: [
      { rule: "dormant-account", sourceId: "github", reason: "source provides no lastLoginAt" },
      { rule: "late-disable", sourceId: "salesforce", reason: "source provides no disabledAt" },
      { rule: "undocumented-offboarding", sourceId: "servicenow", reason: "source failed" },
    ],
    ruleErrors: [],
    people,
    history,
    remediation: remediationOf(findings, people),
  };
}

/**
 * Jira issues opened when each group's oldest finding was first seen, as earlier scans would have,
 * plus a dozen closed since; this scan's sync leaves them as `tasksAfterSync` works out.
 */
function remediationOf(findings: ReportFinding[], people: Record<string, PersonSummary>): RemediationSummary {
  const lifecycle = findings as LifecycleFinding[];
  const firstSeen = new Map(lifecycle.map((finding) => [finding.id, finding.firstSeenAt]));
  const records: TaskRecord[] = groupFindings(lifecycle, people).map((group, i) => {
    const createdAt = Math.min(...group.findingIds.map((id) => firstSeen.get(id) ?? NOW));
    return {
      key: group.key,
      status: "open",
      externalId: `SEC-${1000 + i}`,
      url: `https://northwind.atlassian.net/browse/SEC-${1000 + i}`,
      title: group.title,
      severity: group.severity,
      contentHash: group.contentHash,
      findingIds: group.findingIds,
      createdAt,
      updatedAt: createdAt,
      scanId: "scan-northwind-earlier",
    };
  });
  for (let i = 0; i < 12; i++) {
    const closedAt = NOW - (i + 1) * 3 * DAY_MS;
    records.push({
      key: `leaver:E1${String(i).padStart(4, "0")}`,
      status: "closed",
      externalId: `SEC-${900 + i}`,
      title: `Offboarding incomplete: former employee E1${String(i).padStart(4, "0")}, 1 open finding`,
      severity: "high",
      contentHash: "",
      findingIds: [],
      createdAt: closedAt - 20 * DAY_MS,
      updatedAt: closedAt,
      closedAt,
      scanId: "scan-northwind-earlier",
    });
  }
  const tasks = tasksAfterSync({ scanId: "scan-northwind", now: NOW, findings: lifecycle, people, records });
  return summariseRemediation({ tasks, findings, evaluatedAt: NOW, sink: "jira", dryRun: false });
}

/** A source read this morning unless the override says otherwise. */
function source(overrides: Parameters<typeof makeSource>[0]): ReturnType<typeof makeSource> {
  return makeSource({ exportedAt: "2025-03-03T10:00:00.000Z", ...overrides });
}

function resolvedFindings(random: () => number, count: number): ResolvedFinding[] {
  const severities: Severity[] = ["critical", "high", "high", "medium", "low"];
  return Array.from({ length: count }, (_, i) => {
    const sourceId = ACCOUNT_SOURCES[i % ACCOUNT_SOURCES.length] ?? "okta";
    const subject = { type: "account" as const, id: `former.user${i}@northwind.example` };
    const rule = i % 3 === 0 ? "unused-license" : "ghost-account";
    return {
      id: findingId(rule, sourceId, subject),
      rule,
      severity: rule === "unused-license" ? "low" : (severities[i % severities.length] ?? "high"),
      sourceId,
      subject,
      personId: `E${19000 + i}`,
      firstSeenAt: iso(NOW - Math.floor(3 + random() * 60) * DAY_MS),
      resolvedAt: REALISTIC_EVALUATED_AT,
    };
  });
}

/** 30 nightly scans ending with this one: the backlog grew, then an offboarding clean-up cut it. */
function trend(findings: readonly ReportFinding[], newToday: number): TrendPoint[] {
  const today: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const finding of findings) today[finding.severity]++;
  return Array.from({ length: 30 }, (_, i) => {
    const daysBefore = 29 - i;
    const factor = 1 + 0.35 * Math.sin((i / 29) * Math.PI) - 0.1 * (daysBefore / 29);
    const open =
      daysBefore === 0
        ? today
        : {
            critical: Math.round(today.critical * factor),
            high: Math.round(today.high * factor),
            medium: Math.round(today.medium * factor),
            low: Math.round(today.low * factor),
          };
    return {
      scanId: `scan-northwind-${iso(NOW - daysBefore * DAY_MS).slice(0, 10)}-${String(i).padStart(4, "0")}`,
      evaluatedAt: iso(NOW - daysBefore * DAY_MS),
      open,
      new: daysBefore === 0 ? newToday : 5 + ((i * 7) % 23),
      resolved: daysBefore === 0 ? 137 : 3 + ((i * 11) % 31),
    };
  });
}
