/** Catches offboarding that happened, but too late: the account stayed usable past the disable deadline. */
import type { FindingDraft } from "../finding.ts";
import { HOUR_MS, toIso } from "../time.ts";
import { accountEvidence, addMatchEvidence } from "./evidence.ts";
import type { Rule } from "./rule.ts";
import { splitAccountSourcesByField } from "./source-selection.ts";

export const lateDisableRule: Rule = {
  id: "late-disable",
  title: "Account disabled after the offboarding deadline",
  rationale:
    "An account of a recent leaver was disabled, but only after termination + disableWithinHours: the " +
    "SLA was breached and the window of exposure is recorded for the audit.",
  severityLogic: "always medium",
  subjectType: "account",
  controls: ["SOC2 CC6.2", "ISO27001 A.5.18", "NIST AC-2", "NIST PS-4"],
  evaluate(context) {
    const findings: FindingDraft[] = [];
    const { evaluable, notEvaluated } = splitAccountSourcesByField(
      context,
      "disabledAt",
      "cannot tell when accounts were disabled",
    );
    const { disableWithinHours, lookbackDays } = context.policy;
    const slaMs = disableWithinHours * HOUR_MS;
    const lookbackStart = context.calendar.plusDays(context.now, -lookbackDays);
    for (const { account, match } of context.accounts) {
      if (account.enabled || account.disabledAt === undefined || match === undefined) continue;
      const facts = match.person;
      const terminated = facts.terminationInstant;
      if (!facts.departed || terminated === undefined || terminated < lookbackStart) continue;
      const disableDueAt = terminated + slaMs;
      // Disabling exactly at the deadline is on time.
      if (account.disabledAt <= disableDueAt || !evaluable.has(account.sourceId)) continue;
      const evidence = addMatchEvidence(accountEvidence(account), match, context.calendar);
      evidence.disableWithinHours = disableWithinHours;
      evidence.disableDueAt = context.calendar.iso(disableDueAt);
      evidence.disabledAt = toIso(account.disabledAt);
      evidence.hoursLate = Math.floor((account.disabledAt - disableDueAt) / HOUR_MS);
      evidence.hoursAfterTermination = Math.floor((account.disabledAt - terminated) / HOUR_MS);
      findings.push({
        severity: "medium",
        sourceId: account.sourceId,
        subject: { type: "account", id: account.accountId },
        personId: facts.person.employeeId,
        title: "Account disabled after the offboarding deadline",
        evidence,
      });
    }
    return { findings, notEvaluated };
  },
};
