import { describe, expect, it } from "vitest";
import { slaBreaches } from "../../functions/core/sla-breaches.ts";

const LOOKBACK_START = Date.parse("2026-09-01T00:00:00Z");

describe("slaBreaches", () => {
  it("carries earlier breaches, adds this scan's and drops those that left the lookback window", () => {
    // Act
    const breaches = slaBreaches({
      previous: { E1: "2026-10-01T00:00:00.000Z", E2: "2026-08-01T00:00:00.000Z" },
      findings: [
        { rule: "late-disable", personId: "E3" },
        { rule: "dormant-account", personId: "E4" },
        { rule: "ghost-account", personId: null },
        { rule: "ghost-account", personId: "E5" },
      ],
      terminatedAt: { E3: "2026-11-01T00:00:00.000Z", E4: "2026-11-02T00:00:00.000Z" },
      lookbackStart: LOOKBACK_START,
    });

    // Assess: E2 left the window; E4's finding is no breach; E5 is not in the SLA population
    expect(breaches).toEqual({ E1: "2026-10-01T00:00:00.000Z", E3: "2026-11-01T00:00:00.000Z" });
  });

  it("knows none before the first scan", () => {
    expect(
      slaBreaches({ previous: undefined, findings: [], terminatedAt: {}, lookbackStart: LOOKBACK_START }),
    ).toEqual({});
  });
});
