import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { type Calendar, isoDateInZone, plainCalendar, toIso } from "../../functions/core/time.ts";
import { CachedCalendar } from "../../functions/fast/cached-calendar.ts";

/**
 * The fast path (functions/fast/cached-calendar.ts) and the plain reference (functions/core/time.ts)
 * are held to the same expectations, and to luxon itself (ADR 0011).
 */
const CALENDARS: [string, (zone: string) => Calendar][] = [
  ["CachedCalendar (fast)", (zone) => new CachedCalendar(zone)],
  ["plainCalendar", plainCalendar],
];

describe.each(CALENDARS)("%s: zone arithmetic across DST", (_name, calendarFor) => {
  it("the day after the spring-forward day starts 23 hours after it began", () => {
    // Prepare: 2024-03-10 is the US spring-forward day
    const calendar = calendarFor("America/New_York");
    const startOf10 = calendar.startOfNextDay("2024-03-09");
    const startOf11 = calendar.startOfNextDay("2024-03-10");
    // Assess
    expect(startOf11 - startOf10).toBe(23 * 3_600_000);
    expect(isoDateInZone(startOf11, "America/New_York")).toBe("2024-03-11");
  });

  it("adds calendar days, not 24-hour blocks", () => {
    const start = Date.UTC(2024, 10, 2, 16); // 12:00 in New York, day before fall-back
    expect(calendarFor("America/New_York").plusDays(start, 1) - start).toBe(25 * 3_600_000);
  });

  it("adds calendar days exactly as Luxon does, in zones with odd offsets and DST rules", () => {
    // Prepare: instants every 7 h 13 min over two years, in and around every DST change
    const zones = [
      "America/New_York",
      "Europe/London",
      "America/St_Johns",
      "Australia/Lord_Howe",
      "Asia/Kolkata",
      "Pacific/Apia",
      "UTC",
    ];
    const from = Date.UTC(2023, 0, 1);
    const to = Date.UTC(2025, 0, 1);
    const step = 7 * 3_600_000 + 13 * 60_000;
    const mismatches: string[] = [];

    // Act
    for (const zone of zones) {
      const calendar = calendarFor(zone);
      for (let ms = from; ms < to; ms += step) {
        for (const days of [1, -1, 14, -30, 90, -365]) {
          const expected = DateTime.fromMillis(ms, { zone }).plus({ days }).toMillis();
          if (calendar.plusDays(ms, days) !== expected)
            mismatches.push(`${zone} ${new Date(ms).toISOString()} ${days}`);
        }
      }
    }

    // Assess
    expect(mismatches).toEqual([]);
  });

  it("lands on a wall-clock time that does not exist, or exists twice, as Luxon does", () => {
    const cases: [string, string, number][] = [
      ["2024-03-09T02:30:00", "America/New_York", 1], // 02:30 on 10 March is skipped
      ["2024-03-11T02:30:00", "America/New_York", -1],
      ["2024-11-02T01:30:00", "America/New_York", 1], // 01:30 on 3 November happens twice
      ["2024-03-30T01:15:00", "Europe/London", 1],
      ["2024-04-06T01:45:00", "Australia/Lord_Howe", 1], // a 30-minute change
      ["2024-10-05T02:10:00", "Australia/Lord_Howe", 1],
    ];
    for (const [wallClock, zone, days] of cases) {
      const start = DateTime.fromISO(wallClock, { zone });
      expect(calendarFor(zone).plusDays(start.toMillis(), days), `${wallClock} ${zone} ${days}`).toBe(
        start.plus({ days }).toMillis(),
      );
    }
  });
});

describe.each(CALENDARS)("%s: ISO strings", (_name, calendarFor) => {
  it("writes an instant as toIso does, again and again", () => {
    // Prepare
    const calendar = calendarFor("Europe/Berlin");
    const instants = [0, Date.UTC(2024, 1, 29, 23, 59, 59, 999), Date.UTC(1969, 11, 31, 23, 0)];

    // Act
    const twice = [...instants, ...instants].map((ms) => calendar.iso(ms));

    // Assess
    expect(twice).toEqual([...instants, ...instants].map(toIso));
  });
});
