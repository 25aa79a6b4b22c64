/** Catches paid seats nobody uses: held by a leaver, or unused by an active person for `dormantAfterDays`. */
import type { FindingDraft } from "../finding.ts";
import { isActive } from "../person-facts.ts";
import { wasRead } from "../scan-context.ts";
import { addDormancyEvidence, isDormant } from "./dormancy.ts";
import { accountEvidence, addMatchEvidence } from "./evidence.ts";
import type { NotEvaluated, Rule } from "./rule.ts";

export const unusedLicenseRule: Rule = {
  id: "unused-license",
  title: "Paid seat not in use",
  rationale:
    "A paid seat held by a leaver, or not used by an active person for dormantAfterDays, is money spent " +
    "on access nobody needs — and access nobody needs is access nobody watches.",
  severityLogic: "always low; the evidence carries the monthly cost",
  subjectType: "account",
  controls: ["SOC2 CC6.2", "ISO27001 A.5.18", "NIST AC-2", "NIST AC-2(3)"],
  evaluate(context) {
    const findings: FindingDraft[] = [];
    const { now } = context;
    const { dormantAfterDays } = context.policy;
    const dormantBefore = context.calendar.plusDays(now, -dormantAfterDays);
    /** Sources without lastLoginAt where an active person's paid seat could not be judged. */
    const unjudged = new Set<string>();
    for (const { account, match, isServiceAccount } of context.accounts) {
      if (!account.enabled || account.isRoot || isServiceAccount || match === undefined) continue;
      const facts = match.person;
      // Departed but inside the disable window: offboarding is still in progress.
      if (facts.departed && !facts.overdue) continue;
      const source = context.sourcesById.get(account.sourceId);
      if (source === undefined || !wasRead(source.status)) continue;
      const monthlyCost = account.monthlyCost ?? source.monthlyCostPerSeat;
      if (monthlyCost === undefined || monthlyCost <= 0) continue;
      if (!facts.overdue) {
        // The dormant seats of active people only: one the roster marks terminated is neither.
        if (!isActive(facts)) continue;
        if (!source.provides.has("lastLoginAt")) {
          unjudged.add(source.id);
          continue;
        }
        if (!isDormant(account, dormantBefore)) continue;
      }
      const evidence = addMatchEvidence(accountEvidence(account), match, context.calendar);
      evidence.reason = facts.overdue ? "departed" : "dormant";
      evidence.monthlyCost = monthlyCost;
      evidence.costFrom = account.monthlyCost === undefined ? "source" : "account";
      addDormancyEvidence(evidence, account, now, dormantAfterDays);
      findings.push({
        severity: "low",
        sourceId: account.sourceId,
        subject: { type: "account", id: account.accountId },
        personId: facts.person.employeeId,
        title: facts.overdue
          ? "Paid seat held by departed person"
          : `Paid seat with no login for ${dormantAfterDays} days`,
        evidence,
      });
    }
    const notEvaluated: NotEvaluated[] = [];
    for (const source of context.sources) {
      if (source.kind !== "accounts" || !wasRead(source.status) || source.provides.has("lastLoginAt"))
        continue;
      if (unjudged.has(source.id) || (source.monthlyCostPerSeat ?? 0) > 0) {
        notEvaluated.push({
          sourceId: source.id,
          reason: "source provides no lastLoginAt: unused paid seats of active people cannot be detected",
          // The seats of departed people were still judged here: their findings may resolve.
          withholds: { evidenceKey: "reason", value: "dormant" },
        });
      }
    }
    return { findings, notEvaluated };
  },
};
