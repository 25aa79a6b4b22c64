/** Catches live keys nobody uses: a leaked, forgotten access key works until someone revokes it. */
import type { FindingDraft } from "../finding.ts";
import type { Credential, Instant } from "../model.ts";
import { daysBetween, toIso } from "../time.ts";
import { accountEvidence, addMatchEvidence } from "./evidence.ts";
import type { Rule } from "./rule.ts";
import { splitAccountSourcesByField } from "./source-selection.ts";

/** Idle since its last use, or since creation if never used; never used with no creation date is stale (fail closed). */
function isStale(credential: Credential, idleBefore: Instant): boolean {
  if (!credential.active) return false;
  const since = credential.lastUsedAt ?? credential.createdAt;
  return since === undefined || since < idleBefore;
}

function describe(credential: Credential): string {
  if (credential.lastUsedAt !== undefined)
    return `${credential.id}: last used ${toIso(credential.lastUsedAt)}`;
  if (credential.createdAt !== undefined) {
    return `${credential.id}: never used, created ${toIso(credential.createdAt)}`;
  }
  return `${credential.id}: never used, age unknown`;
}

export const staleCredentialRule: Rule = {
  id: "stale-credential",
  title: "Active credential unused for the idle period",
  rationale:
    "An active access key or token that has not been used for credentialMaxIdleDays is not needed, yet " +
    "works for whoever finds it in an old script, laptop or repository.",
  severityLogic: "always medium",
  subjectType: "account",
  controls: ["SOC2 CC6.1", "ISO27001 A.5.17", "NIST IA-5"],
  evaluate(context) {
    const findings: FindingDraft[] = [];
    const { evaluable, notEvaluated } = splitAccountSourcesByField(
      context,
      "credentials",
      "stale credentials cannot be detected",
    );
    const { now } = context;
    const { credentialMaxIdleDays } = context.policy;
    const idleBefore = context.calendar.plusDays(now, -credentialMaxIdleDays);
    for (const { account, match } of context.accounts) {
      const credentials = account.credentials;
      if (credentials.length === 0) continue;
      let staleCount = 0;
      for (const credential of credentials) if (isStale(credential, idleBefore)) staleCount++;
      if (staleCount === 0 || !evaluable.has(account.sourceId)) continue;

      const stale = credentials.filter((c) => isStale(c, idleBefore));
      let maxIdleDays: number | null = null;
      for (const credential of stale) {
        const since = credential.lastUsedAt ?? credential.createdAt;
        if (since !== undefined) maxIdleDays = Math.max(maxIdleDays ?? 0, daysBetween(since, now));
      }
      const evidence = addMatchEvidence(accountEvidence(account), match, context.calendar);
      evidence.credentialIds = stale.map((c) => c.id);
      evidence.credentialUse = stale.map(describe);
      evidence.neverUsed = stale.some((c) => c.lastUsedAt === undefined);
      evidence.maxIdleDays = maxIdleDays;
      evidence.credentialMaxIdleDays = credentialMaxIdleDays;
      findings.push({
        severity: "medium",
        sourceId: account.sourceId,
        subject: { type: "account", id: account.accountId },
        personId: match ? match.person.person.employeeId : null,
        title:
          staleCount === 1
            ? `Active credential unused for over ${credentialMaxIdleDays} days`
            : `${staleCount} active credentials unused for over ${credentialMaxIdleDays} days`,
        evidence,
      });
    }
    return { findings, notEvaluated };
  },
};
