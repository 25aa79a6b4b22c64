/**
 * The people `deprov review decide --by` may name: the roster of the latest successful scan (the
 * freshest word on who has left), and the campaign's reviewers that are team addresses, which no
 * roster lists. The campaign's check reads it too, to find reviewers who have left.
 */
import type { LoadedConfig } from "../config/load-config.ts";
import { terminationInstantOf } from "../core/person-facts.ts";
import type { DeciderCandidate } from "../core/reviews/decider.ts";
import { calendarFor } from "../fast/cached-calendar.ts";
import type { ReviewerProgress } from "../ports/reviews/review-store.ts";
import { loadCollected } from "../scan/load-collected.ts";
import type { ScanDependencies } from "../scan/scan-dependencies.ts";

export async function deciderCandidates(
  deps: ScanDependencies,
  config: LoadedConfig,
  reviewers: readonly ReviewerProgress[],
): Promise<DeciderCandidate[]> {
  const people: DeciderCandidate[] = [];
  const latest = await deps.stateStore.latestSuccessfulScan();
  if (latest !== undefined) {
    const collected = await loadCollected(deps, config, latest.scanId, new Set(["roster"]));
    const roster = collected.find((c) => c.info.kind === "roster")?.records;
    const calendar = calendarFor(config.timezone);
    for (const person of roster?.kind === "roster" ? roster.records : []) {
      const leftAt = terminationInstantOf(person, calendar);
      people.push({
        employeeId: person.employeeId,
        ...(person.name !== undefined ? { name: person.name } : {}),
        ...(person.email !== undefined ? { email: person.email } : {}),
        ...(leftAt !== undefined ? { leftAt } : {}),
      });
    }
  }
  const known = new Set(people.map((p) => p.employeeId));
  const mailboxes = reviewers.flatMap((r) => [r, r.escalation, r.escalationAlternate]);
  for (const mailbox of mailboxes) {
    if (mailbox === undefined || known.has(mailbox.reviewerId) || !mailbox.reviewerId.includes("@")) continue;
    known.add(mailbox.reviewerId);
    people.push({ employeeId: mailbox.reviewerId, email: mailbox.reviewerId });
  }
  return people;
}
