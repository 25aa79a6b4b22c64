import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { LuxonTimeParser, type TimeParser } from "../../functions/core/time.ts";
import { IsoTimeParser } from "../../functions/fast/iso-time-parser.ts";

/**
 * The fast path (functions/fast/iso-time-parser.ts) and the plain reference (functions/core/time.ts)
 * are held to the same expectations, and to luxon itself (ADR 0011).
 */
const PARSERS: [string, (zone: string) => TimeParser][] = [
  ["IsoTimeParser (fast)", (zone) => new IsoTimeParser(zone)],
  ["LuxonTimeParser (plain)", (zone) => new LuxonTimeParser(zone)],
];

/** Every 7 minutes 13 seconds across `days` days from `start`, as Snipe-IT writes them. */
function wallClockTimes(start: string, days: number): string[] {
  const times: string[] = [];
  const from = Date.parse(`${start}T00:00:00Z`);
  for (let ms = from; ms < from + days * 86_400_000; ms += 433_000) {
    times.push(new Date(ms).toISOString().slice(0, 19).replace("T", " "));
  }
  return times;
}

describe.each(PARSERS)("%s", (_name, parserFor) => {
  const time = parserFor("America/New_York");

  it("reads timestamps with an offset as absolute instants", () => {
    // Act / Assess
    expect(time.instant("2024-03-11T09:15:42+00:00")).toBe(Date.UTC(2024, 2, 11, 9, 15, 42));
    expect(time.instant("2013-07-02T21:36:25.344Z")).toBe(Date.UTC(2013, 6, 2, 21, 36, 25, 344));
    expect(time.instant("2024-03-11T09:15:42+0530")).toBe(Date.UTC(2024, 2, 11, 3, 45, 42));
    // PostgreSQL's timestamptz: whole-hour offsets as `±HH`, microseconds.
    expect(time.instant("2025-01-15 17:30:00+00")).toBe(Date.UTC(2025, 0, 15, 17, 30));
    expect(time.instant("2025-01-15 17:30:00.123456-05")).toBe(Date.UTC(2025, 0, 15, 22, 30, 0, 123));
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

  it.each([
    "2021-02-30T10:00:00Z",
    "2023-02-29T10:00:00+01:00",
    "2024-04-31T00:00:00.000Z",
    "2024-02-30 10:00:00",
  ])("rejects %j, a day that does not exist, instead of rolling it over into March or May", (text) => {
    // Act
    const results = [time.instant(text), time.date(text)];

    // Assess
    expect(results).toEqual([undefined, undefined]);
  });

  it.each([
    "2024-01-15T24:00:00Z",
    "2024-01-15T10:60:00Z",
    "2024-01-15T10:22:60Z",
    "2024-01-15T10:22:01+24:00",
    "2024-01-15T10:22:01+05:60",
    "2024-01-15T10:22:01.1234567890Z",
    "2024-01-15T10:22:01.Z",
    "2024-01-15T10:22:01+5",
    "2024-01-15T10:22:01+053",
    "2024-01-15t10:22:01Z",
  ])("rejects %j, a time that is not one", (text) => {
    // Act
    const result = time.instant(text);

    // Assess
    expect(result).toBeUndefined();
  });

  it("reads a leap day, fractions of a second (cut to milliseconds) and a lowercase z", () => {
    // Act / Assess
    expect(time.instant("2024-02-29T23:59:59.9999Z")).toBe(Date.UTC(2024, 1, 29, 23, 59, 59, 999));
    expect(time.instant("2024-02-29 10:00:00.5-03:30")).toBe(Date.UTC(2024, 1, 29, 13, 30, 0, 500));
    expect(time.instant("2024-02-29T10:00z")).toBe(Date.UTC(2024, 1, 29, 10));
  });

  it("reduces a timestamp to its calendar date in the org zone", () => {
    // 02:00 UTC on the 16th is still the 15th in New York
    expect(time.date("2024-01-16T02:00:00Z")).toBe("2024-01-15");
    expect(time.date("2024-01-16")).toBe("2024-01-16");
  });
});

describe.each(PARSERS)("%s with wall-clock times", (_name, parserFor) => {
  it.each([
    ["America/New_York", "2024-03-09"],
    ["America/New_York", "2024-11-02"],
    ["Europe/Berlin", "2024-03-30"],
    ["Australia/Lord_Howe", "2024-04-06"],
    ["America/Santiago", "2024-09-07"],
    ["UTC", "2024-02-28"],
  ])("agrees with luxon in %s around %s, DST changes included", (zone, start) => {
    // Prepare
    const times = wallClockTimes(start, 3);
    const parser = parserFor(zone);
    const luxon = (text: string): number => DateTime.fromISO(text.replace(" ", "T"), { zone }).toMillis();

    // Act
    const mismatches = times.filter((text) => parser.instant(text) !== luxon(text));

    // Assess
    expect(mismatches).toEqual([]);
  });

  it("reads minutes without seconds and the T separator", () => {
    // Prepare
    const parser = parserFor("America/New_York");

    // Act
    const results = [parser.instant("2024-01-15 10:22"), parser.instant("2024-01-15T10:22:00")];

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
    const parser = parserFor("America/New_York");

    // Act
    const result = parser.instant(text);

    // Assess
    expect(result).toBeUndefined();
  });

  it("reads timestamps with an offset as absolute, whatever the org zone", () => {
    // Prepare
    const parser = parserFor("America/New_York");

    // Act
    const result = parser.instant("2024-01-15T10:22:01+01:00");

    // Assess
    expect(result).toBe(Date.parse("2024-01-15T09:22:01Z"));
  });
});

describe("IsoTimeParser (fast) and LuxonTimeParser (plain) on any text shaped like a timestamp", () => {
  const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, "0"));
  const timestamp = fc
    .tuple(
      fc.integer({ min: 1900, max: 2100 }),
      two(13),
      two(32),
      fc.constantFrom("T", " ", "t", ""),
      two(24),
      two(60),
      fc.option(two(60)),
      fc.option(fc.stringMatching(/^[0-9]{0,10}$/)),
      fc.constantFrom("", "Z", "z", "+05:30", "-0800", "+24:00", "+05", "-03:60"),
    )
    .map(([year, month, day, separator, hours, minutes, seconds, fraction, offset]) => {
      const date = `${year}-${month}-${day}`;
      if (separator === "") return date;
      const time = `${hours}:${minutes}${seconds === null ? "" : `:${seconds}`}${
        seconds === null || fraction === null ? "" : `.${fraction}`
      }`;
      return `${date}${separator}${time}${offset}`;
    });

  it.each(["America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"])(
    "reads the same instant and date in %s",
    (zone) => {
      // Prepare
      const fast = new IsoTimeParser(zone);
      const plain = new LuxonTimeParser(zone);

      // Act / Assess
      fc.assert(
        fc.property(timestamp, (text) => {
          expect([fast.instant(text), fast.date(text)]).toEqual([plain.instant(text), plain.date(text)]);
        }),
        { numRuns: 3000, seed: 14 },
      );
    },
  );
});
