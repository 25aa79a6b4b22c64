import { describe, expect, it } from "vitest";
import { AGE_BUCKETS, ageBucketIndex } from "../../reports/finding-age.ts";

const NOW = Date.parse("2024-06-01T06:00:00.000Z");
const DAY = 24 * 60 * 60 * 1000;

function bucketOf(firstSeenAt: number | undefined): string | undefined {
  return AGE_BUCKETS[ageBucketIndex(firstSeenAt, NOW)];
}

describe("ageBucketIndex", () => {
  it.each([
    [0, "< 7 days"],
    [7 * DAY - 1, "< 7 days"],
    [7 * DAY, "7–30 days"],
    [30 * DAY - 1, "7–30 days"],
    [30 * DAY, "30–90 days"],
    [90 * DAY - 1, "30–90 days"],
    [90 * DAY, "> 90 days"],
    [800 * DAY, "> 90 days"],
  ])("puts a finding open for %i ms in %s", (age, bucket) => {
    expect(bucketOf(NOW - age)).toBe(bucket);
  });

  it("counts a first sighting after the evaluation (clock skew) as new", () => {
    expect(bucketOf(NOW + DAY)).toBe("< 7 days");
  });

  it("puts findings without a first-seen instant in 'unknown'", () => {
    expect(bucketOf(undefined)).toBe("unknown");
    expect(bucketOf(Number.NaN)).toBe("unknown");
    expect(AGE_BUCKETS[ageBucketIndex(NOW, Number.NaN)]).toBe("unknown");
  });
});
