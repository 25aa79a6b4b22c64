import { describe, expect, it } from "vitest";
import { timeParserFor } from "../../functions/fast/iso-time-parser.ts";
import {
  MONTH_NAME_LOCALES,
  monthNamesAndClashes,
  monthOfName,
} from "../../functions/sources/month-names.ts";
import { withWrittenDates } from "../../functions/sources/written-dates.ts";
import { parseCsvText, people } from "../support/parsed-records.ts";

const ZONE = "Europe/Berlin";
const written = withWrittenDates(timeParserFor(ZONE));

describe("month names in the languages of European exports", () => {
  it("has no name that means two months, in any of its languages or in English", () => {
    const { names, shared } = monthNamesAndClashes(MONTH_NAME_LOCALES);
    expect([...shared]).toEqual([]);
    expect(names.size).toBeGreaterThan(150);
  });

  it.each([
    ["März", 3],
    ["Mrz", 3],
    ["févr.", 2],
    ["FEVR", 2],
    ["août", 8],
    ["enero", 1],
    ["gen", 1],
    ["março", 3],
    ["mrt", 3],
    ["mei", 5],
    ["okt", 10],
    ["października", 10],
    ["března", 3],
    ["Jän", 1],
  ])("reads %s as month %d", (name, month) => {
    expect(monthOfName(name)).toBe(month);
  });

  it("reads every day of a year as each language's Intl writes it, long and short", () => {
    const misread: string[] = [];
    for (const locale of MONTH_NAME_LOCALES) {
      for (const month of ["long", "short"] as const) {
        const format = new Intl.DateTimeFormat(locale, {
          day: "numeric",
          month,
          year: "numeric",
          timeZone: "UTC",
        });
        for (let day = 0; day < 365; day++) {
          const date = new Date(Date.UTC(2025, 0, 1 + day));
          const text = format.format(date);
          // Some languages' short form is all numbers (`15. 3. 2025`): dateOrder's, not this.
          if (!/\p{L}/u.test(text)) continue;
          const expected = date.toISOString().slice(0, 10);
          if (written.date(text) !== expected) misread.push(`${locale} ${JSON.stringify(text)}`);
        }
      }
    }
    expect(misread).toEqual([]);
  });

  it.each([
    ["15. März 2025", "2025-03-15"],
    ["15-Mrz-2025", "2025-03-15"],
    ["1er janvier 2025", "2025-01-01"],
    ["15-janv.-2025", "2025-01-15"],
    ["15 de enero de 2025", "2025-01-15"],
    ["15 mrt 2025", "2025-03-15"],
  ])("reads %s", (text, date) => {
    expect(written.date(text)).toBe(date);
  });

  it("reads a German roster's written-out dates, with the time in the org's zone", () => {
    // Act
    const output = parseCsvText(
      "Personalnummer;E-Mail;Eintritt;Austritt\r\n1001;ana@acme.de;1. März 2019;31. Oktober 2026 17:30\r\n",
      "roster",
      { employeeId: "Personalnummer", email: "E-Mail", hireDate: "Eintritt", terminatedAt: "Austritt" },
      { zone: ZONE },
    );

    // Assess
    expect(output.warnings ?? []).toEqual([]);
    expect(people(output)).toEqual([
      expect.objectContaining({
        employeeId: "1001",
        hireDate: "2019-03-01",
        terminatedAt: Date.parse("2026-10-31T16:30:00Z"),
      }),
    ]);
  });
});
