/**
 * Runs the rules over a scan context. Every rule call is wrapped: a rule that throws becomes a
 * reported rule error (fail closed), never a silent "no findings". Drafts become findings with
 * stable ids, the rule's controls and the sources their resolution depends on.
 */
import { type Finding, type FindingDraft, findingId, SEVERITY_RANK } from "./finding.ts";
import { compareFindings } from "./order.ts";
import { ALL_RULES } from "./rules/registry.ts";
import type { Rule } from "./rules/rule.ts";
import type { WithheldBranch } from "./rules/withheld-branch.ts";
import type { ScanContext } from "./scan-context.ts";

export interface RuleNotEvaluated {
  rule: string;
  sourceId: string;
  reason: string;
  /** The branch whose findings the gap withholds; absent: all the rule's findings on the source. */
  withholds?: WithheldBranch;
}

export interface RuleError {
  rule: string;
  message: string;
}

export interface EngineResult {
  findings: Finding[];
  notEvaluated: RuleNotEvaluated[];
  ruleErrors: RuleError[];
}

export function runRules(context: ScanContext, rules: readonly Rule[] = ALL_RULES): EngineResult {
  const byId = new Map<string, Finding>();
  const notEvaluated: RuleNotEvaluated[] = [];
  const ruleErrors: RuleError[] = [];
  const dependencies = new DependencyLists(context.rosterSourceId);
  for (const rule of rules) {
    let drafts: readonly FindingDraft[];
    try {
      const result = rule.evaluate(context);
      drafts = result.findings;
      for (const gap of result.notEvaluated) {
        const entry: RuleNotEvaluated = { rule: rule.id, sourceId: gap.sourceId, reason: gap.reason };
        if (gap.withholds !== undefined) entry.withholds = gap.withholds;
        notEvaluated.push(entry);
      }
    } catch (error) {
      ruleErrors.push({ rule: rule.id, message: errorMessage(error) });
      continue;
    }
    for (const draft of drafts) {
      const finding: Finding = {
        id: findingId(rule.id, draft.sourceId, draft.subject),
        rule: rule.id,
        severity: draft.severity,
        sourceId: draft.sourceId,
        subject: draft.subject,
        personId: draft.personId,
        title: draft.title,
        evidence: draft.evidence,
        controls: rule.controls,
        dependsOn: dependencies.of(draft),
      };
      const existing = byId.get(finding.id);
      // The same subject twice from one rule is one finding; keep the more severe reading.
      if (existing === undefined || SEVERITY_RANK[finding.severity] < SEVERITY_RANK[existing.severity]) {
        byId.set(finding.id, finding);
      }
    }
  }
  const findings = [...byId.values()].sort(compareFindings);
  return { findings, notEvaluated, ruleErrors };
}

/**
 * A finding may only be auto-resolved when its own source and the roster (and any source the
 * rule names) were all collected. Most findings share a handful of lists, so those are shared
 * rather than allocated per finding.
 */
class DependencyLists {
  private readonly bySource = new Map<string, readonly string[]>();

  constructor(private readonly rosterSourceId: string) {}

  of(draft: FindingDraft): readonly string[] {
    if (draft.dependsOn !== undefined && draft.dependsOn.length > 0) {
      return [...new Set([draft.sourceId, this.rosterSourceId, ...draft.dependsOn])];
    }
    let list = this.bySource.get(draft.sourceId);
    if (list === undefined) {
      list = Object.freeze(
        draft.sourceId === this.rosterSourceId
          ? [this.rosterSourceId]
          : [draft.sourceId, this.rosterSourceId],
      );
      this.bySource.set(draft.sourceId, list);
    }
    return list;
  }
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
