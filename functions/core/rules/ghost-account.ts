/** Catches a departed person who can still sign in: the classic offboarding failure. */
import type { FindingDraft } from "../finding.ts";
import { HOUR_MS } from "../time.ts";
import { accountEvidence, addMatchEvidence, isoOrNull } from "./evidence.ts";
import type { Rule } from "./rule.ts";
import { readSourceIds } from "./source-selection.ts";

export const ghostAccountRule: Rule = {
  id: "ghost-account",
  title: "Enabled account of departed person",
  rationale:
    "A person whose offboarding deadline has passed still holds an enabled account: they (or anyone " +
    "holding their credentials) can still reach the system.",
  severityLogic: "critical if the account is privileged, else high",
  subjectType: "account",
  controls: ["SOC2 CC6.2", "ISO27001 A.5.18", "NIST AC-2", "NIST PS-4"],
  evaluate(context) {
    const findings: FindingDraft[] = [];
    const readSources = readSourceIds(context, "accounts");
    const slaMs = context.policy.disableWithinHours * HOUR_MS;
    for (const { account, match } of context.accounts) {
      if (!account.enabled || account.isRoot || match === undefined || !match.person.overdue) continue;
      if (!readSources.has(account.sourceId)) continue;
      const terminated = match.person.terminationInstant;
      const disableDueAt = terminated === undefined ? undefined : terminated + slaMs;
      const evidence = addMatchEvidence(accountEvidence(account), match, context.calendar);
      evidence.disableDueAt = disableDueAt === undefined ? null : context.calendar.iso(disableDueAt);
      evidence.hoursOverdue =
        disableDueAt === undefined ? null : Math.floor((context.now - disableDueAt) / HOUR_MS);
      evidence.lastLoginAt = isoOrNull(account.lastLoginAt);
      // A sign-in after termination is the strongest proof that the access was actually used.
      evidence.loginAfterTermination =
        terminated !== undefined && account.lastLoginAt !== undefined && account.lastLoginAt > terminated;
      findings.push({
        severity: account.privileged ? "critical" : "high",
        sourceId: account.sourceId,
        subject: { type: "account", id: account.accountId },
        personId: match.person.person.employeeId,
        title: account.privileged
          ? "Enabled privileged account of departed person"
          : "Enabled account of departed person",
        evidence,
      });
    }
    return { findings, notEvaluated: [] };
  },
};
