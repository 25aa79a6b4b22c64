import { describe, expect, it } from "vitest";
import type { Person } from "../../functions/core/model.ts";
import { isActive, personFacts } from "../../functions/core/person-facts.ts";
import { plainCalendar } from "../../functions/core/time.ts";

const zone = "America/New_York";

describe("personFacts", () => {
  it("a person departs at the start of the day after the termination date, in the org zone", () => {
    // Prepare: last day 2024-06-14; New York midnight is 04:00 UTC in June
    const person = { employeeId: "E1", status: "terminated" as const, terminationDate: "2024-06-14" };
    // Act
    const justBefore = personFacts(person, Date.UTC(2024, 5, 15, 3, 59), plainCalendar(zone), 24);
    const atMidnight = personFacts(person, Date.UTC(2024, 5, 15, 4, 0), plainCalendar(zone), 24);
    const dayLater = personFacts(person, Date.UTC(2024, 5, 16, 4, 0), plainCalendar(zone), 24);
    // Assess
    expect(justBefore).toMatchObject({ departed: false, overdue: false });
    expect(atMidnight).toMatchObject({
      departed: true,
      overdue: false,
      terminationInstant: Date.UTC(2024, 5, 15, 4),
    });
    expect(dayLater).toMatchObject({ departed: true, overdue: true });
  });

  it("an exact terminatedAt overrides the termination date", () => {
    const person = {
      employeeId: "E1",
      status: "terminated" as const,
      terminationDate: "2024-06-14",
      terminatedAt: Date.UTC(2024, 5, 10, 15),
    };
    expect(personFacts(person, Date.UTC(2024, 5, 11, 16), plainCalendar(zone), 24)).toMatchObject({
      departed: true,
      overdue: true,
    });
  });

  it("a rehire is active again", () => {
    const person = {
      employeeId: "E1",
      status: "active" as const,
      terminationDate: "2022-01-31",
      hireDate: "2023-05-01",
    };
    expect(personFacts(person, Date.UTC(2024, 0, 1), plainCalendar(zone), 24)).toEqual({
      person,
      departed: false,
      overdue: false,
    });
  });

  it("a future termination has not departed", () => {
    const person = { employeeId: "E1", status: "active" as const, terminationDate: "2030-01-31" };
    expect(personFacts(person, Date.UTC(2024, 0, 1), plainCalendar(zone), 24)).toMatchObject({
      departed: false,
      overdue: false,
    });
  });
});

describe("isActive", () => {
  const NOW = Date.UTC(2024, 0, 1);
  const facts = (person: Person) => personFacts(person, NOW, plainCalendar(zone), 24);

  it("is staff not departed by dates and not marked terminated", () => {
    // Prepare: no status, active, on leave, an unknown word, a future termination
    const people: Person[] = [
      { employeeId: "E1" },
      { employeeId: "E2", status: "active" },
      { employeeId: "E3", status: "leave" },
      { employeeId: "E4", status: "unknown" },
      { employeeId: "E5", status: "active", terminationDate: "2030-01-31" },
    ];

    // Act / Assess
    expect(people.map((p) => isActive(facts(p)))).toEqual([true, true, true, true, true]);
  });

  it("is not someone departed, nor someone the roster marks terminated whose date is missing", () => {
    // Prepare
    const departed: Person = { employeeId: "E1", status: "active", terminationDate: "2023-06-30" };
    const markedTerminated: Person = { employeeId: "E2", status: "terminated" };

    // Act / Assess
    expect(facts(markedTerminated).departed).toBe(false);
    expect([isActive(facts(departed)), isActive(facts(markedTerminated))]).toEqual([false, false]);
  });
});
