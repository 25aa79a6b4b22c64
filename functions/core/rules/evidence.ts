/** Evidence fragments shared by rules, so the same fact is spelled the same way in every finding. */
import type { Evidence } from "../finding.ts";
import type { Account, Instant } from "../model.ts";
import type { Match } from "../scan-context.ts";
import { toIso } from "../time.ts";

export function isoOrNull(ms: Instant | undefined): string | null {
  return ms === undefined ? null : toIso(ms);
}

/** The account as the source describes it. */
export function accountEvidence(account: Account): Evidence {
  return {
    accountId: account.accountId,
    username: account.username ?? null,
    email: account.email ?? null,
    privileged: account.privileged,
    enabled: account.enabled,
  };
}

/** Whose record it is and how we know (SPEC §3: the correlation method is part of the proof). */
export function matchEvidence(match: Match): Evidence {
  const facts = match.person;
  const person = facts.person;
  const evidence: Evidence = {
    matchedBy: match.method,
    matchedOn: match.on,
    personStatus: person.status,
  };
  // A rehire's old termination date is history, not a fact about this finding.
  if (facts.terminationInstant !== undefined) {
    evidence.terminationDate = person.terminationDate ?? null;
    if (person.terminatedAt !== undefined) evidence.terminatedAt = toIso(person.terminatedAt);
    evidence.terminationInstant = toIso(facts.terminationInstant);
  }
  return evidence;
}
