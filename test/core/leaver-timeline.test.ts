import { describe, expect, it } from "vitest";
import { leaverFacts, mergeLeaverFacts } from "../../functions/core/leaver-timeline.ts";
import { at, scenario } from "../support/scenario.ts";

const BOB = { employeeId: "E3001", name: "Bob Diaz", email: "bob.diaz@acme.com" };

// Last day 2025-06-01: terminated 2025-06-02T04:00Z, disable due 2025-06-03T04:00Z; now 2025-06-16.
const bobLeft = () =>
  scenario()
    .leaver({ ...BOB, terminationDate: "2025-06-01" })
    .person({ employeeId: "E1", name: "Active Ann", email: "ann@acme.com" })
    .account({
      accountId: "a-on-time",
      email: BOB.email,
      enabled: false,
      disabledAt: at("2025-06-02T10:00:00Z"),
    })
    .account({
      accountId: "a-late",
      email: BOB.email,
      enabled: false,
      disabledAt: at("2025-06-05T10:00:00Z"),
    })
    .account({ accountId: "a-open", email: BOB.email, enabled: true })
    .account({ accountId: "ann", email: "ann@acme.com", enabled: true })
    .asset({ assetId: "NW-1", assignedTo: BOB.employeeId });

describe("leaverFacts", () => {
  it("lists a leaver's termination, accounts (late ones flagged), devices and the missing ticket", () => {
    // Act
    const facts = leaverFacts(bobLeft().build(), true);

    // Assess
    expect(facts.departures).toEqual(["E3001"]);
    expect(facts.terminatedAt).toEqual({ E3001: "2025-06-02T04:00:00.000Z" });
    const events = facts.events.E3001 ?? [];
    expect(events.map((e) => [e.kind, e.late ?? false])).toEqual(
      expect.arrayContaining([
        ["terminated", false],
        ["ticket-missing", false],
        ["account-disabled", false],
        ["account-disabled", true],
        ["account-still-enabled", true],
        ["device-outstanding", true],
      ]),
    );
    expect(facts.events.E1).toBeUndefined();
  });

  it("leaves person events to partition 0, so merged partitions list them once, in time order", () => {
    // Prepare
    const context = bobLeft().build();

    // Act
    const merged = mergeLeaverFacts([leaverFacts(context, true), leaverFacts(context, false)]);

    // Assess
    const events = merged.events.E3001 ?? [];
    expect(events.filter((e) => e.kind === "terminated")).toHaveLength(1);
    expect(merged.departures).toEqual(["E3001"]);
    const dated = events.filter((e) => e.at !== null).map((e) => e.at ?? "");
    expect(dated).toEqual([...dated].sort());
    expect(events.at(-1)?.at).toBeNull();
  });

  it("ignores departures outside the lookback window", () => {
    const facts = leaverFacts(bobLeft().policy({ lookbackDays: 7 }).build(), true);
    expect(facts.departures).toEqual([]);
  });
});
