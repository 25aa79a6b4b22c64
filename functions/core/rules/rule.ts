/**
 * A rule is a pure function of the scan context (cdk-nag style): metadata plus `evaluate`.
 * It never throws on purpose; if it does, the engine reports a rule error (fail closed)
 * instead of reading as "no findings".
 */
import type { FindingDraft, SubjectType } from "../finding.ts";
import type { ScanContext } from "../scan-context.ts";
import type { WithheldBranch } from "./withheld-branch.ts";

export interface NotEvaluated {
  sourceId: string;
  /** Why: e.g. "source provides no lastLoginAt". */
  reason: string;
  /** Set when another branch of the rule still ran on the source: only this branch's findings are withheld. */
  withholds?: WithheldBranch;
}

export interface RuleResult {
  findings: FindingDraft[];
  notEvaluated: NotEvaluated[];
}

export interface Rule {
  /** Kebab-case id as in SPEC §4, e.g. `ghost-account`. */
  id: string;
  title: string;
  /** Why it matters: the risk it catches. */
  rationale: string;
  /** How severity is chosen, in words (for RULES.md and the report). */
  severityLogic: string;
  subjectType: SubjectType;
  /** Control references, e.g. `SOC2 CC6.2`, `ISO27001 A.5.18`, `NIST AC-2`. */
  controls: readonly string[];
  /**
   * `records` (default): each finding follows from one account, asset or resource, so the rule
   * can run on any partition of them. `global`: it needs a whole source or the whole roster
   * (e.g. "no admin left in this system"), so it runs once, in partition 0.
   */
  scope?: "records" | "global";
  evaluate(context: ScanContext): RuleResult;
}
