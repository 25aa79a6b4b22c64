import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { timeParserFor } from "../../functions/fast/iso-time-parser.ts";
import { dateOrderHint, withDateOrder } from "../../functions/sources/date-order.ts";

const ZONE = "America/New_York";
const iso = timeParserFor(ZONE);
const mdy = withDateOrder(iso, "MDY");
const dmy = withDateOrder(iso, "DMY");

describe("dateOrder: dates as regional exports write them", () => {
  it.each([
    ["01/15/2025", "2025-01-15"],
    ["1/5/2025", "2025-01-05"],
    ["12/31/1999", "1999-12-31"],
    ["02/29/2024", "2024-02-29"],
    ["01-15-2025", "2025-01-15"],
    ["2025-01-15", "2025-01-15"],
  ])("MDY reads %s as %s", (text, date) => {
    expect(mdy.date(text)).toBe(date);
  });

  it.each([
    ["15.01.2025", "2025-01-15"],
    ["5.1.2025", "2025-01-05"],
    ["15/01/2025", "2025-01-15"],
    ["2025-01-15", "2025-01-15"],
  ])("DMY reads %s as %s", (text, date) => {
    expect(dmy.date(text)).toBe(date);
  });

  it.each([
    ["13/01/2025", "no 13th month"],
    ["02/30/2025", "no February 30th"],
    ["02/29/2025", "2025 is not a leap year"],
    ["01/15/25", "a two-digit year names no century"],
    ["01/15.2025", "two different separators"],
    ["01/15/2025 25:00", "no hour 25"],
    ["01/15/2025 13:00 PM", "no 13 PM"],
    ["01/15/2025 0:30 AM", "no hour 0 on a 12-hour clock"],
    ["January 15, 2025", "a month name"],
  ])("MDY refuses %s (%s)", (text) => {
    expect(mdy.date(text)).toBeUndefined();
    expect(mdy.instant(text)).toBeUndefined();
  });

  it.each([
    ["01/15/2025 17:30", "2025-01-15T22:30:00.000Z"],
    ["1/15/2025 5:30 PM", "2025-01-15T22:30:00.000Z"],
    ["1/15/2025 5:30:15 pm", "2025-01-15T22:30:15.000Z"],
    ["1/15/2025, 5:30 p.m.", "2025-01-15T22:30:00.000Z"],
    ["1/15/2025 12:05 AM", "2025-01-15T05:05:00.000Z"],
    ["1/15/2025 12:05 PM", "2025-01-15T17:05:00.000Z"],
    ["07/04/2025 09:00", "2025-07-04T13:00:00.000Z"],
    ["01/15/2025", "2025-01-15T05:00:00.000Z"],
    ["2025-01-15T17:30:00Z", "2025-01-15T17:30:00.000Z"],
  ])("MDY reads the timestamp %s in the org's zone as %s", (text, instant) => {
    expect(new Date(mdy.instant(text) as number).toISOString()).toBe(instant);
  });

  it("reads a timestamp's date in the org's zone", () => {
    expect(dmy.date("31.12.2025 23:30")).toBe("2025-12-31");
  });

  it("is the ISO reader itself without an order, or with YMD", () => {
    expect(withDateOrder(iso, undefined)).toBe(iso);
    expect(withDateOrder(iso, "YMD")).toBe(iso);
    expect(iso.date("01/15/2025")).toBeUndefined();
  });

  it("reads any day written month first or day first as the same day as its ISO form", () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("1900-01-01T00:00:00Z"),
          max: new Date("2099-12-31T00:00:00Z"),
          noInvalidDate: true,
        }),
        fc.constantFrom("/", ".", "-"),
        fc.boolean(),
        (day, separator, padded) => {
          const [y, m, d] = day.toISOString().slice(0, 10).split("-") as [string, string, string];
          const unpad = (part: string) => (padded ? part : String(Number(part)));
          const month = unpad(m);
          const dayOfMonth = unpad(d);
          const expected = `${y}-${m}-${d}`;
          expect(mdy.date([month, dayOfMonth, y].join(separator))).toBe(expected);
          expect(dmy.date([dayOfMonth, month, y].join(separator))).toBe(expected);
        },
      ),
      { numRuns: 500, seed: 7 },
    );
  });
});

describe("dateOrderHint", () => {
  it("says which setting reads a day-and-month date when the source has none", () => {
    expect(dateOrderHint("05/03/2023", undefined)).toBe(
      'for dates written as month/day/year or day/month/year, set "dateOrder": "MDY" or "DMY" on the source',
    );
    expect(dateOrderHint("05.03.2023", "YMD")).toContain("month.day.year or day.month.year");
  });

  it("says what the source's order expects when a value does not fit it", () => {
    expect(dateOrderHint("13/01/2025", "MDY")).toBe(
      'the source\'s "dateOrder" is "MDY": month/day/year, a four-digit year, and an optional time such as 17:30 or 5:30 PM',
    );
  });

  it("has nothing to add about values that are no day-and-month date", () => {
    expect(dateOrderHint("yesterday", undefined)).toBeUndefined();
    expect(dateOrderHint("2025-13-01", "MDY")).toBeUndefined();
  });
});
