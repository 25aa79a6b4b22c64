import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import {
  addDays,
  isoMillis,
  isoSalesforce,
  isoSeconds,
  isoUtcOffset,
  snipeItFormatted,
  ZoneClock,
} from "../../cli/generate/time-format.ts";

describe("export timestamp formats", () => {
  it("match Date#toISOString in each system's variant", () => {
    // Prepare
    const ms = Date.parse("2026-03-08T06:59:58.123Z");

    // Act
    const formats = [isoMillis(ms), isoSeconds(ms), isoUtcOffset(ms), isoSalesforce(ms)];

    // Assess
    expect(formats).toEqual([
      "2026-03-08T06:59:58.123Z",
      "2026-03-08T06:59:58Z",
      "2026-03-08T06:59:58+00:00",
      "2026-03-08T06:59:58.123+0000",
    ]);
  });

  it("write wall-clock times in the org zone across a DST change, as luxon does", () => {
    // Prepare
    const clock = new ZoneClock("America/New_York");
    const start = Date.parse("2026-03-08T05:00:00Z");

    // Act / Assess: every 20 minutes through the spring-forward night
    for (let ms = start; ms < start + 6 * 3_600_000; ms += 20 * 60_000) {
      const expected = DateTime.fromMillis(ms, { zone: "America/New_York" });
      expect(clock.wallTime(ms)).toBe(expected.toFormat("yyyy-MM-dd HH:mm:ss"));
      expect(clock.isoWithOffset(ms)).toBe(expected.toISO({ suppressMilliseconds: true }));
    }
  });

  it("count calendar days and day boundaries in the zone", () => {
    // Prepare
    const clock = new ZoneClock("America/New_York");

    // Act
    const end = clock.endOfDay("2026-11-25");

    // Assess
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
    expect(new Date(end).toISOString()).toBe("2026-11-26T05:00:00.000Z");
    expect(clock.date(end - 1)).toBe("2026-11-25");
    expect(snipeItFormatted("2026-11-26 00:05:09")).toBe("2026-11-26 12:05 AM");
    expect(snipeItFormatted("2026-11-26 13:45:00")).toBe("2026-11-26 01:45 PM");
  });
});
