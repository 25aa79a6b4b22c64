/**
 * A name kept in several columns ("First Name", "Last Name": BambooHR's and ADP's default
 * reports), joined into one field before it is read.
 */
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../functions/config/config-error.ts";
import { parseConfigText } from "../../functions/config/load-config.ts";
import type { SourceConfig } from "../../functions/config/schema.ts";
import { timeParserFor } from "../../functions/fast/iso-time-parser.ts";
import { parseJson } from "../../functions/sources/json.ts";
import { accounts, formatFailure, parseCsvText, people } from "../support/parsed-records.ts";

const time = timeParserFor("Europe/London");

function roster(text: string, columns: SourceConfig["columns"]) {
  return parseCsvText(text, "roster", columns);
}

describe("a name in several columns", () => {
  const text = [
    "Employee ID,First Name,Last Name,Work Email",
    "1001,Jane,Doe,jane.doe@northwind.com",
    "1002,Ana Lucía,de la Cruz,ana.delacruz@northwind.com",
    "1003,Prince,,prince@northwind.com",
    "1004,,,nobody@northwind.com",
  ].join("\n");
  const columns = { employeeId: "Employee ID", name: ["First Name", "Last Name"], email: "Work Email" };

  it("joins the columns' values with a space, in the order listed", () => {
    // Act
    const output = roster(text, columns);

    // Assess
    expect(people(output).map((p) => p.name)).toEqual([
      "Jane Doe",
      "Ana Lucía de la Cruz",
      "Prince",
      undefined,
    ]);
    expect(output.rejected).toEqual([]);
    expect(output.warnings ?? []).toEqual([]);
  });

  it("joins them in the order the config lists them", () => {
    // Act
    const output = roster(text, { ...columns, name: ["Last Name", "First Name"] });

    // Assess
    expect(people(output)[0]?.name).toBe("Doe Jane");
  });

  it("fails the file when a listed column is not in the header, naming it", () => {
    // Act
    const detail = formatFailure(() => roster(text, { ...columns, name: ["First Name", "Surname"] }));

    // Assess
    expect(detail).toMatch(/^line 1: column "Surname" \(columns\.name\) is not in the header/);
  });

  it("joins an account's displayName from nested keys of a JSON export, and drops a part that is not text with a warning", () => {
    // Prepare
    const source: SourceConfig = {
      id: "app",
      kind: "accounts",
      format: "json",
      path: "users.json",
      columns: {
        accountId: "id",
        email: "profile.email",
        enabled: "active",
        displayName: ["profile.firstName", "profile.lastName"],
      },
    };
    const users = [
      {
        id: "u1",
        active: true,
        profile: { email: "jane.doe@northwind.com", firstName: "Jane", lastName: "Doe" },
      },
      {
        id: "u2",
        active: true,
        profile: { email: "x@northwind.com", firstName: { given: "X" }, lastName: "Y" },
      },
    ];

    // Act
    const output = parseJson({ text: JSON.stringify(users), file: "users.json", source, time });

    // Assess
    expect(accounts(output)).toEqual([
      expect.objectContaining({ accountId: "u1", displayName: "Jane Doe" }),
      // A part that is not text is dropped with a warning, as any malformed optional value is.
      expect.objectContaining({ accountId: "u2", displayName: undefined }),
    ]);
    expect(output.warnings?.map((w) => w.reason)).toEqual([expect.stringContaining("expected text")]);
  });

  it("is a config error for a field that is not a name", () => {
    // Act
    const load = () =>
      parseConfigText(
        JSON.stringify({
          organization: "Northwind",
          sources: [
            {
              id: "hr",
              kind: "roster",
              format: "csv",
              path: "roster.csv",
              columns: { employeeId: "Employee ID", email: ["Work Email", "Personal Email"] },
            },
          ],
        }),
        "/etc/deprov/deprov.config.json",
      );

    // Assess
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(
      /\$\.sources\[0\]\.columns\.email: expected one column name; only name and displayName may list several/,
    );
  });
});
