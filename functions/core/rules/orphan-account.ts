/** Catches enabled accounts nobody answers for: no person in the roster owns them, and they are no declared service account. */
import type { FindingDraft } from "../finding.ts";
import { DisplayNameIndex } from "./display-name-index.ts";
import { accountEvidence, isoOrNull } from "./evidence.ts";
import type { Rule } from "./rule.ts";
import { readSourceIds } from "./source-selection.ts";

export const orphanAccountRule: Rule = {
  id: "orphan-account",
  title: "Enabled account with no matching person",
  rationale:
    "An enabled account that correlates to nobody in the roster (and is not a declared service account) " +
    "has no owner to offboard it: often a leaver the roster no longer lists, a shared login or a backdoor.",
  severityLogic: "critical if the account is privileged, else high",
  subjectType: "account",
  controls: ["SOC2 CC6.1", "SOC2 CC6.2", "ISO27001 A.5.16", "NIST AC-2"],
  evaluate(context) {
    const findings: FindingDraft[] = [];
    const readSources = readSourceIds(context, "accounts");
    const names = new DisplayNameIndex(context.people);
    for (const { account, match, isServiceAccount } of context.accounts) {
      if (!account.enabled || account.isRoot || isServiceAccount || match !== undefined) continue;
      if (!readSources.has(account.sourceId)) continue;
      const evidence = accountEvidence(account);
      evidence.displayName = account.displayName ?? null;
      evidence.employeeId = account.employeeId ?? null;
      evidence.createdAt = isoOrNull(account.createdAt);
      evidence.lastLoginAt = isoOrNull(account.lastLoginAt);
      const suggested = names.suggest(account.displayName);
      evidence.suggestedPersonId = suggested ?? null;
      evidence.suggestedBy = suggested === undefined ? null : "display-name";
      findings.push({
        severity: account.privileged ? "critical" : "high",
        sourceId: account.sourceId,
        subject: { type: "account", id: account.accountId },
        personId: null,
        title: account.privileged
          ? "Enabled privileged account with no matching person"
          : "Enabled account with no matching person",
        evidence,
      });
    }
    return { findings, notEvaluated: [] };
  },
};
