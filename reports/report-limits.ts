/** How much report.html lists before it says "… and N more": keeps a six-figure scan's page small. */
import { DEFAULT_SUMMARY_LIMITS, type SummaryLimits } from "./report-summary.ts";

export interface ReportLimits extends SummaryLimits {
  /** Error messages shown per source in the coverage table. */
  errorsPerSource: number;
  /** Rejected-record and warning messages listed per source under "Rejected records and warnings". */
  rejectedPerSource: number;
  warningsPerSource: number;
  /** Rows in the "not evaluated" table. */
  notEvaluatedRows: number;
  /** Evidence entries shown per finding, and characters per value. */
  evidenceEntries: number;
  evidenceChars: number;
  /** Rows in each "what changed" table (new, resolved). */
  changedFindings: number;
  /** Leaver timelines shown, and events per timeline. */
  timelines: number;
  eventsPerTimeline: number;
  /** Rows in the waivers table. */
  waivers: number;
}

export const DEFAULT_REPORT_LIMITS: ReportLimits = {
  ...DEFAULT_SUMMARY_LIMITS,
  errorsPerSource: 3,
  rejectedPerSource: 50,
  warningsPerSource: 50,
  notEvaluatedRows: 200,
  evidenceEntries: 4,
  evidenceChars: 100,
  changedFindings: 50,
  timelines: 50,
  eventsPerTimeline: 40,
  waivers: 200,
};

/**
 * Characters of a warning shown before it is cut: a warning ends with what to do (the setting to
 * name, the change to accept), which a shorter cut would drop.
 */
export const WARNING_CHARS = 600;
