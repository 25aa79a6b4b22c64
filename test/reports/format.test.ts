import { describe, expect, it } from "vitest";
import {
  formatCompactCount,
  formatDateInZone,
  formatDeadline,
  formatDuration,
  formatElapsed,
  formatInstantInZone,
  formatInstantShort,
  formatMoney,
  formatPercent,
  truncate,
} from "../../reports/format.ts";

describe("formatInstantInZone", () => {
  it("shows the wall-clock time in the org zone, with daylight saving", () => {
    expect(formatInstantInZone("2024-06-01T06:00:00.000Z", "America/New_York")).toBe(
      "2024-06-01 02:00 EDT (America/New_York)",
    );
    expect(formatInstantInZone("2024-01-15T06:00:00Z", "America/New_York")).toBe(
      "2024-01-15 01:00 EST (America/New_York)",
    );
  });

  it("respects the offset the instant was written with", () => {
    expect(formatInstantInZone("2024-06-01T08:00:00+02:00", "UTC")).toBe("2024-06-01 06:00 UTC (UTC)");
  });

  it("shows text that is not an instant, or an unknown zone, as given", () => {
    expect(formatInstantInZone("yesterday", "America/New_York")).toBe("yesterday");
    expect(formatInstantInZone("2024-06-01T06:00:00Z", "Mars/Olympus")).toBe("2024-06-01T06:00:00Z");
  });
});

describe("formatCompactCount", () => {
  it.each([
    [0, "0"],
    [9, "9"],
    [1_234, "1,234"],
    [9_999, "9,999"],
    [12_500, "12.5K"],
    [200_000, "200K"],
    [12_345_678, "12.3M"],
    [1.5e9, "1.5B"],
    [1e15, "1000T"],
    [1e18, "1.0e+18"],
  ])("shows %d as %s: six characters at most", (count, text) => {
    expect(formatCompactCount(count)).toBe(text);
  });
});

describe("formatMoney / formatDuration / truncate", () => {
  it("formats money in the org's currency, US dollars unless told", () => {
    expect(formatMoney(123456.5)).toBe("$123,456.50");
    expect(formatMoney(238657, "EUR")).toBe("€238,657.00");
    expect(formatMoney(1234.5, "CHF")).toBe("CHF\u00a01,234.50");
    // The currency's own minor unit: yen have none.
    expect(formatMoney(5000.4, "JPY")).toBe("¥5,000");
  });

  it("formats durations in ms below a second, else seconds", () => {
    expect(formatDuration(84)).toBe("84 ms");
    expect(formatDuration(1530)).toBe("1.5 s");
  });

  it("truncates long text with an ellipsis, keeping the length limit", () => {
    expect(truncate("abcdef", 4)).toBe("abc…");
    expect(truncate("abc", 4)).toBe("abc");
  });
});

describe("formatInstantShort and formatDateInZone", () => {
  it("show the org-zone wall clock without repeating the zone name", () => {
    expect(formatInstantShort("2024-06-01T06:00:00.000Z", "America/New_York")).toBe("2024-06-01 02:00 EDT");
    expect(formatDateInZone("2024-06-01T03:00:00.000Z", "America/New_York")).toBe("2024-05-31");
  });

  it("show text that is not an instant as given", () => {
    expect(formatInstantShort("soon", "UTC")).toBe("soon");
    expect(formatDateInZone("2024-06-01T06:00:00Z", "Mars/Olympus")).toBe("2024-06-01T06:00:00Z");
  });
});

describe("formatDeadline", () => {
  it("reads a deadline at the org's midnight as the end of the day before", () => {
    expect(formatDeadline("2027-01-05T05:00:00.000Z", "America/New_York")).toBe("end of 2027-01-04 EST");
    expect(formatDeadline("2026-07-01T04:00:00.000Z", "America/New_York")).toBe("end of 2026-06-30 EDT");
  });

  it("reads any other instant as the short form", () => {
    expect(formatDeadline("2027-01-05T14:00:00.000Z", "America/New_York")).toBe("2027-01-05 09:00 EST");
    expect(formatDeadline("soon", "UTC")).toBe("soon");
  });
});

describe("formatPercent", () => {
  it("rounds down to one decimal, so nearly-all never reads as all", () => {
    expect(formatPercent(75)).toBe("75%");
    expect(formatPercent((81 / 96) * 100)).toBe("84.3%");
    expect(formatPercent(99.96)).toBe("99.9%");
  });
});

describe("formatElapsed", () => {
  it.each([
    [40 * 60_000, "+40 min"],
    [11 * 3_600_000, "+11 h"],
    [47 * 3_600_000, "+47 h"],
    [48 * 3_600_000, "+2 d"],
    [(7 * 24 + 10) * 3_600_000, "+7 d 10 h"],
    [-38 * 3_600_000, "−38 h"],
  ])("shows %i ms as %s", (ms, text) => {
    expect(formatElapsed(ms)).toBe(text);
  });
});
