import { describe, expect, it } from "vitest";
import { vanishedDepartureWarning } from "../../functions/scan/vanished-departure-warning.ts";

const departure = (n: number) => ({
  employeeId: `E${n}`,
  departedAt: `2026-10-0${n}T04:00:00.000Z`,
  ...(n % 2 === 0 ? { terminationDate: `2026-10-0${n - 1}` } : {}),
});

describe("vanishedDepartureWarning", () => {
  it("names three people with the departure the last scan read, counts the rest, and says how to accept", () => {
    // Act
    const warning = vanishedDepartureWarning([1, 2, 3, 4, 5, 6, 7].map(departure), "hr", undefined);

    // Assess
    expect(warning).toBe(
      "7 leavers of the last scan show no departure now (no termination date, no later hire date): " +
        "E1 (left 2026-10-01T04:00:00.000Z), E2 (last day 2026-10-01), E3 (left 2026-10-03T04:00:00.000Z) and 4 more. " +
        "Their findings stay open until the date returns or the change is accepted (--accept-source-change hr --by WHO --reason TEXT).",
    );
    // The report shows a warning's first 600 characters.
    expect(warning.length).toBeLessThan(600);
  });

  it("says who accepted the change, and that the findings resolve", () => {
    // Act
    const warning = vanishedDepartureWarning([departure(2)], "workday", {
      by: "ana",
      reason: 'rescinded "by mistake"',
    });

    // Assess
    expect(warning).toBe(
      "1 leaver of the last scan shows no departure now (no termination date, no later hire date): E2 (last day 2026-10-01). " +
        'Accepted by ana ("rescinded \\"by mistake\\""): they count as staff, and their findings resolve.',
    );
  });
});
