/**
 * Rosters that name the manager by work email (Okta- and Google-mastered rosters, Rippling, HiBob)
 * or by name (BambooHR's "Reporting to"), read to the managers' employee ids where the roster says.
 */
import { describe, expect, it } from "vitest";
import { parseCsvText, people } from "../support/parsed-records.ts";

function roster(lines: readonly string[]) {
  return parseCsvText(lines.join("\n"), "roster", {
    employeeId: "Employee ID",
    email: "Work Email",
    managerId: "Manager",
  });
}

describe("the manager column", () => {
  it("reads a manager given by work email as that person's employee id, in any case", () => {
    // Act
    const output = roster([
      "Employee ID,Work Email,Manager",
      "1001,ceo@northwind.com,",
      "1002,vp@northwind.com,CEO@Northwind.com",
      "1003,dev@northwind.com, vp@northwind.com ",
      "1004,ops@northwind.com,1002",
    ]);

    // Assess
    expect(people(output).map((p) => [p.employeeId, p.managerId])).toEqual([
      ["1001", undefined],
      ["1002", "1001"],
      ["1003", "1002"],
      ["1004", "1002"],
    ]);
    expect(output.warnings ?? []).toEqual([]);
  });

  it("keeps a manager who names no one on the roster, and counts them in one warning", () => {
    // Act
    const output = roster([
      "Employee ID,Work Email,Manager",
      "1001,ceo@northwind.com,",
      "1002,vp@northwind.com,Jane Doe",
      "1003,dev@northwind.com,Jane Doe",
      "1004,ops@northwind.com,gone@northwind.com",
    ]);

    // Assess
    expect(people(output).map((p) => p.managerId)).toEqual([
      undefined,
      "Jane Doe",
      "Jane Doe",
      "gone@northwind.com",
    ]);
    expect(output.warnings).toEqual([
      {
        record: "(file)",
        field: "Manager",
        reason:
          "3 people's managers name no single person on the roster by employee id or email (such as \"Jane Doe\"): their digests go to the compliance recipients and their access reviews to the fallback reviewer; map the column that holds the manager's employee id or work email",
      },
    ]);
  });

  it("does not pick between two people who share the manager's email", () => {
    // Act
    const output = roster([
      "Employee ID,Work Email,Manager",
      "1001,team@northwind.com,",
      "1002,team@northwind.com,",
      "1003,dev@northwind.com,team@northwind.com",
    ]);

    // Assess
    expect(people(output).find((p) => p.employeeId === "1003")?.managerId).toBe("team@northwind.com");
    expect(output.warnings?.map((w) => w.reason)).toEqual([
      expect.stringMatching(/^1 person's manager names no single person/),
    ]);
  });
});
