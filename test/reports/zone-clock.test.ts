import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { formatCalendarDate, ZoneClock, zoneClock } from "../../reports/zone-clock.ts";

describe("ZoneClock", () => {
  it.each(["America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"])(
    "formats instants in %s as luxon does, across daylight-saving changes",
    (zone) => {
      // Prepare: every 7 hours over two years, so both changes of each year are crossed.
      const start = Date.parse("2024-01-01T00:00:00.000Z");
      const instants = Array.from({ length: 2_500 }, (_, i) =>
        new Date(start + i * 7 * 3_600_000).toISOString(),
      );
      const clock = new ZoneClock(zone);

      // Act
      const ours = instants.map((iso) => clock.instant(iso));

      // Assess
      const luxon = instants.map((iso) =>
        DateTime.fromISO(iso, { setZone: true }).setZone(zone).toFormat("d LLL yyyy, HH:mm ZZZZ"),
      );
      expect(ours).toEqual(luxon);
    },
  );

  it.each(["America/New_York", "Australia/Lord_Howe", "America/St_Johns", "Europe/London"])(
    "formats every minute of a switch day in %s as luxon does, and instants before 1970",
    (zone) => {
      // Prepare: every 7 minutes through the weeks of both 2025 switches, and some old instants.
      const spans = [Date.parse("2025-03-01T00:00:00Z"), Date.parse("2025-10-01T00:00:00Z")];
      const instants = spans.flatMap((start) =>
        Array.from({ length: (40 * 24 * 60) / 7 }, (_, i) => new Date(start + i * 7 * 60_000).toISOString()),
      );
      instants.push("1969-12-31T23:59:59.999Z", "1955-06-15T12:34:56.789Z", "1900-01-01T00:00:00.000Z");
      const clock = new ZoneClock(zone);

      // Act
      const ours = instants.map((iso) => clock.instant(iso));

      // Assess
      const luxon = instants.map((iso) =>
        DateTime.fromISO(iso, { setZone: true }).setZone(zone).toFormat("d LLL yyyy, HH:mm ZZZZ"),
      );
      expect(ours).toEqual(luxon);
    },
  );

  it("reads the offset an instant was written with", () => {
    expect(zoneClock("UTC").instant("2025-08-02T02:00:00+02:00")).toBe("2 Aug 2025, 00:00 UTC");
  });

  it("leaves text that is not an instant to the caller, and formats instants inside other text", () => {
    // Prepare
    const clock = zoneClock("America/New_York");

    // Act / Assess
    expect(clock.instant("2025-08-02")).toBeUndefined();
    expect(clock.instant("yesterday")).toBeUndefined();
    expect(clock.instantsIn("AKIA1: last used 2025-08-02T04:00:00.000Z")).toBe(
      "AKIA1: last used 2 Aug 2025, 00:00 EDT",
    );
  });

  it("shows ISO text for a zone the runtime does not know", () => {
    expect(new ZoneClock("Mars/Olympus").instant("2025-08-02T04:00:00.000Z")).toBe(
      "2025-08-02T04:00:00.000Z",
    );
  });
});

describe("formatCalendarDate", () => {
  it("writes a calendar day without converting it to any zone", () => {
    expect(formatCalendarDate("2025-08-01")).toBe("1 Aug 2025");
    expect(formatCalendarDate("2025-13-01")).toBeUndefined();
    expect(formatCalendarDate("1 Aug 2025")).toBeUndefined();
  });
});
