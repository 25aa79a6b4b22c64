/** Catches jobs, repositories and data still owned by a leaver: nobody maintains them, and jobs keep running with the leaver's rights. */
import type { Evidence, FindingDraft } from "../finding.ts";
import type { Resource } from "../model.ts";
import { HOUR_MS } from "../time.ts";
import { addMatchEvidence } from "./evidence.ts";
import type { Rule } from "./rule.ts";
import { readSourceIds } from "./source-selection.ts";

const SCHEDULED_TYPE = /job|cron|schedule/i;

/** A scheduled job acts on its own, under the leaver's identity, until someone stops it. */
export function isScheduledJob(resource: Resource): boolean {
  return (
    (resource.type !== undefined && SCHEDULED_TYPE.test(resource.type)) ||
    (resource.schedule !== undefined && resource.schedule.trim().length > 0)
  );
}

export const orphanedResourceRule: Rule = {
  id: "orphaned-resource",
  title: "Resource owned by departed person",
  rationale:
    "A scheduled job, repository, dataset or shared drive owned by a leaver has no one to maintain or " +
    "answer for it; a scheduled job keeps acting with the leaver's rights until someone stops it.",
  severityLogic:
    "high for scheduled jobs (type contains job/cron/schedule, or a schedule is set), else medium",
  subjectType: "resource",
  controls: ["SOC2 CC6.1", "ISO27001 A.5.9", "NIST CM-8", "NIST PS-4"],
  evaluate(context) {
    const findings: FindingDraft[] = [];
    const readSources = readSourceIds(context, "resources");
    const slaMs = context.policy.disableWithinHours * HOUR_MS;
    for (const { resource, match } of context.resources) {
      if (match === undefined || !match.person.overdue || !readSources.has(resource.sourceId)) continue;
      const scheduled = isScheduledJob(resource);
      const terminated = match.person.terminationInstant;
      const evidence: Evidence = {
        resourceId: resource.resourceId,
        type: resource.type ?? null,
        schedule: resource.schedule ?? null,
        scheduledJob: scheduled,
        ownerId: resource.ownerId ?? null,
      };
      addMatchEvidence(evidence, match, context.calendar);
      evidence.reassignDueAt = terminated === undefined ? null : context.calendar.iso(terminated + slaMs);
      findings.push({
        severity: scheduled ? "high" : "medium",
        sourceId: resource.sourceId,
        subject: { type: "resource", id: resource.resourceId },
        personId: match.person.person.employeeId,
        title: scheduled ? "Scheduled job owned by departed person" : "Resource owned by departed person",
        evidence,
      });
    }
    return { findings, notEvaluated: [] };
  },
};
