import { describe, expect, it } from "vitest";
import { removedPeople } from "../../functions/scan/run-scan.ts";
import { scenario } from "../support/scenario.ts";

const PURGED = {
  name: "Dana Whitfield",
  email: "dana.whitfield@acme.com",
  department: "Sales",
  managerId: "M1",
  terminationDate: "2025-03-31",
  departedAt: "2025-04-01T04:00:00.000Z",
};

describe("removedPeople", () => {
  it("keeps leavers no longer on the roster as the last scan knew them, with their manager as the roster knows them now", () => {
    // Prepare: the manager moved department since the last scan, and has a manager of her own
    const context = scenario()
      .person({
        employeeId: "M1",
        name: "Maria Lopez",
        email: "maria.lopez@acme.com",
        department: "Ops",
        managerId: "M2",
      })
      .person({ employeeId: "M2", name: "Ravi Menon", email: "ravi.menon@acme.com" })
      .build();
    const previous = {
      E1: PURGED,
      M1: { name: "Maria Lopez", department: "Sales" },
      E2: { name: "Not held" },
    };

    // Act
    const people = removedPeople(["E1", "E3"], previous, context);

    // Assess: E3 was not known to the last scan, E2 is not held
    expect(people).toEqual({
      E1: PURGED,
      M1: { name: "Maria Lopez", email: "maria.lopez@acme.com", department: "Ops", managerId: "M2" },
      M2: { name: "Ravi Menon", email: "ravi.menon@acme.com" },
    });
  });

  it("adds no manager the roster does not list", () => {
    // Prepare
    const context = scenario().person({ employeeId: "P1" }).build();

    // Act
    const people = removedPeople(["E1"], { E1: PURGED }, context);

    // Assess
    expect(people).toEqual({ E1: PURGED });
  });
});
