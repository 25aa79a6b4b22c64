import { describe, expect, it } from "vitest";
import { TimeParser } from "../../functions/core/time.ts";
import { WallClockInstants } from "../../functions/sources/wall-clock-instants.ts";

/** Every 7 minutes 13 seconds across `days` days from `start`, as Snipe-IT writes them. */
function wallClockTimes(start: string, days: number): string[] {
  const times: string[] = [];
  const from = Date.parse(`${start}T00:00:00Z`);
  for (let ms = from; ms < from + days * 86_400_000; ms += 433_000) {
    times.push(new Date(ms).toISOString().slice(0, 19).replace("T", " "));
  }
  return times;
}

describe("WallClockInstants", () => {
  it.each([
    ["America/New_York", "2024-03-09"],
    ["America/New_York", "2024-11-02"],
    ["Europe/Berlin", "2024-03-30"],
    ["Australia/Lord_Howe", "2024-04-06"],
    ["America/Santiago", "2024-09-07"],
    ["UTC", "2024-02-28"],
  ])("agrees with TimeParser in %s around %s, DST changes included", (zone, start) => {
    // Prepare
    const times = wallClockTimes(start, 3);
    const reference = new TimeParser(zone);
    const fast = new WallClockInstants(new TimeParser(zone));

    // Act
    const mismatches = times.filter((text) => fast.instant(text) !== reference.instant(text));

    // Assess
    expect(mismatches).toEqual([]);
  });

  it("reads minutes without seconds and the T separator", () => {
    // Prepare
    const fast = new WallClockInstants(new TimeParser("America/New_York"));

    // Act
    const results = [fast.instant("2024-01-15 10:22"), fast.instant("2024-01-15T10:22:00")];

    // Assess
    expect(results).toEqual([Date.parse("2024-01-15T15:22:00Z"), Date.parse("2024-01-15T15:22:00Z")]);
  });

  it.each([
    "2024-01-15 24:00:00",
    "2024-01-15 10:60:00",
    "2024-01-15 10:22:60",
    "2023-02-29 10:00:00",
    "2024-13-01 10:00:00",
    "15/01/2024 10:22",
    "",
  ])("returns undefined for %j", (text) => {
    // Prepare
    const fast = new WallClockInstants(new TimeParser("America/New_York"));

    // Act
    const result = fast.instant(text);

    // Assess
    expect(result).toBeUndefined();
  });

  it("hands timestamps with an offset to TimeParser", () => {
    // Prepare
    const fast = new WallClockInstants(new TimeParser("America/New_York"));

    // Act
    const result = fast.instant("2024-01-15T10:22:01+01:00");

    // Assess
    expect(result).toBe(Date.parse("2024-01-15T09:22:01Z"));
  });
});
