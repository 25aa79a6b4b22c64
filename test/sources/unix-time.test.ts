import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { unixTimeInstant } from "../../functions/sources/unix-time.ts";
import { accounts, parseCsvText, parseJsonSourceText } from "../support/parsed-records.ts";

const JAN_15 = Date.parse("2024-01-15T17:30:00Z");

describe("timestamps written as Unix time", () => {
  it.each<[number | string, number | null]>([
    [1705339800, JAN_15],
    ["1705339800", JAN_15],
    ["1705339800.25", JAN_15 + 250],
    [1705339800.25, JAN_15 + 250],
    [1705339800000, JAN_15],
    ["1705339800000", JAN_15],
    [100_000_000, Date.parse("1973-03-03T09:46:40Z")],
    [0, null],
    ["0", null],
  ])("reads %s", (value, instant) => {
    expect(unixTimeInstant(value)).toBe(instant);
  });

  it.each<[number | string, string]>([
    [12345, "too small to be either unit after 1973"],
    ["99999999", "seconds before March 1973"],
    [20_000_000_000, "seconds past 2286, milliseconds before 1973"],
    ["20250115", "a compact date, not a count of seconds"],
    [-1705339800, "before 1970"],
    ["1705339800000.5", "a fraction of a millisecond"],
    ["1,705,339,800", "grouped digits"],
    ["0x65A56B98", "hexadecimal"],
    [Number.NaN, "not a number"],
  ])("does not read %s (%s)", (value) => {
    expect(unixTimeInstant(value)).toBeUndefined();
  });

  it("reads every second from 1973 to 2286 the same in seconds and in milliseconds", () => {
    fc.assert(
      fc.property(fc.integer({ min: 100_000_000, max: 9_999_999_999 }), (seconds) => {
        expect(unixTimeInstant(seconds)).toBe(seconds * 1000);
        expect(unixTimeInstant(String(seconds * 1000))).toBe(seconds * 1000);
      }),
      { numRuns: 1000, seed: 5 },
    );
  });
});

describe("sources that write Unix time", () => {
  it("reads a JSON export's numbers and a CSV's digits as the instants they count", () => {
    // Prepare
    const json = JSON.stringify([
      { id: "u1", email: "ana@acme.com", active: true, created: 1577836800, lastLogin: 1705339800000 },
      { id: "u2", email: "ben@acme.com", active: true, created: 1577836800, lastLogin: 0 },
    ]);
    const csv = [
      "id,email,active,created,lastLogin",
      "u1,ana@acme.com,true,1577836800,1705339800.000",
      "u2,ben@acme.com,true,1577836800,0",
    ].join("\n");
    const columns = {
      accountId: "id",
      email: "email",
      enabled: "active",
      createdAt: "created",
      lastLoginAt: "lastLogin",
    };

    // Act
    const fromJson = parseJsonSourceText(json, "accounts", columns);
    const fromCsv = parseCsvText(csv, "accounts", columns);

    // Assess
    for (const output of [fromJson, fromCsv]) {
      expect(output.warnings ?? []).toEqual([]);
      expect(output.held ?? []).toEqual([]);
      expect(accounts(output).map((a) => [a.accountId, a.createdAt, a.lastLoginAt])).toEqual([
        ["u1", Date.parse("2020-01-01T00:00:00Z"), JAN_15],
        ["u2", Date.parse("2020-01-01T00:00:00Z"), undefined],
      ]);
    }
  });

  it("still drops a date written as Unix time, with a warning: which day it meant cannot be known", () => {
    // Act
    const output = parseCsvText("Employee ID,Email,Hire Date\n1001,ana@acme.com,1577836800\n", "roster", {
      employeeId: "Employee ID",
      email: "Email",
      hireDate: "Hire Date",
    });

    // Assess
    expect(output.warnings?.map((w) => w.field)).toEqual(["Hire Date"]);
  });
});
