/**
 * The input every scan report renders from (findings.json, findings.csv, report.html).
 * The scan pipeline builds it once; renderers only read it.
 */
import type { Finding } from "../functions/core/finding.ts";

export interface SourceSummary {
  id: string;
  kind: string;
  format: string;
  status: "ok" | "failed";
  records: number;
  rejected: number;
  /** Human-readable: rejected-record messages (capped by the pipeline) or the failure reason. */
  errors: string[];
  durationMs: number;
  /** ISO 8601. */
  exportedAt?: string;
}

export interface RuleSummary {
  id: string;
  title: string;
  severityLogic: string;
  controls: readonly string[];
  rationale: string;
}

export interface NotEvaluatedEntry {
  rule: string;
  sourceId: string;
  reason: string;
}

export interface RuleError {
  rule: string;
  message: string;
}

/** What the report knows about a person referenced by a finding (for grouping leavers). */
export interface PersonSummary {
  name?: string;
  email?: string;
  department?: string;
  managerId?: string;
  /** `YYYY-MM-DD`, last day of employment. */
  terminationDate?: string;
}

export interface ScanResult {
  schemaVersion: 1;
  scanId: string;
  organization: string;
  /** ISO 8601. */
  evaluatedAt: string;
  /** IANA zone of the organization. */
  timezone: string;
  sources: SourceSummary[];
  rules: RuleSummary[];
  findings: Finding[];
  notEvaluated: NotEvaluatedEntry[];
  ruleErrors: RuleError[];
  /** Only people referenced by findings, keyed by employee id. */
  people: Record<string, PersonSummary>;
}
