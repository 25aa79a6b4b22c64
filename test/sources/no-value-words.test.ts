/**
 * Placeholders for "no value" in date, timestamp and number cells (`N/A`, `NULL`, `-`, MySQL's zero
 * date), read as the empty cell they stand for; a spreadsheet's `#N/A` is not one of them.
 */
import { describe, expect, it } from "vitest";
import { accounts, parseCsvText, people } from "../support/parsed-records.ts";

describe("cells that say there is no value", () => {
  it("reads N/A, NULL, None, -, (blank) and zero dates in a roster's dates as no date, without a warning or a hold", () => {
    // Prepare
    const text = [
      "Employee ID,Status,Termination Date,Terminated At,Role Changed At",
      "1,Active,N/A,n/a,-",
      "2,Active,NULL,null,--",
      "3,Active,None,(blank),NA",
      "4,Active,0000-00-00,0000-00-00 00:00:00,00/00/0000",
      "5,Terminated,2026-10-30,,",
    ].join("\n");

    // Act
    const output = parseCsvText(text, "roster", {
      employeeId: "Employee ID",
      status: "Status",
      terminationDate: "Termination Date",
      terminatedAt: "Terminated At",
      roleChangedAt: "Role Changed At",
    });

    // Assess
    expect(people(output).map((p) => [p.terminationDate, p.terminatedAt, p.roleChangedAt])).toEqual([
      [undefined, undefined, undefined],
      [undefined, undefined, undefined],
      [undefined, undefined, undefined],
      [undefined, undefined, undefined],
      ["2026-10-30", undefined, undefined],
    ]);
    expect(output.warnings ?? []).toEqual([]);
    expect(output.held ?? []).toEqual([]);
  });

  it("keeps the status safeguard: a leaver whose date is N/A is kept with an unknown departure and held", () => {
    // Act
    const output = parseCsvText("Employee ID,Status,Termination Date\n1,Terminated,N/A\n", "roster", {
      employeeId: "Employee ID",
      status: "Status",
      terminationDate: "Termination Date",
    });

    // Assess
    expect(output.warnings?.map((w) => w.reason)).toEqual([
      expect.stringContaining("kept with an unknown departure"),
    ]);
    expect(output.held).toEqual(["person:1"]);
  });

  it("reads a cost of N/A or - as no cost, but a spreadsheet's #N/A in a date as malformed, holding its record", () => {
    // Act
    const output = parseCsvText("id,cost,lastLogin\nu1,N/A,#N/A\nu2,-,2026-11-30T08:15:00Z\n", "accounts", {
      accountId: "id",
      monthlyCost: "cost",
      lastLoginAt: "lastLogin",
    });

    // Assess
    expect(accounts(output).map((a) => a.monthlyCost)).toEqual([undefined, undefined]);
    expect(output.warnings?.map((w) => `${w.record}: ${w.reason}`)).toEqual([
      expect.stringMatching(/^line 2: expected an ISO 8601 timestamp, got "#N\/A"/),
    ]);
    expect(output.held).toEqual(["account:u1"]);
  });
});
