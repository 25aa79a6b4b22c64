/**
 * The scan's result as it is persisted and reported: the input every report renders from
 * (findings.json, findings.csv, report.html, the emails, OCSF and Security Hub exports). The scan
 * pipeline builds it once; renderers and exporters only read it.
 */
import type { RuleError, RuleNotEvaluated } from "../../core/engine.ts";
import type { Finding, Severity } from "../../core/finding.ts";
import type { LifecycleFields } from "../../core/lifecycle/types.ts";
import type { SourceStatus } from "../../core/scan-context.ts";

export type SeverityCounts = Record<Severity, number>;

/** A count of findings (or tasks) under one key, by severity. */
export interface GroupCount {
  key: string;
  total: number;
  bySeverity: SeverityCounts;
}

/**
 * A finding as the report reads it. The lifecycle fields are there when the scan ran with
 * persisted state (a `LifecycleFinding`); a plain in-memory scan has none, and every finding is open.
 */
export type ReportFinding = Finding & Partial<Pick<LifecycleFields, "status" | "firstSeenAt" | "lastSeenAt">>;

export interface SourceSummary {
  id: string;
  kind: string;
  format: string;
  /** `suspect`: read, but its counts (SPEC §5) say it may be incomplete; nothing it feeds was resolved. */
  status: SourceStatus;
  records: number;
  rejected: number;
  /** Human-readable: rejected-record messages (capped by the pipeline) or the failure reason. */
  errors: string[];
  /**
   * What a reader should know about the data (capped; `warningCount` is exact): a field a live
   * system could not provide; records kept with a dropped value or an unknown status word.
   */
  warnings?: string[];
  warningCount?: number;
  durationMs: number;
  /** ISO 8601. */
  exportedAt?: string;
  /** Set when a count check tripped: why, against what, and whether the change was accepted. */
  suspect?: SourceSuspicion;
}

/** Why a source was found suspect (SPEC §5); when `accepted`, it counted as ok in this scan. */
export interface SourceSuspicion {
  /** One sentence per check that tripped, with the numbers. */
  reasons: string[];
  /** Records of the collection it was compared with (null: none, e.g. only the rejection share tripped). */
  previousRecords: number | null;
  /** `--accept-source-change` (or, for the roster, `--accept-roster-change`) given for this scan. */
  accepted: { by: string; reason: string } | null;
}

export interface RuleSummary {
  id: string;
  title: string;
  severityLogic: string;
  controls: readonly string[];
  rationale: string;
}

/** What the report knows about a person referenced by a finding (for grouping leavers). */
export interface PersonSummary {
  name?: string;
  email?: string;
  department?: string;
  managerId?: string;
  /** `YYYY-MM-DD`, last day of employment. */
  terminationDate?: string;
  /**
   * ISO 8601: the termination instant, for a person who had departed at this scan. The next scan
   * holds their findings open if their record no longer shows a departure (vanished-departures.ts).
   */
  departedAt?: string;
}

/**
 * People the last scan knew as departed whose departure the roster no longer shows
 * (core/vanished-departures.ts): their findings were held open, unless the roster's change was
 * accepted in this scan.
 */
export interface VanishedDepartureSummary {
  /** The roster's source id. */
  sourceId: string;
  /** No longer on the roster. */
  removed: number;
  /** On the roster without a termination date or instant, or a later hire date. */
  undated: number;
  /** `--accept-source-change` (or `--accept-roster-change`) given for this scan: their findings could resolve. */
  accepted: { by: string; reason: string } | null;
  /** The roster's warnings about them, whole: who they are and how to accept the change. */
  warnings: string[];
}

export interface ScanResult {
  schemaVersion: 1;
  scanId: string;
  organization: string;
  /** ISO 8601. */
  evaluatedAt: string;
  /** IANA zone of the organization. */
  timezone: string;
  /** ISO 4217 code of the org's money (config `report.currency`); USD when absent. */
  currency?: string;
  sources: SourceSummary[];
  rules: RuleSummary[];
  findings: ReportFinding[];
  notEvaluated: RuleNotEvaluated[];
  ruleErrors: RuleError[];
  /** Only people referenced by findings, keyed by employee id. */
  people: Record<string, PersonSummary>;
  /** Leavers of the last scan whose departure the roster no longer shows; absent when there were none. */
  vanishedDepartures?: VanishedDepartureSummary;
  /** Lifecycle and history, present when the scan ran with persisted state (the state machine). */
  history?: ScanHistory;
  /** The remediation tasks after this scan's sync, present when the scan syncs tasks (the state machine). */
  remediation?: RemediationSummary;
}

/** Remediation tasks at a glance: counts, by system and age, and the longest open (capped). */
export interface RemediationSummary {
  /** Where the tasks go: `local`, `jira`, `servicenow`, `webhook` (config `tasks.sink`). */
  sink: string;
  /** `tasks.dryRun`: the tasks as this scan plans them; nothing was sent or stored. */
  dryRun: boolean;
  open: number;
  /** Tasks this scan opened for the first time, and tasks it closed. */
  openedByScan: number;
  closedByScan: number;
  /** Open tasks by their most severe open finding. */
  bySeverity: SeverityCounts;
  /** Open tasks with findings in each system, most first: a leaver's task counts under each of its systems. */
  bySystem: GroupCount[];
  /** Open tasks by time since they were opened, one group per `AGE_BUCKETS` entry, in that order. */
  byAge: GroupCount[];
  /** The open tasks open the longest, oldest first. */
  oldest: OpenTaskSummary[];
}

export interface OpenTaskSummary {
  key: string;
  title: string;
  severity: Severity;
  /** ISO 8601. */
  openedAt: string;
  /** Open findings in it. */
  findings: number;
  /** The sink's key (a Jira issue key, a ServiceNow number or sys_id). */
  externalId?: string;
  url?: string;
}

/** What a compliance officer asks beyond "what is wrong now": what changed, how we trend, are we within SLA. */
export interface ScanHistory {
  /**
   * The last published scan before this one, which what is new and resolved is counted from
   * (ADR 0010); absent when none was. Its unsent manager digests are owed tonight.
   */
  sinceScanId?: string;
  /**
   * Findings first seen since the last published report (ids; the findings themselves are in
   * `findings`): a night whose report failed is announced by the next one.
   */
  newFindingIds: string[];
  /** Findings open again since the last report after having been resolved. */
  reopenedFindingIds: string[];
  /** Findings open again since the last report because their waiver expired. */
  waiverExpiredFindingIds: string[];
  /** Findings waived since the last report (first seen and waived at once counts as new). */
  waivedFindingIds: string[];
  /** Findings resolved since the last published report (they are no longer in `findings`). */
  resolved: ResolvedFinding[];
  /** Earlier successful scans, oldest first, this one last (at most ~30). */
  trend: TrendPoint[];
  /** Offboarding SLA over departures within `lookbackDays`. */
  sla: SlaSummary;
  /** Active waivers (exceptions) with their expiry. */
  waivers: WaiverSummary[];
  /** Per-leaver timelines for leavers with open findings (capped; most severe first). */
  timelines: LeaverTimeline[];
}

export interface ResolvedFinding {
  id: string;
  rule: string;
  severity: string;
  sourceId: string;
  subject: { type: string; id: string };
  personId: string | null;
  firstSeenAt: string;
  resolvedAt: string;
}

export interface TrendPoint {
  scanId: string;
  evaluatedAt: string;
  /** Open + waived findings after the scan, by severity. */
  open: Record<string, number>;
  new: number;
  resolved: number;
}

export interface SlaSummary {
  /** Departed within the lookback window and past the disable deadline. */
  departures: number;
  /** Of those, people every one of whose accounts was disabled within `disableWithinHours`. */
  withinSla: number;
  /** 0–100, or null when there were no departures. */
  compliancePercent: number | null;
  disableWithinHours: number;
  lookbackDays: number;
}

export interface WaiverSummary {
  findingId: string;
  rule: string;
  reason: string;
  approvedBy: string;
  /** ISO 8601. */
  until: string;
}

export interface LeaverTimeline {
  personId: string;
  name?: string;
  /** ISO 8601 termination instant. */
  terminatedAt: string;
  events: TimelineEvent[];
}

export interface TimelineEvent {
  /** ISO 8601; null for something that has not happened (e.g. an account still enabled). */
  at: string | null;
  kind:
    | "terminated"
    | "account-disabled"
    | "account-still-enabled"
    | "account-deleted"
    | "device-returned"
    | "device-outstanding"
    | "ticket-requested"
    | "ticket-approved"
    | "ticket-completed"
    | "ticket-missing";
  /** e.g. "okta: jane.doe@acme.com", "laptops: NW-00123", "ticket OFF-1042". */
  label: string;
  /** Late against the policy deadline. */
  late?: boolean;
}
