/**
 * An email address as the organisation means it: lower-cased, with any of its `emailDomains`
 * standing for the others (jane@acme.io is jane@acme.com). Correlation matches accounts to people
 * by it, and access reviews resolve `--by` by it, so the two never disagree on who an address is.
 */

/** The organisation's domains, lower-cased, for `orgAddressKey`. */
export function orgDomainSet(emailDomains: readonly string[]): ReadonlySet<string> {
  return new Set(emailDomains.map((domain) => domain.toLowerCase()));
}

/** The address's key: lower-cased, the domain written as one when it is one of the org's. */
export function orgAddressKey(address: string, orgDomains: ReadonlySet<string>): string {
  const lower = address.trim().toLowerCase();
  const at = lower.lastIndexOf("@");
  if (at < 0) return lower;
  return orgDomains.has(lower.slice(at + 1)) ? `${lower.slice(0, at)}@<org>` : lower;
}
