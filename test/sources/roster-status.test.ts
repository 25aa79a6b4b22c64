/**
 * Rosters as HR systems export them (SPEC §3): with or without a status column, in their own
 * words, with the same person listed twice. Departure is decided by dates; nobody is dropped for
 * a word.
 */
import { describe, expect, it } from "vitest";
import type { SourceConfig } from "../../functions/config/schema.ts";
import type { Person } from "../../functions/core/model.ts";
import { personFacts } from "../../functions/core/person-facts.ts";
import { plainCalendar } from "../../functions/core/time.ts";
import { timeParserFor } from "../../functions/fast/iso-time-parser.ts";
import { parseCsv } from "../../functions/sources/csv.ts";
import type { ParseOutput } from "../../functions/sources/parser.ts";

const ZONE = "America/New_York";
const NOW = Date.parse("2026-11-26T12:00:00Z");

function parseRoster(text: string, extra: Partial<SourceConfig> = {}): ParseOutput {
  const source: SourceConfig = { id: "hr", kind: "roster", format: "csv", path: "hr.csv", ...extra };
  return parseCsv({ text, file: "hr.csv", source, time: timeParserFor(ZONE) });
}

function people(output: ParseOutput): Person[] {
  if (output.records.kind !== "roster") throw new Error("expected a roster");
  return output.records.records;
}

describe("a roster without a status column (BambooHR and Workday reports)", () => {
  it("reads every person, and decides departure by the termination date alone", () => {
    // Prepare: a BambooHR custom report as exported, with hire and termination dates only
    const text = [
      "Employee #,First Name Last Name,Work Email,Hire Date,Termination Date,Department",
      "1001,Ana Lima,ana.lima@acme.com,2019-03-04,,Sales",
      "1002,Ben Ode,ben.ode@acme.com,2018-01-15,2026-10-30,Finance",
      "1003,Cy Park,cy.park@acme.com,2026-12-01,,Legal",
    ].join("\r\n");

    // Act
    const output = parseRoster(text, {
      columns: {
        employeeId: "Employee #",
        name: "First Name Last Name",
        email: "Work Email",
        hireDate: "Hire Date",
        terminationDate: "Termination Date",
      },
    });

    // Assess
    expect(output.rejected).toEqual([]);
    expect(output.warnings).toEqual([]);
    const roster = people(output);
    expect(roster.map((p) => [p.employeeId, p.status])).toEqual([
      ["1001", undefined],
      ["1002", undefined],
      ["1003", undefined],
    ]);
    expect(roster.map((p) => personFacts(p, NOW, plainCalendar(ZONE), 24).departed)).toEqual([
      false,
      true,
      false,
    ]);
  });
});

describe("a roster in its HR system's words", () => {
  it("keeps every person whatever the word, and counts the words it does not know", () => {
    // Prepare
    const words = [
      "Active",
      "Inactive",
      "Terminated",
      "Withdrawn",
      "Leave of Absence",
      "LOA",
      "On Leave",
      "Pre-hire",
      "Retired",
      "Deceased",
      "Sabbatical 2",
      " sabbatical 2 ",
      "Garden leave",
    ];
    const rows = words.map((word, i) => `E${i + 1},${word},${i % 2 === 0 ? "2026-01-31" : ""}`);
    const text = ["employeeId,status,terminationDate", ...rows].join("\n");

    // Act
    const output = parseRoster(text);

    // Assess
    expect(output.rejected).toEqual([]);
    expect(people(output)).toHaveLength(words.length);
    expect(people(output).map((p) => p.status)).toEqual([
      "active",
      "terminated",
      "terminated",
      "terminated",
      "leave",
      "leave",
      "leave",
      "active",
      "terminated",
      "terminated",
      "unknown",
      "unknown",
      "terminated",
    ]);
    expect(output.warnings?.filter((w) => w.field === "status")).toEqual([
      {
        record: "line 12, line 13",
        field: "status",
        reason:
          'unknown status "Sabbatical 2" on 2 records: kept with status "unknown" (departure is decided by the dates); map the word in the source\'s "statusValues" to active, terminated or leave',
      },
    ]);
  });

  it("uses the source's statusValues for its own words", () => {
    // Act
    const output = parseRoster("employeeId,status\nE1,Alumni\nE2,Contractor - Active\n", {
      statusValues: { alumni: "terminated", "Contractor - Active": "active" },
    });

    // Assess
    expect(people(output).map((p) => p.status)).toEqual(["terminated", "active"]);
    expect(output.warnings?.filter((w) => w.field === "status")).toEqual([]);
  });

  it("keeps a terminated person without a date, names them in a warning and holds their findings", () => {
    // Act
    const output = parseRoster(
      "employeeId,status,terminationDate\nE1,Terminated,\nE2,Terminated,2026-01-31\n",
    );

    // Assess
    expect(people(output).map((p) => p.employeeId)).toEqual(["E1", "E2"]);
    expect(output.warnings).toEqual([
      expect.objectContaining({
        record: "line 2",
        field: "terminationDate",
        reason: expect.stringContaining("kept with an unknown departure"),
      }),
    ]);
    expect(output.held).toEqual(["person:E1"]);
  });
});

describe("a roster that lists a person twice", () => {
  const rehire = "E7,Rehired Person,2025-02-01,";
  const old = "E7,Rehired Person,2015-06-01,2024-12-31";

  it.each([
    ["the old row first", [old, rehire], "line 2"],
    ["the new row first", [rehire, old], "line 3"],
  ])("keeps the row with the later hire date (%s) and reports the other", (_order, rows, loser) => {
    // Act
    const output = parseRoster(["employeeId,name,hireDate,terminationDate", ...rows].join("\n"));

    // Assess
    expect(people(output)).toEqual([expect.objectContaining({ employeeId: "E7", hireDate: "2025-02-01" })]);
    expect(output.rejected).toEqual([
      {
        record: loser,
        field: "employeeId",
        reason: expect.stringMatching(
          /^duplicate "E7": the row at line \d is used instead \(its hire date 2025-02-01 is later than 2015-06-01\)$/,
        ),
      },
    ]);
  });

  it("settles a tie in hire dates by content, whatever the order of the rows", () => {
    // Prepare
    const a = "E8,Dana One,2020-01-01,dana.one@acme.com";
    const b = "E8,Dana One,2020-01-01,dana.1@acme.com";
    const header = "employeeId,name,hireDate,email";

    // Act
    const first = people(parseRoster([header, a, b].join("\n")));
    const second = people(parseRoster([header, b, a].join("\n")));

    // Assess
    expect(first).toEqual(second);
  });
});
