/** Catches accounts an active person no longer uses: unwatched access that an attacker can take over quietly. */
import type { FindingDraft } from "../finding.ts";
import { isActive } from "../person-facts.ts";
import { addDormancyEvidence, isDormant } from "./dormancy.ts";
import { accountEvidence, addMatchEvidence } from "./evidence.ts";
import type { Rule } from "./rule.ts";
import { splitAccountSourcesByField } from "./source-selection.ts";

export const dormantAccountRule: Rule = {
  id: "dormant-account",
  title: "Account with no login for the dormancy period",
  rationale:
    "An enabled account its active owner has not used for dormantAfterDays is access nobody needs; a " +
    "takeover of it goes unnoticed because nobody expects activity there.",
  severityLogic: "always low",
  subjectType: "account",
  controls: ["SOC2 CC6.2", "ISO27001 A.5.18", "NIST AC-2(3)"],
  evaluate(context) {
    const findings: FindingDraft[] = [];
    const { evaluable, notEvaluated } = splitAccountSourcesByField(
      context,
      "lastLoginAt",
      "dormant accounts cannot be detected",
    );
    const { now } = context;
    const { dormantAfterDays } = context.policy;
    const dormantBefore = context.calendar.plusDays(now, -dormantAfterDays);
    for (const { account, match, isServiceAccount } of context.accounts) {
      if (!account.enabled || account.isRoot || isServiceAccount || match === undefined) continue;
      if (!isActive(match.person) || !isDormant(account, dormantBefore)) continue;
      if (!evaluable.has(account.sourceId)) continue;
      // Paid seats are unused-license findings; this rule covers the cost-free rest.
      const monthlyCost =
        account.monthlyCost ?? context.sourcesById.get(account.sourceId)?.monthlyCostPerSeat;
      if (monthlyCost !== undefined && monthlyCost > 0) continue;
      const evidence = addMatchEvidence(accountEvidence(account), match, context.calendar);
      addDormancyEvidence(evidence, account, now, dormantAfterDays);
      findings.push({
        severity: "low",
        sourceId: account.sourceId,
        subject: { type: "account", id: account.accountId },
        personId: match.person.person.employeeId,
        title: `Account with no login for ${dormantAfterDays} days`,
        evidence,
      });
    }
    return { findings, notEvaluated };
  },
};
