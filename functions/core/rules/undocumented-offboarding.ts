/** Catches leavers whose offboarding left no approved, completed record: the auditor's first sample fails. */
import type { Evidence, FindingDraft } from "../finding.ts";
import type { OffboardingRecord } from "../model.ts";
import { addTerminationEvidence, isoOrNull } from "./evidence.ts";
import type { Rule } from "./rule.ts";

function gapCount(record: OffboardingRecord): number {
  return (
    (record.approvedBy === undefined ? 1 : 0) +
    (record.completedAt === undefined ? 1 : 0) +
    (record.completedBy === undefined ? 1 : 0)
  );
}

/** With several tickets for one leaver, the most complete one is the documentation. */
function mostComplete(records: readonly OffboardingRecord[]): OffboardingRecord | undefined {
  let best: OffboardingRecord | undefined;
  let bestGaps = Number.POSITIVE_INFINITY;
  for (const record of records) {
    const gaps = gapCount(record);
    if (gaps < bestGaps) {
      best = record;
      bestGaps = gaps;
    }
  }
  return best;
}

function missingFields(record: OffboardingRecord): string[] {
  const missing: string[] = [];
  if (record.approvedBy === undefined) missing.push("approvedBy");
  if (record.completedAt === undefined) missing.push("completedAt");
  if (record.completedBy === undefined) missing.push("completedBy");
  return missing;
}

function titleFor(missing: readonly string[]): string {
  const approval = missing.includes("approvedBy");
  const completion = missing.includes("completedAt") || missing.includes("completedBy");
  if (approval && completion) return "Offboarding record lacks approval and completion";
  return approval ? "Offboarding record lacks approval" : "Offboarding record lacks completion";
}

export const undocumentedOffboardingRule: Rule = {
  id: "undocumented-offboarding",
  title: "Offboarding not documented",
  rationale:
    "Without an approved and completed offboarding record there is no evidence that access removal was " +
    "requested, authorised and carried out — the sample an auditor asks for first.",
  severityLogic: "always medium",
  subjectType: "person",
  scope: "global",
  controls: ["SOC2 CC6.2", "ISO27001 A.5.18", "NIST PS-4"],
  evaluate(context) {
    const sourceIds = context.offboardingSourceIds;
    if (sourceIds.length === 0) {
      return {
        findings: [],
        notEvaluated: [
          {
            sourceId: context.rosterSourceId,
            reason:
              "no offboarding-records source is configured: offboarding documentation cannot be checked",
          },
        ],
      };
    }
    // Missing records from a failed or partial (suspect) export would read as missing
    // documentation: do not guess.
    const unavailable = sourceIds.filter((id) => context.sourcesById.get(id)?.status !== "ok");
    if (unavailable.length > 0) {
      return {
        findings: [],
        notEvaluated: unavailable.map((sourceId) => ({
          sourceId,
          reason: `offboarding-records source ${context.sourcesById.get(sourceId)?.status ?? "failed"}: offboarding documentation cannot be checked`,
        })),
      };
    }

    const findings: FindingDraft[] = [];
    const lookbackStart = context.calendar.plusDays(context.now, -context.policy.lookbackDays);
    for (const facts of context.people) {
      const terminated = facts.terminationInstant;
      if (!facts.overdue || terminated === undefined || terminated < lookbackStart) continue;
      const employeeId = facts.person.employeeId;
      const records = context.offboardingByEmployee.get(employeeId) ?? [];
      const record = mostComplete(records);
      if (record !== undefined && gapCount(record) === 0) continue;
      const missing = record === undefined ? ["record"] : missingFields(record);
      const evidence: Evidence = { employeeId, personStatus: facts.person.status ?? null };
      addTerminationEvidence(evidence, facts, context.calendar);
      evidence.missing = missing;
      evidence.recordsFound = records.length;
      evidence.ticketId = record?.ticketId ?? null;
      evidence.recordSourceId = record?.sourceId ?? null;
      evidence.requestedAt = isoOrNull(record?.requestedAt);
      evidence.requestedBy = record?.requestedBy ?? null;
      evidence.approvedBy = record?.approvedBy ?? null;
      evidence.approvedAt = isoOrNull(record?.approvedAt);
      evidence.completedAt = isoOrNull(record?.completedAt);
      evidence.completedBy = record?.completedBy ?? null;
      evidence.offboardingSources = sourceIds;
      findings.push({
        severity: "medium",
        sourceId: context.rosterSourceId,
        subject: { type: "person", id: employeeId },
        personId: employeeId,
        title: record === undefined ? "No offboarding record for departed person" : titleFor(missing),
        evidence,
        dependsOn: sourceIds,
      });
    }
    return { findings, notEvaluated: [] };
  },
};
