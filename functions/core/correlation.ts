/**
 * Correlation of accounts, asset holders and resource owners to people (SPEC §3): first match
 * wins — identity map → employee id → email (case-insensitive, the org's domains as one) →
 * username equal to the local part of a person's email. No fuzzy matching: a wrong match would
 * hide a ghost account or blame the wrong person.
 */
import { orgAddressKey, orgDomainSet } from "./org-address.ts";
import type { Match, PersonFacts } from "./scan-context.ts";

export interface IdentityMapEntry {
  sourceId: string;
  accountId: string;
  employeeId: string;
}

export interface Identifiers {
  sourceId: string;
  /** The record's own id, for the identity map. */
  recordId: string;
  employeeId?: string;
  email?: string;
  username?: string;
}

export class Correlator {
  private readonly byEmployeeId = new Map<string, PersonFacts>();
  /** Normalised email → person; `null` when two people share it (ambiguous: no match, whatever the roster's order). */
  private readonly byEmail = new Map<string, PersonFacts | null>();
  /** Local part → person; `null` when two people share the local part (ambiguous: no match). */
  private readonly byLocalPart = new Map<string, PersonFacts | null>();
  /** Employee id by source, then by account id (nested: no key string built per account). */
  private readonly identityMap = new Map<string, Map<string, string>>();
  private readonly orgDomains: ReadonlySet<string>;

  constructor(
    people: readonly PersonFacts[],
    emailDomains: readonly string[],
    identityMap: readonly IdentityMapEntry[],
  ) {
    this.orgDomains = orgDomainSet(emailDomains);
    for (const facts of people) {
      this.byEmployeeId.set(facts.person.employeeId, facts);
      const email = facts.person.email;
      if (email === undefined) continue;
      const key = this.normaliseEmail(email);
      this.byEmail.set(key, this.byEmail.has(key) ? null : facts);
      const local = localPart(email);
      if (local === undefined) continue;
      this.byLocalPart.set(local, this.byLocalPart.has(local) ? null : facts);
    }
    for (const entry of identityMap) {
      let bySource = this.identityMap.get(entry.sourceId);
      if (bySource === undefined) {
        bySource = new Map();
        this.identityMap.set(entry.sourceId, bySource);
      }
      bySource.set(entry.accountId, entry.employeeId);
    }
  }

  match(ids: Identifiers): Match | undefined {
    const mapped = this.identityMap.get(ids.sourceId)?.get(ids.recordId);
    if (mapped !== undefined) {
      const person = this.byEmployeeId.get(mapped);
      if (person) return { person, method: "identity-map", on: mapped };
    }
    if (ids.employeeId !== undefined) {
      const person = this.byEmployeeId.get(ids.employeeId);
      if (person) return { person, method: "employee-id", on: ids.employeeId };
    }
    if (ids.email !== undefined) {
      const person = this.byEmail.get(this.normaliseEmail(ids.email));
      if (person) return { person, method: "email", on: ids.email };
    }
    if (ids.username !== undefined) {
      // A username that is itself an address is matched as an email above when the source
      // lacks an email field; otherwise compare it with people's local parts.
      if (ids.username.includes("@")) {
        const person = this.byEmail.get(this.normaliseEmail(ids.username));
        if (person) return { person, method: "email", on: ids.username };
      } else {
        const person = this.byLocalPart.get(ids.username.toLowerCase());
        if (person) return { person, method: "username", on: ids.username };
      }
    }
    return undefined;
  }

  /** Whether an employee id / email / username names a person (for asset holders and owners). */
  matchHolder(sourceId: string, recordId: string, holder: string): Match | undefined {
    const byId = this.byEmployeeId.get(holder);
    if (byId) return this.match({ sourceId, recordId, employeeId: holder });
    return holder.includes("@")
      ? this.match({ sourceId, recordId, email: holder })
      : this.match({ sourceId, recordId, username: holder });
  }

  private normaliseEmail(email: string): string {
    return orgAddressKey(email, this.orgDomains);
  }
}

function localPart(email: string): string | undefined {
  const at = email.lastIndexOf("@");
  return at > 0 ? email.slice(0, at).trim().toLowerCase() : undefined;
}
