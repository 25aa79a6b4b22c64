/**
 * Who certifies a person's access (SPEC §7): their manager; if there is none, or the manager has
 * departed or has no email to receive the packet, the manager's own manager, and so on up the
 * chain; failing that the configured fallback reviewer. Nobody ever reviews their own access. A
 * manager whose address may not be mailed (outside `emailDomains`) is passed over, as digests do.
 */
import type { PersonFacts } from "../scan-context.ts";
import type { Reviewer, ReviewerAssignment } from "./types.ts";

/** Items nobody can review without reviewing themselves: reported, never silently dropped. */
export const UNASSIGNED_REVIEWER = "unassigned";

export class ReviewerResolver {
  /** The first reachable person at or above an employee id in the management chain. */
  private readonly reachableFrom = new Map<string, PersonFacts | null>();
  private readonly fallback: Reviewer | undefined;

  constructor(
    private readonly peopleById: ReadonlyMap<string, PersonFacts>,
    fallbackReviewer: string | undefined,
    /** Whether an address may be sent a packet (config `emailDomains`, as the digests do). */
    private readonly mayReceive: (address: string) => boolean = () => true,
  ) {
    this.fallback = fallbackReviewer === undefined ? undefined : this.fallbackOf(fallbackReviewer);
  }

  assign(person: PersonFacts): ReviewerAssignment {
    const self = person.person.employeeId;
    const manager = person.person.managerId;
    let candidate = manager === undefined || manager === self ? null : this.firstReachable(manager);
    let route: ReviewerAssignment["route"] =
      candidate?.person.employeeId === manager ? "manager" : "skip-level";
    // A chain that loops back to the person: go on above them, never to them.
    if (candidate?.person.employeeId === self) {
      const above = candidate.person.managerId;
      candidate = above === undefined || above === self ? null : this.firstReachable(above, new Set([self]));
      route = "skip-level";
    }
    if (candidate !== null && candidate.person.employeeId !== self) {
      return { reviewer: reviewerOf(candidate), route };
    }
    if (this.fallback !== undefined && !this.isSelf(this.fallback, person)) {
      return { reviewer: this.fallback, route: "fallback" };
    }
    return { reviewer: { reviewerId: UNASSIGNED_REVIEWER }, route: "fallback" };
  }

  /** A reviewer's own manager (for escalation), if reachable and not the reviewer. */
  escalationFor(reviewerId: string): Reviewer | undefined {
    const reviewer = this.peopleById.get(reviewerId);
    const managerId = reviewer?.person.managerId;
    if (managerId === undefined || managerId === reviewerId) return undefined;
    const found = this.firstReachable(managerId, new Set([reviewerId]));
    return found === null || found.person.employeeId === reviewerId ? undefined : reviewerOf(found);
  }

  /**
   * Who takes escalated items that are the escalation target's own access — the target is the
   * person the reviewer stands in for (the fallback who reports to the CEO it reviews), or a
   * manager loop. The target's own reachable manager, else the fallback reviewer; never the
   * reviewer or the target. Undefined: those items stay unescalated (and reported).
   */
  escalationAlternateFor(reviewerId: string, target: Reviewer): Reviewer | undefined {
    const targetFacts = this.peopleById.get(target.reviewerId);
    const above = targetFacts?.person.managerId;
    const excluded = new Set([reviewerId, target.reviewerId]);
    const found = above === undefined ? null : this.firstReachable(above, excluded);
    if (found !== null && !excluded.has(found.person.employeeId)) return reviewerOf(found);
    const fallback = this.fallback;
    if (fallback === undefined || excluded.has(fallback.reviewerId)) return undefined;
    const sameAddress = (other: Reviewer | PersonFacts | undefined) => {
      const email = other === undefined ? undefined : "person" in other ? other.person.email : other.email;
      return email !== undefined && fallback.email?.toLowerCase() === email.toLowerCase();
    };
    return sameAddress(target) || sameAddress(this.peopleById.get(reviewerId)) ? undefined : fallback;
  }

  private firstReachable(employeeId: string, exclude?: ReadonlySet<string>): PersonFacts | null {
    if (exclude === undefined) {
      const known = this.reachableFrom.get(employeeId);
      if (known !== undefined) return known;
    }
    const visited = new Set<string>(exclude);
    let id: string | undefined = employeeId;
    let found: PersonFacts | null = null;
    while (id !== undefined && !visited.has(id)) {
      visited.add(id);
      const facts = this.peopleById.get(id);
      if (facts === undefined) break;
      if (this.isReachable(facts)) {
        found = facts;
        break;
      }
      id = facts.person.managerId;
    }
    if (exclude === undefined) this.reachableFrom.set(employeeId, found);
    return found;
  }

  /** Still employed and has an address the packet may go to. */
  private isReachable(facts: PersonFacts): boolean {
    const address = facts.person.email?.trim() ?? "";
    return !facts.departed && address !== "" && this.mayReceive(address);
  }

  private fallbackOf(value: string): Reviewer {
    const wanted = value.trim().toLowerCase();
    for (const facts of this.peopleById.values()) {
      const { employeeId, email } = facts.person;
      if (employeeId.toLowerCase() === wanted || email?.toLowerCase() === wanted) return reviewerOf(facts);
    }
    // Not on the roster (a team mailbox): the address itself is the reviewer.
    return { reviewerId: value.trim(), email: value.trim() };
  }

  private isSelf(reviewer: Reviewer, person: PersonFacts): boolean {
    const { employeeId, email } = person.person;
    return (
      reviewer.reviewerId === employeeId ||
      (email !== undefined &&
        reviewer.email !== undefined &&
        reviewer.email.toLowerCase() === email.toLowerCase())
    );
  }
}

function reviewerOf(facts: PersonFacts): Reviewer {
  const { employeeId, name, email, managerId } = facts.person;
  return {
    reviewerId: employeeId,
    ...(name !== undefined ? { name } : {}),
    ...(email !== undefined ? { email } : {}),
    ...(managerId !== undefined ? { managerId } : {}),
  };
}
