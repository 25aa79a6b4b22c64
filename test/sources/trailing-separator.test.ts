/**
 * Files whose data lines end with a separator the header line lacks (`1001,ana@…,Sales,` under
 * `Employee ID,Email,Department,Termination Date`), read by both CSV readers: the fast one for
 * text without quotes, and csv-parse for text with them.
 */
import { describe, expect, it } from "vitest";
import { parseCsvText, people } from "../support/parsed-records.ts";

const COLUMNS = {
  employeeId: "Employee ID",
  email: "Email",
  department: "Department",
  terminationDate: "Termination Date",
};
const HEADER = "Employee ID,Email,Department,Termination Date";

function roster(lines: readonly string[]) {
  return parseCsvText(`${lines.join("\r\n")}\r\n`, "roster", COLUMNS);
}

/** The same lines with one field quoted, so that csv-parse reads them rather than the fast reader. */
function quoted(lines: readonly string[]): string[] {
  return lines.map((line, i) =>
    i === 1 ? `"${line.slice(0, line.indexOf(","))}"${line.slice(line.indexOf(","))}` : line,
  );
}

describe.each([
  ["without quotes (the fast reader)", (lines: readonly string[]) => [...lines]],
  ["with quotes (csv-parse)", quoted],
])("data lines that end with a separator, %s", (_, shape) => {
  it("reads every row as the header's columns", () => {
    // Act
    const output = roster(
      shape([
        HEADER,
        "1001,ana@northwind.com,Sales,,",
        "1002,ben@northwind.com,Finance,2026-10-30,",
        "",
        "1003,cy@northwind.com,IT,",
      ]),
    );

    // Assess
    expect(output.rejected).toEqual([]);
    expect(people(output).map((p) => [p.employeeId, p.department, p.terminationDate])).toEqual([
      ["1001", "Sales", undefined],
      ["1002", "Finance", "2026-10-30"],
      ["1003", "IT", undefined],
    ]);
  });

  it("rejects a row whose field past the header holds a value, naming its line", () => {
    // Act
    const output = roster(
      shape([
        HEADER,
        "1001,ana@northwind.com,Sales,,",
        "1002,ben@northwind.com,Finance,2026-10-30,x",
        "1003,cy@northwind.com,IT,,",
      ]),
    );

    // Assess
    expect(people(output).map((p) => p.employeeId)).toEqual(["1001", "1003"]);
    expect(output.rejected).toEqual([
      { record: "line 3", field: "(record)", reason: "expected 4 fields (as in the header), got 5" },
    ]);
  });
});

describe("a file whose rows match the header", () => {
  it("still rejects a row with an unquoted comma in a value and an empty last column, rather than shift its values", () => {
    // Act
    const output = roster([
      HEADER,
      "1001,ana@northwind.com,Sales,",
      "1002,ben@northwind.com,Research, Development,",
      "1003,cy@northwind.com,IT,2026-10-30",
    ]);

    // Assess
    expect(people(output).map((p) => p.employeeId)).toEqual(["1001", "1003"]);
    expect(output.rejected).toEqual([
      { record: "line 3", field: "(record)", reason: "expected 4 fields (as in the header), got 5" },
    ]);
  });
});
