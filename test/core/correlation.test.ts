import { describe, expect, it } from "vitest";
import { Correlator } from "../../functions/core/correlation.ts";
import type { Person } from "../../functions/core/model.ts";
import type { PersonFacts } from "../../functions/core/scan-context.ts";

function facts(person: Partial<Person> & { employeeId: string }): PersonFacts {
  return { person: { status: "active", ...person }, departed: false, overdue: false };
}

describe("Correlator", () => {
  // Prepare
  const jane = facts({ employeeId: "E1", email: "Jane.Doe@acme.com" });
  const john = facts({ employeeId: "E2", email: "john@acme.com" });
  const johnOther = facts({ employeeId: "E3", email: "john@partner.example" });
  const correlator = new Correlator(
    [jane, john, johnOther],
    ["acme.com", "acme.io"],
    [{ sourceId: "aws", accountId: "deploy-bot", employeeId: "E2" }],
  );

  it("prefers the identity map over everything else", () => {
    const match = correlator.match({ sourceId: "aws", recordId: "deploy-bot", employeeId: "E1" });
    expect(match).toMatchObject({ method: "identity-map", on: "E2" });
    expect(match?.person).toBe(john);
  });

  it("matches by employee id before email", () => {
    const match = correlator.match({
      sourceId: "okta",
      recordId: "x",
      employeeId: "E1",
      email: "john@acme.com",
    });
    expect(match).toMatchObject({ method: "employee-id" });
    expect(match?.person).toBe(jane);
  });

  it("falls through an unknown employee id to email", () => {
    const match = correlator.match({
      sourceId: "okta",
      recordId: "x",
      employeeId: "E999",
      email: "john@acme.com",
    });
    expect(match?.person).toBe(john);
  });

  it("treats the org's domains as one and ignores case", () => {
    const match = correlator.match({ sourceId: "slack", recordId: "U1", email: "JANE.DOE@ACME.IO" });
    expect(match).toMatchObject({ method: "email", on: "JANE.DOE@ACME.IO" });
    expect(match?.person).toBe(jane);
  });

  it("does not treat a foreign domain as the org's", () => {
    expect(
      correlator.match({ sourceId: "slack", recordId: "U1", email: "jane.doe@gmail.com" }),
    ).toBeUndefined();
  });

  it("matches a username equal to an email local part, unless ambiguous", () => {
    expect(correlator.match({ sourceId: "gh", recordId: "1", username: "jane.doe" })).toMatchObject({
      method: "username",
    });
    // "john" is the local part of two people's emails: no guess
    expect(correlator.match({ sourceId: "gh", recordId: "2", username: "john" })).toBeUndefined();
  });

  it("matches an asset holder given as employee id, email or username", () => {
    expect(correlator.matchHolder("laptops", "A1", "E1")?.person).toBe(jane);
    expect(correlator.matchHolder("laptops", "A1", "jane.doe@acme.io")?.person).toBe(jane);
    expect(correlator.matchHolder("laptops", "A1", "jane.doe")?.person).toBe(jane);
  });
});
