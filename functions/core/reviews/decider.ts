/**
 * Who may decide on an item (SPEC §7: no reviewer certifies their own access). A decision counts
 * only from the item's reviewer or, once the packet is escalated, from the escalation target the
 * item went to; never from the person whose access it is, nor from someone who had left by the
 * decision's instant. The command line names the decider freely (`--by`), so it is first resolved
 * to one roster person: a name or an address that only resembles the reviewer must not pass.
 */
import type { Instant } from "../model.ts";
import { orgAddressKey, orgDomainSet } from "../org-address.ts";
import type { Reviewer, ReviewItem } from "./types.ts";

/** A person `--by` may name: from the roster, or a reviewer who is a team address. */
export interface DeciderCandidate {
  employeeId: string;
  name?: string;
  email?: string;
  /** When they left (the roster's termination instant); absent for the active. */
  leftAt?: Instant;
}

export type DeciderLookup =
  | { found: DeciderCandidate }
  | { found: undefined; why: "no-one" | "ambiguous-name" | "ambiguous-email" };

/**
 * `--by` as one person: an employee id; else a work email in any case, any of `emailDomains`
 * standing for the others (jane@acme.io is jane@acme.com, as in correlation); else an exact name,
 * only when one person has it. Two people behind one value resolve to no one: guessing between
 * them would let one decide as the other.
 */
export function resolveDecider(
  by: string,
  people: readonly DeciderCandidate[],
  emailDomains: readonly string[],
): DeciderLookup {
  const wanted = by.trim();
  if (wanted === "") return { found: undefined, why: "no-one" };
  const byId = people.filter((p) => p.employeeId === wanted);
  if (byId.length === 1 && byId[0] !== undefined) return { found: byId[0] };
  if (wanted.includes("@")) {
    const domains = orgDomainSet(emailDomains);
    const key = orgAddressKey(wanted, domains);
    const byEmail = people.filter((p) => p.email !== undefined && orgAddressKey(p.email, domains) === key);
    if (byEmail.length > 1) return { found: undefined, why: "ambiguous-email" };
    return byEmail[0] === undefined ? { found: undefined, why: "no-one" } : { found: byEmail[0] };
  }
  const byName = people.filter((p) => p.name !== undefined && p.name.trim() === wanted);
  if (byName.length > 1) return { found: undefined, why: "ambiguous-name" };
  return byName[0] === undefined ? { found: undefined, why: "no-one" } : { found: byName[0] };
}

/** What decides where a packet's items may be decided from: its reviewer and its escalation. */
export interface PacketRouting {
  reviewerId: string;
  /** The reviewer's own manager (or who stands for them). */
  escalation?: Reviewer;
  /** Who takes the escalated items whose subject is `escalation` itself. */
  escalationAlternate?: Reviewer;
  escalatedAt?: Instant;
  /** When the reviewer left, once a campaign check has seen it. */
  leftAt?: Instant;
}

/**
 * Where an item goes when its packet escalates: the escalation target, unless the item is that
 * target's own access; then the alternate. Undefined when no one else can take it.
 */
export function escalationTargetOf(packet: PacketRouting, item: ReviewItem): Reviewer | undefined {
  const target = packet.escalation;
  if (target === undefined) return undefined;
  if (!isSubject(item, target.reviewerId, target.email)) return target;
  const alternate = packet.escalationAlternate;
  return alternate === undefined || isSubject(item, alternate.reviewerId, alternate.email)
    ? undefined
    : alternate;
}

/** The ids that may decide on an item at an instant: its reviewer, and its escalation target once escalated. */
export function decidersOf(packet: PacketRouting, item: ReviewItem, at: Instant): string[] {
  const ids = [item.reviewerId];
  if (packet.escalatedAt !== undefined && packet.escalatedAt <= at) {
    const target = escalationTargetOf(packet, item);
    if (target !== undefined) ids.push(target.reviewerId);
  }
  return ids.filter((id) => !isSubject(item, id, undefined));
}

export type DecisionRefusal = "self-review" | "departed" | "not-reviewer";

/** Why this decider may not decide on this item at `at`, or undefined when they may. */
export function decisionRefusal(
  item: ReviewItem,
  packet: PacketRouting,
  decider: { id: string; email?: string; leftAt?: Instant },
  at: Instant,
): DecisionRefusal | undefined {
  if (isSubject(item, decider.id, decider.email)) return "self-review";
  // A link names no roster entry: the packet's row says when its reviewer left.
  const leftAt = decider.leftAt ?? (decider.id === packet.reviewerId ? packet.leftAt : undefined);
  if (leftAt !== undefined && leftAt <= at) return "departed";
  return decidersOf(packet, item, at).includes(decider.id) ? undefined : "not-reviewer";
}

/** Whether an id (or address) is the person whose access the item is. */
export function isSubject(item: ReviewItem, id: string, email: string | undefined): boolean {
  const person = item.person;
  if (person.employeeId === id) return true;
  const address = person.email?.trim().toLowerCase();
  if (address === undefined || address === "") return false;
  return address === id.trim().toLowerCase() || address === email?.trim().toLowerCase();
}
