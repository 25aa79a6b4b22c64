/**
 * Near matches by name, for orphan evidence only (SPEC §3: suggested, never correlated on).
 * "Smith, Jane" and "jane smith" normalise to the same key; a key two people share suggests nobody.
 */
import type { PersonFacts } from "../scan-context.ts";

const COMBINING_MARKS = /[\u0300-\u036f]/g;
const NON_NAME = /[^\p{L}\p{N}]+/u;

export function nameKey(name: string): string {
  const tokens = name.normalize("NFKD").replace(COMBINING_MARKS, "").toLowerCase().split(NON_NAME);
  return tokens
    .filter((t) => t.length > 0)
    .sort()
    .join(" ");
}

export class DisplayNameIndex {
  private index: Map<string, string | null> | undefined;

  constructor(private readonly people: readonly PersonFacts[]) {}

  /** The employee id of the only person whose name matches, if exactly one does. */
  suggest(displayName: string | undefined): string | undefined {
    if (displayName === undefined) return undefined;
    const key = nameKey(displayName);
    if (key.length === 0) return undefined;
    return this.build().get(key) ?? undefined;
  }

  // Built on first use: most scans have few orphans, and many have none.
  private build(): Map<string, string | null> {
    if (this.index) return this.index;
    const index = new Map<string, string | null>();
    for (const { person } of this.people) {
      if (person.name === undefined) continue;
      const key = nameKey(person.name);
      if (key.length === 0) continue;
      index.set(key, index.has(key) ? null : person.employeeId);
    }
    this.index = index;
    return index;
  }
}
