import { describe, expect, it } from "vitest";
import { judgeSource, shrinkPercent } from "../../functions/core/source-health.ts";

const POLICY = { maxSourceShrinkPercent: 20, maxRejectedPercent: 5 };

describe("judgeSource", () => {
  it("finds a source healthy within the thresholds", () => {
    // Act
    const verdict = judgeSource({ records: 81, rejected: 4, previousRecords: 100 }, POLICY);

    // Assess
    expect(verdict).toEqual({ suspect: false, reasons: [] });
  });

  it("calls an empty source suspect when the last successful collection had records", () => {
    // Act
    const verdict = judgeSource({ records: 0, rejected: 0, previousRecords: 12 }, POLICY);

    // Assess
    expect(verdict).toEqual({
      suspect: true,
      reasons: ["returned 0 records where its last successful collection had 12"],
    });
  });

  it("calls a source suspect that shrank by more than maxSourceShrinkPercent", () => {
    // Act
    const verdict = judgeSource({ records: 79, rejected: 0, previousRecords: 100 }, POLICY);

    // Assess
    expect(verdict.reasons).toEqual([
      "shrank by 21.0% (from 100 to 79 records) since its last successful collection, more than maxSourceShrinkPercent (20%)",
    ]);
  });

  it("calls a source suspect that rejected more than maxRejectedPercent of what it read, history or not", () => {
    // Act
    const verdict = judgeSource({ records: 94, rejected: 6 }, POLICY);

    // Assess
    expect(verdict.reasons).toEqual(["rejected 6 of 100 records (6.0%), more than maxRejectedPercent (5%)"]);
  });

  it("names every check that tripped", () => {
    // Act
    const verdict = judgeSource({ records: 10, rejected: 10, previousRecords: 100 }, POLICY);

    // Assess
    expect(verdict.reasons).toHaveLength(2);
  });

  it("has nothing to compare an empty source with on its first collection", () => {
    // Act
    const verdict = judgeSource({ records: 0, rejected: 0 }, POLICY);

    // Assess
    expect(verdict.suspect).toBe(false);
  });

  it("measures growth as a negative shrink", () => {
    expect(shrinkPercent(100, 120)).toBe(-20);
    expect(shrinkPercent(0, 5)).toBe(0);
  });
});
