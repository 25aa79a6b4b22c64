/** Catches disabled accounts kept past their deletion date, which can be re-enabled and keep personal data. */
import type { FindingDraft } from "../finding.ts";
import type { Instant } from "../model.ts";
import { daysBetween, toIso } from "../time.ts";
import { CalendarDeadline } from "./calendar-deadline.ts";
import { accountEvidence, addMatchEvidence, isoOrNull } from "./evidence.ts";
import type { Rule } from "./rule.ts";
import { readSourceIds, splitAccountSourcesByField } from "./source-selection.ts";

type DeletionBasis = "deleteAfter" | "termination" | "disabledAt";

export const overdueDeletionRule: Rule = {
  id: "overdue-deletion",
  title: "Disabled account not deleted by its deletion date",
  rationale:
    "A disabled account that outlives its deletion date can be re-enabled by mistake or by an attacker " +
    "and keeps data the retention policy says must go.",
  severityLogic: "always medium",
  subjectType: "account",
  controls: ["SOC2 CC6.2", "ISO27001 A.5.16", "ISO27001 A.5.18", "NIST AC-2"],
  evaluate(context) {
    const findings: FindingDraft[] = [];
    const readSources = readSourceIds(context, "accounts");
    // Leavers' accounts are dated by the termination; the rest can only be dated by disabledAt.
    // Without it only that branch is withheld: findings dated otherwise were still looked for.
    const { notEvaluated } = splitAccountSourcesByField(
      context,
      "disabledAt",
      "disabled accounts not held by a leaver cannot be dated",
      { evidenceKey: "deletionBasis", value: "disabledAt" satisfies DeletionBasis },
    );
    const { now } = context;
    const { deleteAfterDays } = context.policy;
    const afterDays = new CalendarDeadline(deleteAfterDays, context.calendar, now);
    for (const { account, match } of context.accounts) {
      if (account.enabled || account.isRoot) continue;
      let basis: DeletionBasis;
      let deleteDueAt: Instant | undefined;
      const terminated = match?.person.departed ? match.person.terminationInstant : undefined;
      if (account.deleteAfter !== undefined) {
        basis = "deleteAfter";
        deleteDueAt = account.deleteAfter <= now ? account.deleteAfter : undefined;
      } else if (terminated !== undefined) {
        basis = "termination";
        deleteDueAt = afterDays.passed(terminated);
      } else if (account.disabledAt !== undefined) {
        basis = "disabledAt";
        deleteDueAt = afterDays.passed(account.disabledAt);
      } else {
        continue; // no date to count from: not provable
      }
      if (deleteDueAt === undefined || !readSources.has(account.sourceId)) continue;
      const evidence = addMatchEvidence(accountEvidence(account), match, context.calendar);
      evidence.deletionBasis = basis;
      evidence.deleteAfterDays = basis === "deleteAfter" ? null : deleteAfterDays;
      evidence.disabledAt = isoOrNull(account.disabledAt);
      evidence.deleteDueAt = basis === "termination" ? context.calendar.iso(deleteDueAt) : toIso(deleteDueAt);
      evidence.daysOverdue = daysBetween(deleteDueAt, now);
      findings.push({
        severity: "medium",
        sourceId: account.sourceId,
        subject: { type: "account", id: account.accountId },
        personId: match ? match.person.person.employeeId : null,
        title: "Disabled account not deleted by its deletion date",
        evidence,
      });
    }
    return { findings, notEvaluated };
  },
};
