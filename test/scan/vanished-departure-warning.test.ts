import { describe, expect, it } from "vitest";
import { vanishedDepartureWarning } from "../../functions/scan/vanished-departure-warning.ts";

const departure = (n: number) => ({
  employeeId: `E${n}`,
  departedAt: `2026-10-0${n}T04:00:00.000Z`,
  ...(n % 2 === 0 ? { terminationDate: `2026-10-0${n - 1}` } : {}),
});

describe("vanishedDepartureWarning", () => {
  it("names five people with the departure the last scan read, counts the rest, and says how to accept", () => {
    // Act
    const warning = vanishedDepartureWarning([1, 2, 3, 4, 5, 6, 7].map(departure), "hr", undefined);

    // Assess
    expect(warning).toBe(
      "7 people who had left at the last scan no longer show a departure (no termination date, and no later hire date): " +
        "E1 (left 2026-10-01T04:00:00.000Z), E2 (last day 2026-10-01), E3 (left 2026-10-03T04:00:00.000Z), " +
        "E4 (last day 2026-10-03), E5 (left 2026-10-05T04:00:00.000Z) and 2 more. " +
        "Their findings stay open: a date missing from the export is not evidence that they stayed. " +
        "If HR took these terminations back, accept the change once with --accept-source-change hr --by WHO --reason TEXT.",
    );
  });

  it("says who accepted the change, and that the findings resolve", () => {
    // Act
    const warning = vanishedDepartureWarning([departure(2)], "workday", {
      by: "ana",
      reason: 'rescinded "by mistake"',
    });

    // Assess
    expect(warning).toBe(
      "1 person who had left at the last scan no longer shows a departure (no termination date, and no later hire date): E2 (last day 2026-10-01). " +
        'The change was accepted by ana ("rescinded \\"by mistake\\""): they count as staff again, and findings about what they left behind resolve.',
    );
  });
});
