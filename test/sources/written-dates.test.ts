import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { timeParserFor } from "../../functions/fast/iso-time-parser.ts";
import { withWrittenDates, writtenDateHint } from "../../functions/sources/written-dates.ts";
import { accounts, parseCsvText, parseJsonSourceText, people } from "../support/parsed-records.ts";

const ZONE = "America/New_York";
const written = withWrittenDates(timeParserFor(ZONE));
const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

describe("dates written out, read whatever the source's dateOrder", () => {
  it.each([
    ["2025/01/15", "2025-01-15"],
    ["2025/1/5", "2025-01-05"],
    ["15-Jan-2025", "2025-01-15"],
    ["5-jan-2025", "2025-01-05"],
    ["15 January 2025", "2025-01-15"],
    ["29 FEB 2024", "2024-02-29"],
    ["Jan 15, 2025", "2025-01-15"],
    ["Jan. 15 2025", "2025-01-15"],
    ["Sept 3, 2025", "2025-09-03"],
    ["January 15, 2025", "2025-01-15"],
    ["2025-01-15", "2025-01-15"],
  ])("reads %s as %s", (text, date) => {
    expect(written.date(text)).toBe(date);
  });

  it.each([
    ["2025/01/15 17:30:00", "2025-01-15T22:30:00.000Z"],
    ["2025/01/15 5:30 PM", "2025-01-15T22:30:00.000Z"],
    ["15-Jan-2025 17:30", "2025-01-15T22:30:00.000Z"],
    ["Jan 15, 2025, 5:30:15 PM", "2025-01-15T22:30:15.000Z"],
    ["January 15, 2025 at 12:05 a.m.", "2025-01-15T05:05:00.000Z"],
    ["Jul 4, 2025 9:00 AM", "2025-07-04T13:00:00.000Z"],
    ["2025-01-15 17:30:00 UTC", "2025-01-15T17:30:00.000Z"],
    ["2025-01-15T17:30 GMT", "2025-01-15T17:30:00.000Z"],
    ["Jan 15, 2025 5:30 PM UTC", "2025-01-15T17:30:00.000Z"],
    ["2025/01/15 17:30:00 utc", "2025-01-15T17:30:00.000Z"],
  ])("reads the timestamp %s in the org's zone as %s", (text, instant) => {
    expect(new Date(written.instant(text) as number).toISOString()).toBe(instant);
  });

  it.each([
    ["15-Jan-25", "a two-digit year names no century"],
    ["2025/15/01", "year, day, month is no one's order"],
    ["Feb 30, 2025", "no February 30th"],
    ["15-Foo-2025", "no month's name in any language read"],
    ["15-Jan 2025", "two different separators"],
    ["Jan 15, 2025 5:30 PM EST", "a zone abbreviation names several offsets"],
    ["Jan 15, 2025 13:30 PM", "no 13 PM"],
    ["Mon, Jan 15, 2025", "a weekday"],
    ["2025-01-15 UTC", "a day is not an instant"],
    ["2025-01-15 17:30:00 CET", "a zone abbreviation other than UTC"],
  ])("refuses %s (%s)", (text) => {
    expect(written.date(text)).toBeUndefined();
    expect(written.instant(text)).toBeUndefined();
  });

  it("says what to change when a written-out date has a two-digit year", () => {
    expect(writtenDateHint("15-Jan-25")).toBe(
      "a two-digit year names no century: have the export write four digits (in Excel, the date format d-mmm-yyyy)",
    );
    expect(writtenDateHint("15 Jan 25 17:30")).toBeDefined();
    expect(writtenDateHint("15-Jan-2025x")).toBeUndefined();
    expect(writtenDateHint("yesterday")).toBeUndefined();
  });

  it("reads any day written with its month's name or year first as the same day as its ISO form", () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("1900-01-01T00:00:00Z"),
          max: new Date("2099-12-31T00:00:00Z"),
          noInvalidDate: true,
        }),
        fc.boolean(),
        fc.boolean(),
        (day, abbreviated, padded) => {
          const expected = day.toISOString().slice(0, 10);
          const [y, m, d] = expected.split("-") as [string, string, string];
          const full = MONTH_NAMES[Number(m) - 1] as string;
          const month = abbreviated ? full.slice(0, 3) : full;
          const dayOfMonth = padded ? d : String(Number(d));
          expect(written.date(`${dayOfMonth}-${month}-${y}`)).toBe(expected);
          expect(written.date(`${dayOfMonth} ${month} ${y}`)).toBe(expected);
          expect(written.date(`${month} ${dayOfMonth}, ${y}`)).toBe(expected);
          expect(written.date(`${y}/${padded ? m : Number(m)}/${dayOfMonth}`)).toBe(expected);
        },
      ),
      { numRuns: 500, seed: 7 },
    );
  });
});

function roster(text: string, columns: Record<string, string>) {
  return parseCsvText(text, "roster", columns, { zone: ZONE });
}

describe("sources that write dates out", () => {
  it("reads a roster with Excel's d-mmm-yyyy dates and no dateOrder", () => {
    // Prepare
    const text = [
      "Employee ID,Email,Hire Date,Termination Date,Terminated At",
      "1001,ana@northwind.com,3-Mar-2019,,",
      "1002,ben@northwind.com,15-Jan-2018,30-Oct-2026,30-Oct-2026 17:45",
    ].join("\r\n");

    // Act
    const output = roster(text, {
      employeeId: "Employee ID",
      email: "Email",
      hireDate: "Hire Date",
      terminationDate: "Termination Date",
      terminatedAt: "Terminated At",
    });

    // Assess
    expect(output.warnings ?? []).toEqual([]);
    expect(people(output)).toEqual([
      expect.objectContaining({ employeeId: "1001", hireDate: "2019-03-03" }),
      expect.objectContaining({
        employeeId: "1002",
        hireDate: "2018-01-15",
        terminationDate: "2026-10-30",
        terminatedAt: Date.parse("2026-10-30T21:45:00Z"),
      }),
    ]);
  });

  it("drops a date with a two-digit year with a warning saying how to export it, and keeps the person", () => {
    // Act
    const output = roster("Employee ID,Email,Hire Date\r\n1001,ana@northwind.com,3-Mar-19\r\n", {
      employeeId: "Employee ID",
      email: "Email",
      hireDate: "Hire Date",
    });

    // Assess
    expect(people(output)).toEqual([expect.objectContaining({ employeeId: "1001", hireDate: undefined })]);
    expect(output.warnings?.map((w) => `${w.record}: ${w.field}: ${w.reason}`)).toEqual([
      expect.stringMatching(/^line 2: Hire Date: .*3-Mar-19.*two-digit year names no century/),
    ]);
  });

  it("reads a JSON export's year-first timestamps, beside a dateOrder that reads its other dates", () => {
    // Prepare
    const text = JSON.stringify([
      { id: "u1", email: "ana@northwind.com", active: true, lastLogin: "2026/11/30 08:15:00" },
      { id: "u2", email: "ben@northwind.com", active: false, lastLogin: "11/29/2026 8:15 AM" },
    ]);

    // Act
    const output = parseJsonSourceText(
      text,
      "accounts",
      { accountId: "id", email: "email", enabled: "active", lastLoginAt: "lastLogin" },
      { zone: ZONE, source: { dateOrder: "MDY" } },
    );

    // Assess
    expect(accounts(output).map((a) => new Date(a.lastLoginAt as number).toISOString())).toEqual([
      "2026-11-30T13:15:00.000Z",
      "2026-11-29T13:15:00.000Z",
    ]);
  });
});
