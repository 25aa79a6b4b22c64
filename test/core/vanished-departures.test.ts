import { describe, expect, it } from "vitest";
import type { Person } from "../../functions/core/model.ts";
import { personFacts } from "../../functions/core/person-facts.ts";
import type { PersonFacts } from "../../functions/core/scan-context.ts";
import { plainCalendar } from "../../functions/core/time.ts";
import { vanishedDepartures } from "../../functions/core/vanished-departures.ts";

const NOW = Date.UTC(2026, 10, 26, 12);
const LEFT = { departedAt: "2026-10-02T04:00:00.000Z", terminationDate: "2026-10-01" };

function roster(...people: Person[]): Map<string, PersonFacts> {
  return new Map(
    people.map((p) => [p.employeeId, personFacts(p, NOW, plainCalendar("America/New_York"), 24)]),
  );
}

describe("vanishedDepartures", () => {
  it("lists a departed person whose record now has no termination, in id order", () => {
    // Prepare
    const previous = { E2: LEFT, E1: { departedAt: "2026-09-01T15:00:00.000Z" } };
    const now = roster({ employeeId: "E1" }, { employeeId: "E2", status: "active", hireDate: "2019-04-01" });

    // Act
    const vanished = vanishedDepartures(previous, now);

    // Assess
    expect(vanished).toEqual([
      { employeeId: "E1", kind: "undated", departedAt: "2026-09-01T15:00:00.000Z" },
      { employeeId: "E2", kind: "undated", ...LEFT },
    ]);
  });

  it("lists a departed person no longer on the roster, beside one whose date is gone", () => {
    // Prepare: HR purged one leaver, and lost the other's date
    const previous = { purged: LEFT, undated: LEFT, staying: LEFT };
    const now = roster({ employeeId: "undated" }, { employeeId: "staying", terminationDate: "2026-10-01" });

    // Act
    const vanished = vanishedDepartures(previous, now);

    // Assess
    expect(vanished).toEqual([
      { employeeId: "purged", kind: "removed", ...LEFT },
      { employeeId: "undated", kind: "undated", ...LEFT },
    ]);
  });

  it("leaves out a rehire, a termination moved later, and someone still departed", () => {
    // Prepare
    const previous = { rehired: LEFT, postponed: LEFT, departed: LEFT };
    const now = roster(
      { employeeId: "rehired", hireDate: "2026-11-02", terminationDate: "2026-10-01" },
      { employeeId: "postponed", terminationDate: "2027-01-31" },
      { employeeId: "departed", terminatedAt: Date.UTC(2026, 9, 1, 20) },
    );

    // Act
    const vanished = vanishedDepartures(previous, now);

    // Assess
    expect(vanished).toEqual([]);
  });

  it("leaves out a rehire whose row no longer carries the old termination date", () => {
    // Prepare: HR cleared the termination when it rehired them; one left at an exact instant only
    const previous = { rehired: LEFT, rehiredFromInstant: { departedAt: "2026-09-01T15:00:00.000Z" } };
    const now = roster(
      { employeeId: "rehired", status: "active", hireDate: "2026-11-02" },
      { employeeId: "rehiredFromInstant", status: "active", hireDate: "2026-09-02" },
    );

    // Act
    const vanished = vanishedDepartures(previous, now);

    // Assess
    expect(vanished).toEqual([]);
  });

  it("still lists someone whose hire date is not after the remembered last day", () => {
    // Prepare: the date cleared, the hire date the original one, or the last day itself
    const previous = { original: LEFT, sameDay: LEFT };
    const now = roster(
      { employeeId: "original", status: "active", hireDate: "2019-04-01" },
      { employeeId: "sameDay", status: "active", hireDate: "2026-10-01" },
    );

    // Act
    const vanished = vanishedDepartures(previous, now);

    // Assess
    expect(vanished.map((v) => v.employeeId)).toEqual(["original", "sameDay"]);
  });

  it("ignores people the last scan did not know as departed, on the roster or off it", () => {
    // Prepare: leaving later (a termination date, not yet departed), and staff; the last two gone
    const previous = {
      leaving: { terminationDate: "2026-12-31" },
      staff: {},
      leavingGone: { terminationDate: "2026-12-31" },
      staffGone: {},
    };
    const now = roster({ employeeId: "leaving" }, { employeeId: "staff" });

    // Act
    const vanished = vanishedDepartures(previous, now);

    // Assess
    expect(vanished).toEqual([]);
  });
});
