/** Catches systems whose every admin is gone or disabled: nobody accountable can manage access there. */
import type { FindingDraft } from "../finding.ts";
import { isActive } from "../person-facts.ts";
import type { NotEvaluated, Rule } from "./rule.ts";

/** Shown in evidence; a system with more admins than this lists the first ones only. */
const MAX_LISTED_ACCOUNTS = 20;

interface AdminTally {
  privilegedAccounts: number;
  disabled: number;
  heldByDepartedPerson: number;
  heldByNoPerson: number;
  hasActiveAdmin: boolean;
  accountIds: string[];
}

export const systemWithoutAdminRule: Rule = {
  id: "system-without-admin",
  title: "System without an active admin",
  rationale:
    "When every privileged account of a system is disabled, unowned or held by a leaver, nobody " +
    "accountable can administer it: access requests, revocations and incidents stall, and the shared " +
    "or inherited admin logins that fill the gap are invisible to reviews.",
  severityLogic: "always high",
  subjectType: "system",
  scope: "global",
  controls: ["SOC2 CC6.1", "ISO27001 A.5.9", "ISO27001 A.8.2", "NIST AC-2"],
  evaluate(context) {
    // "No admin left" is concluded from admins *missing*: a partial (suspect) export cannot tell.
    const completeSources = new Set<string>();
    const notEvaluated: NotEvaluated[] = [];
    for (const source of context.sources) {
      if (source.kind !== "accounts") continue;
      if (source.status === "ok") completeSources.add(source.id);
      else if (source.status === "suspect") {
        notEvaluated.push({
          sourceId: source.id,
          reason: "source suspect: admins missing from a partial export cannot be told from admins who left",
        });
      }
    }
    const tallies = new Map<string, AdminTally>();
    for (const { account, match } of context.accounts) {
      // Cloud root users are break-glass identities, not admins anyone holds.
      if (!account.privileged || account.isRoot || !completeSources.has(account.sourceId)) continue;
      let tally = tallies.get(account.sourceId);
      if (tally === undefined) {
        tally = {
          privilegedAccounts: 0,
          disabled: 0,
          heldByDepartedPerson: 0,
          heldByNoPerson: 0,
          hasActiveAdmin: false,
          accountIds: [],
        };
        tallies.set(account.sourceId, tally);
      }
      tally.privilegedAccounts++;
      if (tally.accountIds.length < MAX_LISTED_ACCOUNTS) tally.accountIds.push(account.accountId);
      if (!account.enabled) tally.disabled++;
      else if (match === undefined) tally.heldByNoPerson++;
      // Someone the roster marks terminated is no admin to count on, even without a readable date.
      else if (!isActive(match.person)) tally.heldByDepartedPerson++;
      else tally.hasActiveAdmin = true;
    }

    const findings: FindingDraft[] = [];
    for (const [sourceId, tally] of tallies) {
      if (tally.hasActiveAdmin) continue;
      findings.push({
        severity: "high",
        sourceId,
        subject: { type: "system", id: sourceId },
        personId: null,
        title: "No enabled admin account held by a current person",
        evidence: {
          privilegedAccounts: tally.privilegedAccounts,
          disabled: tally.disabled,
          heldByDepartedPerson: tally.heldByDepartedPerson,
          heldByNoPerson: tally.heldByNoPerson,
          privilegedAccountIds: tally.accountIds,
        },
      });
    }
    return { findings, notEvaluated };
  },
};
