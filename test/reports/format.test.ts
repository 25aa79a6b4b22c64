import { describe, expect, it } from "vitest";
import { formatDuration, formatInstantInZone, formatMoney, truncate } from "../../reports/format.ts";

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

describe("formatMoney / formatDuration / truncate", () => {
  it("formats money with two decimals and grouping", () => {
    expect(formatMoney(123456.5)).toBe("123,456.50");
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
