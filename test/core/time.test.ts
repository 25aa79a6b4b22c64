import { describe, expect, it } from "vitest";
import { isoDateInZone, plusDays, startOfNextDay, TimeParser } from "../../functions/core/time.ts";

describe("TimeParser", () => {
  const time = new TimeParser("America/New_York");

  it("reads timestamps with an offset as absolute instants", () => {
    // Act / Assess
    expect(time.instant("2024-03-11T09:15:42+00:00")).toBe(Date.UTC(2024, 2, 11, 9, 15, 42));
    expect(time.instant("2013-07-02T21:36:25.344Z")).toBe(Date.UTC(2013, 6, 2, 21, 36, 25, 344));
    expect(time.instant("2024-03-11T09:15:42+0530")).toBe(Date.UTC(2024, 2, 11, 3, 45, 42));
  });

  it("reads dates and offset-less timestamps as wall-clock time in the org zone", () => {
    // Assess: New York is UTC-5 in January, UTC-4 in July
    expect(time.instant("2024-01-15")).toBe(Date.UTC(2024, 0, 15, 5));
    expect(time.instant("2024-07-15 10:22:01")).toBe(Date.UTC(2024, 6, 15, 14, 22, 1));
  });

  it("rejects impossible dates and non-dates", () => {
    expect(time.instant("2024-02-30")).toBeUndefined();
    expect(time.instant("31/01/2024")).toBeUndefined();
    expect(time.instant("N/A")).toBeUndefined();
    expect(time.date("2023-02-29")).toBeUndefined();
  });

  it("reduces a timestamp to its calendar date in the org zone", () => {
    // 02:00 UTC on the 16th is still the 15th in New York
    expect(time.date("2024-01-16T02:00:00Z")).toBe("2024-01-15");
    expect(time.date("2024-01-16")).toBe("2024-01-16");
  });
});

describe("zone arithmetic across DST", () => {
  it("the day after the spring-forward day starts 23 hours after it began", () => {
    // Prepare: 2024-03-10 is the US spring-forward day
    const startOf10 = startOfNextDay("2024-03-09", "America/New_York");
    const startOf11 = startOfNextDay("2024-03-10", "America/New_York");
    // Assess
    expect(startOf11 - startOf10).toBe(23 * 3_600_000);
    expect(isoDateInZone(startOf11, "America/New_York")).toBe("2024-03-11");
  });

  it("adds calendar days, not 24-hour blocks", () => {
    const start = Date.UTC(2024, 10, 2, 16); // 12:00 in New York, day before fall-back
    expect(plusDays(start, 1, "America/New_York") - start).toBe(25 * 3_600_000);
  });
});
