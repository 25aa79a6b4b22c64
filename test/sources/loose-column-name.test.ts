import { describe, expect, it } from "vitest";
import { looseColumnName } from "../../functions/sources/loose-column-name.ts";
import { formatFailure, parseCsvText, people } from "../support/parsed-records.ts";

const COLUMNS = { employeeId: "Employee ID", email: "Work Email", hireDate: "Hire Date" };

describe("header names that look like the config's and are not written the same", () => {
  it.each([
    ["Employee\u00a0ID", "a no-break space"],
    ["Employee  ID", "two spaces"],
    ["Employee\nID", "a heading wrapped onto two lines"],
    ["Employee ID\u200b", "a zero-width space after it"],
    ["\ufeffEmployee ID", "a byte order mark left in a pasted name"],
    ["EMPLOYEE ID", "another case"],
  ])("compares %j (%s) as the config's name", (name) => {
    expect(looseColumnName(name)).toBe(looseColumnName("Employee ID"));
  });

  it("reads a roster whose header was pasted from a web page and wrapped in Excel", () => {
    // Act
    const output = parseCsvText(
      'Employee\u00a0ID,Work  Email,"Hire\r\nDate"\r\n1001,ana@acme.com,2019-03-01\r\n',
      "roster",
      COLUMNS,
    );

    // Assess
    expect(output.rejected).toEqual([]);
    expect(people(output)).toEqual([
      expect.objectContaining({ employeeId: "1001", email: "ana@acme.com", hireDate: "2019-03-01" }),
    ]);
  });

  it("still refuses a name two columns share once compared so", () => {
    // Act
    const failure = formatFailure(() =>
      parseCsvText("Employee ID,Employee\u00a0ID,Work Email\r\n1001,1002,ana@acme.com\r\n", "roster", {
        employeeId: "employee id",
        email: "Work Email",
      }),
    );

    // Assess
    expect(failure).toMatch(/column "employee id" \(columns\.employeeId\) is not in the header/);
  });
});
