/** Catches audits run on old data: a stale export hides every leaver since it was taken. */
import type { FindingDraft } from "../finding.ts";
import { wasRead } from "../scan-context.ts";
import { daysBetween, toIso } from "../time.ts";
import type { NotEvaluated, Rule } from "./rule.ts";

export const staleSourceRule: Rule = {
  id: "stale-source",
  title: "Source data older than the allowed age",
  rationale:
    "Findings are only as current as the data: an export older than maxSourceAgeDays hides every " +
    "departure, disable and grant since it was taken, so a clean result from it proves nothing.",
  severityLogic: "always medium",
  subjectType: "system",
  scope: "global",
  controls: ["SOC2 CC4.1", "ISO27001 A.5.9", "NIST AC-2", "NIST CM-8"],
  evaluate(context) {
    const findings: FindingDraft[] = [];
    const notEvaluated: NotEvaluated[] = [];
    const { maxSourceAgeDays } = context.policy;
    const freshAfter = context.calendar.plusDays(context.now, -maxSourceAgeDays);
    for (const source of context.sources) {
      // A failed source is reported as failed; its age is not a separate finding.
      if (!wasRead(source.status)) continue;
      if (source.exportedAt === undefined) {
        notEvaluated.push({ sourceId: source.id, reason: "export time unknown: data age cannot be checked" });
        continue;
      }
      if (source.exportedAt >= freshAfter) continue;
      findings.push({
        severity: "medium",
        sourceId: source.id,
        subject: { type: "system", id: source.id },
        personId: null,
        title: `Source data older than ${maxSourceAgeDays} days`,
        evidence: {
          kind: source.kind,
          format: source.format,
          exportedAt: toIso(source.exportedAt),
          exportedAtFrom: source.exportedAtFrom ?? null,
          ageDays: daysBetween(source.exportedAt, context.now),
          maxSourceAgeDays,
        },
      });
    }
    return { findings, notEvaluated };
  },
};
