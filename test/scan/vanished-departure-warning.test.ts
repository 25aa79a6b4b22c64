import { describe, expect, it } from "vitest";
import type { VanishedKind } from "../../functions/core/vanished-departures.ts";
import { vanishedDepartureWarnings } from "../../functions/scan/vanished-departure-warning.ts";

const departure = (n: number, kind: VanishedKind = "undated") => ({
  employeeId: `E${n}`,
  kind,
  departedAt: `2026-10-0${n}T04:00:00.000Z`,
  ...(n % 2 === 0 ? { terminationDate: `2026-10-0${n - 1}` } : {}),
});

describe("vanishedDepartureWarnings", () => {
  it("names three people with the departure the last scan read, counts the rest, and says how to accept", () => {
    // Act
    const warnings = vanishedDepartureWarnings(
      [1, 2, 3, 4, 5, 6, 7].map((n) => departure(n)),
      "hr",
      undefined,
    );

    // Assess
    expect(warnings).toEqual([
      "7 leavers of the last scan show no departure now (no termination date, no later hire date): " +
        "E1 (left 2026-10-01T04:00:00.000Z), E2 (last day 2026-10-01), E3 (left 2026-10-03T04:00:00.000Z) and 4 more. " +
        "Their findings stay open until the date returns or the change is accepted (--accept-source-change hr --by WHO --reason TEXT).",
    ]);
    // The report shows a warning's first 600 characters.
    expect(warnings[0]?.length).toBeLessThan(600);
  });

  it("says who accepted the change, and that the findings resolve", () => {
    // Act
    const warnings = vanishedDepartureWarnings([departure(2)], "workday", {
      by: "ana",
      reason: 'rescinded "by mistake"',
    });

    // Assess
    expect(warnings).toEqual([
      "1 leaver of the last scan shows no departure now (no termination date, no later hire date): E2 (last day 2026-10-01). " +
        'Accepted by ana ("rescinded \\"by mistake\\""): they count as staff, and their findings resolve.',
    ]);
  });

  it("warns apart about leavers no longer on the roster, first, and says what to do when HR purged them", () => {
    // Prepare: four leavers purged, one whose date is gone
    const vanished = [
      departure(1, "removed"),
      departure(2),
      departure(3, "removed"),
      departure(5, "removed"),
      departure(7, "removed"),
    ];

    // Act
    const warnings = vanishedDepartureWarnings(vanished, "hr", undefined);

    // Assess
    expect(warnings).toEqual([
      "4 leavers of the last scan are no longer on the roster: " +
        "E1 (left 2026-10-01T04:00:00.000Z), E3 (left 2026-10-03T04:00:00.000Z), E5 (left 2026-10-05T04:00:00.000Z) and 1 more. " +
        "Their findings stay open, and their accounts are not called orphans, until they are listed again or the change is accepted. " +
        "If HR purged them on purpose (after a retention period, say), accept it once (--accept-source-change hr --by WHO --reason TEXT).",
      "1 leaver of the last scan shows no departure now (no termination date, no later hire date): E2 (last day 2026-10-01). " +
        "Their findings stay open until the date returns or the change is accepted (--accept-source-change hr --by WHO --reason TEXT).",
    ]);
    // Whole in the report even with long ids: it shows a warning's first 600 characters.
    const long = vanishedDepartureWarnings(
      [1, 3, 5, 7].map((n) => ({ ...departure(n, "removed"), employeeId: `${"x".repeat(40)}${n}` })),
      "workday-hr-report",
      undefined,
    );
    expect(long[0]?.length).toBeLessThan(600);
  });

  it("says who accepted the purge, and that the leavers' findings resolve", () => {
    // Act
    const warnings = vanishedDepartureWarnings([departure(2, "removed")], "hr", {
      by: "maria.lopez",
      reason: "7-year retention purge",
    });

    // Assess
    expect(warnings).toEqual([
      "1 leaver of the last scan is no longer on the roster: E2 (last day 2026-10-01). " +
        'Accepted by maria.lopez ("7-year retention purge"): their findings resolve, and their accounts still enabled become orphan accounts.',
    ]);
  });

  it("says nothing when no departure vanished", () => {
    // Act
    const warnings = vanishedDepartureWarnings([], "hr", undefined);

    // Assess
    expect(warnings).toEqual([]);
  });
});
