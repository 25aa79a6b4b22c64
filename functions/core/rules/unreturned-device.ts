/** Catches company devices (and the data on them) still in a leaver's hands after the return deadline. */
import type { Evidence, FindingDraft } from "../finding.ts";
import { daysBetween } from "../time.ts";
import { CalendarDeadline } from "./calendar-deadline.ts";
import { addMatchEvidence, isoOrNull } from "./evidence.ts";
import type { Rule } from "./rule.ts";
import { readSourceIds } from "./source-selection.ts";

/** Statuses that mean the device is back in the company's hands (compared lower-case). */
export const BACK_IN_STOCK: ReadonlySet<string> = new Set([
  "returned",
  "archived",
  "deployable",
  "ready to deploy",
  "in stock",
  "available",
]);

export const unreturnedDeviceRule: Rule = {
  id: "unreturned-device",
  title: "Device not returned by departed person",
  rationale:
    "A laptop or phone still assigned to a leaver after termination + deviceReturnDays holds company " +
    "data and cached credentials outside the company's control.",
  severityLogic: "always high",
  subjectType: "asset",
  controls: ["SOC2 CC6.1", "ISO27001 A.5.11", "NIST PS-4", "NIST CM-8"],
  evaluate(context) {
    const findings: FindingDraft[] = [];
    const readSources = readSourceIds(context, "assets");
    const { deviceReturnDays } = context.policy;
    const returnDeadline = new CalendarDeadline(deviceReturnDays, context.calendar, context.now);
    for (const { asset, match } of context.assets) {
      if (match === undefined || !match.person.departed) continue;
      const terminated = match.person.terminationInstant;
      if (terminated === undefined) continue;
      const returnDueAt = returnDeadline.passed(terminated);
      if (returnDueAt === undefined || !readSources.has(asset.sourceId)) continue;
      if (asset.status !== undefined && BACK_IN_STOCK.has(asset.status.toLowerCase())) continue;
      const evidence: Evidence = {
        assetId: asset.assetId,
        serial: asset.serial ?? null,
        type: asset.type ?? null,
        status: asset.status ?? null,
        assignedTo: asset.assignedTo ?? null,
        assignedAt: isoOrNull(asset.assignedAt),
      };
      // A check-in after termination shows the device is still in use, not lost in a drawer.
      if (asset.lastSeenAt !== undefined) evidence.lastSeenAt = isoOrNull(asset.lastSeenAt);
      addMatchEvidence(evidence, match, context.calendar);
      evidence.deviceReturnDays = deviceReturnDays;
      evidence.returnDueAt = context.calendar.iso(returnDueAt);
      evidence.daysOverdue = daysBetween(returnDueAt, context.now);
      findings.push({
        severity: "high",
        sourceId: asset.sourceId,
        subject: { type: "asset", id: asset.assetId },
        personId: match.person.person.employeeId,
        title: "Device not returned by departed person",
        evidence,
      });
    }
    return { findings, notEvaluated: [] };
  },
};
