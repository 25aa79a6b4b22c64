import { describe, expect, it } from "vitest";
import {
  type CollectedCount,
  NO_SOURCE_COUNTS,
  nextSourceCounts,
  rosterReference,
  type SourceCounts,
} from "../../functions/core/source-counts.ts";
import { DAY_MS } from "../../functions/core/time.ts";

const ZONE = "America/New_York";
const T0 = Date.parse("2026-01-05T11:00:00Z");

function night(
  counts: SourceCounts,
  day: number,
  collected: readonly CollectedCount[],
  lookbackDays = 365,
): SourceCounts {
  return nextSourceCounts(counts, collected, {
    sourceId: "hr",
    evaluatedAt: T0 + day * DAY_MS,
    lookbackDays,
    zone: ZONE,
  });
}

function roster(records: number, extra: Partial<CollectedCount> = {}): CollectedCount {
  return { sourceId: "hr", records, successful: true, accepted: false, ...extra };
}

describe("source counts carried between scans", () => {
  it("keeps each source's last successful count, and the earlier one when it failed or was suspect", () => {
    // Prepare
    const first = night(NO_SOURCE_COUNTS, 0, [
      roster(100),
      { sourceId: "okta", records: 40, successful: true, accepted: false },
      { sourceId: "slack", records: 12, successful: true, accepted: false },
    ]);

    // Act
    const second = night(first, 1, [
      roster(101),
      { sourceId: "okta", records: 0, successful: false, accepted: false },
      { sourceId: "slack", records: 6, successful: true, accepted: true },
    ]);

    // Assess
    expect(second.sources).toEqual({ hr: 101, okta: 40, slack: 6 });
  });

  it("keeps only the roster counts that can still be the largest of a window ending later", () => {
    // Act
    let counts = NO_SOURCE_COUNTS;
    for (const [day, records] of [
      [0, 100],
      [1, 95],
      [2, 97],
      [3, 90],
    ] as const) {
      counts = night(counts, day, [roster(records)]);
    }

    // Assess: 95 is dropped once 97 comes later; the largest is still 100
    expect(counts.roster.map((r) => r.records)).toEqual([100, 97, 90]);
    expect(rosterReference(counts, T0 + 4 * DAY_MS, 365, ZONE)).toBe(100);
  });

  it("forgets roster counts older than lookbackDays", () => {
    // Prepare
    const counts = night(night(NO_SOURCE_COUNTS, 0, [roster(100)], 30), 1, [roster(90)], 30);

    // Act
    const later = rosterReference(counts, T0 + 40 * DAY_MS, 30, ZONE);
    const within = rosterReference(counts, T0 + 20 * DAY_MS, 30, ZONE);

    // Assess
    expect(within).toBe(100);
    expect(later).toBeUndefined();
  });

  it("restarts the roster window from an accepted change", () => {
    // Prepare
    const before = night(night(NO_SOURCE_COUNTS, 0, [roster(100)]), 1, [roster(95)]);

    // Act
    const after = night(before, 2, [roster(60, { accepted: true })]);

    // Assess
    expect(after.roster).toEqual([{ evaluatedAt: T0 + 2 * DAY_MS, records: 60 }]);
    expect(rosterReference(after, T0 + 3 * DAY_MS, 365, ZONE)).toBe(60);
  });

  it("leaves the roster window alone when the roster was not collected successfully", () => {
    // Prepare
    const before = night(NO_SOURCE_COUNTS, 0, [roster(100)]);

    // Act
    const after = night(before, 1, [roster(50, { successful: false })]);

    // Assess
    expect(after.roster.map((r) => r.records)).toEqual([100]);
    expect(after.sources.hr).toBe(100);
  });

  it("drops sources that are no longer configured", () => {
    // Act
    const counts = night({ sources: { hr: 1, gone: 5 }, roster: [] }, 0, [roster(1)]);

    // Assess
    expect(Object.keys(counts.sources)).toEqual(["hr"]);
  });
});
