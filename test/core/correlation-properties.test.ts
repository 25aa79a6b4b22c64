/**
 * Correlation does not depend on the order of the roster or of the accounts (fast-check): every
 * account matches the same person by the same method whichever way the records come, even when
 * people share an email or a local part (then nobody is matched by it: no guessing).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Correlator, type Identifiers } from "../../functions/core/correlation.ts";
import type { Person } from "../../functions/core/model.ts";
import { personFacts } from "../../functions/core/person-facts.ts";
import { plainCalendar } from "../../functions/core/time.ts";

const NOW = Date.parse("2026-11-26T12:00:00Z");
const DOMAINS = ["acme.com", "acme.io"];

// Small pools, so ids, emails and local parts collide often.
const local = fc.constantFrom("ana", "ben", "cy", "dee", "ed", "Ana");
const domain = fc.constantFrom("acme.com", "acme.io", "ACME.com", "gmail.com");
const email = fc.tuple(local, domain).map(([l, d]) => `${l}@${d}`);
const employeeId = fc.constantFrom("E1", "E2", "E3", "E4", "E5", "E6");

const people = fc.uniqueArray(fc.record({ employeeId, email: fc.option(email, { nil: undefined }) }), {
  selector: (p) => p.employeeId,
  maxLength: 6,
});
const account = fc.record({
  recordId: fc.stringMatching(/^[a-z]{1,4}$/),
  employeeId: fc.option(fc.constantFrom("E1", "E3", "E5", "E9"), { nil: undefined }),
  email: fc.option(email, { nil: undefined }),
  username: fc.option(fc.oneof(local, email), { nil: undefined }),
});
const accounts = fc.uniqueArray(account, { selector: (a) => a.recordId, maxLength: 12 });

function matches(
  roster: readonly { employeeId: string; email: string | undefined }[],
  list: readonly Omit<Identifiers, "sourceId">[],
) {
  const facts = roster.map((p) => {
    const person: Person = { employeeId: p.employeeId, ...(p.email !== undefined ? { email: p.email } : {}) };
    return personFacts(person, NOW, plainCalendar("UTC"), 24);
  });
  const correlator = new Correlator(facts, DOMAINS, [{ sourceId: "app", accountId: "zz", employeeId: "E2" }]);
  const result = new Map<string, string>();
  for (const ids of list) {
    const match = correlator.match({ sourceId: "app", ...ids });
    result.set(
      ids.recordId,
      match === undefined ? "-" : `${match.person.person.employeeId}/${match.method}/${match.on}`,
    );
  }
  return result;
}

describe("correlation", () => {
  it("gives every account the same match whatever the order of people and accounts", () => {
    const scenario = fc
      .tuple(people, accounts)
      .chain(([roster, list]) =>
        fc.tuple(
          fc.constant(roster),
          fc.constant(list),
          fc.shuffledSubarray(roster, { minLength: roster.length, maxLength: roster.length }),
          fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }),
        ),
      );
    fc.assert(
      fc.property(scenario, ([roster, list, roster2, list2]) => {
        // Act
        const first = matches(roster, list);
        const second = matches(roster2, list2);

        // Assess
        expect(new Map([...second].sort())).toEqual(new Map([...first].sort()));
      }),
      { numRuns: 300 },
    );
  });

  it("matches nobody by an email two people share", () => {
    // Act
    const result = matches(
      [
        { employeeId: "E1", email: "ana@acme.com" },
        { employeeId: "E2", email: "ANA@acme.io" },
      ],
      [{ recordId: "a", email: "ana@acme.com" }],
    );

    // Assess
    expect(result.get("a")).toBe("-");
  });
});
