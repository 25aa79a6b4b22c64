import { describe, expect, it } from "vitest";
import { ghostAccountRule } from "../../../functions/core/rules/ghost-account.ts";
import { at, scenario } from "../../support/scenario.ts";

const ALICE = { employeeId: "E1001", name: "Alice Ng", email: "alice.ng@acme.com" };

describe("ghost-account", () => {
  it("does not fire for an enabled account of an active person", () => {
    // Prepare
    const context = scenario()
      .person(ALICE)
      .account({ accountId: "00u1a2b3c4", email: "alice.ng@acme.com" })
      .build();

    // Act
    const result = ghostAccountRule.evaluate(context);

    // Assess
    expect(result.findings).toEqual([]);
    expect(result.notEvaluated).toEqual([]);
  });

  it("fires high for an enabled account of an overdue leaver, with the proof in evidence", () => {
    // Prepare
    const context = scenario()
      .leaver({ ...ALICE, terminationDate: "2025-06-01" })
      .account({
        accountId: "00u1a2b3c4",
        username: "alice.ng@acme.com",
        email: "ALICE.NG@acme.io",
        lastLoginAt: at("2025-06-05T09:30:00-04:00"),
      })
      .build();

    // Act
    const [finding, ...rest] = ghostAccountRule.evaluate(context).findings;

    // Assess
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      severity: "high",
      sourceId: "app",
      subject: { type: "account", id: "00u1a2b3c4" },
      personId: "E1001",
      title: "Enabled account of departed person",
    });
    expect(finding?.evidence).toMatchObject({
      accountId: "00u1a2b3c4",
      username: "alice.ng@acme.com",
      email: "ALICE.NG@acme.io",
      privileged: false,
      matchedBy: "email",
      matchedOn: "ALICE.NG@acme.io",
      terminationDate: "2025-06-01",
      terminationInstant: "2025-06-02T04:00:00.000Z",
      disableDueAt: "2025-06-03T04:00:00.000Z",
      hoursOverdue: 13 * 24 + 10,
      lastLoginAt: "2025-06-05T13:30:00.000Z",
      loginAfterTermination: true,
    });
  });

  it("fires critical when the account is privileged", () => {
    // Prepare
    const context = scenario()
      .leaver({ ...ALICE, terminationDate: "2025-06-01" })
      .account({ accountId: "admin-alice", employeeId: "E1001", privileged: true })
      .build();

    // Act
    const [finding] = ghostAccountRule.evaluate(context).findings;

    // Assess
    expect(finding?.severity).toBe("critical");
    expect(finding?.title).toBe("Enabled privileged account of departed person");
    expect(finding?.evidence).toMatchObject({ matchedBy: "employee-id", matchedOn: "E1001" });
  });

  it("does not fire for a disabled account of a leaver", () => {
    // Prepare
    const context = scenario()
      .leaver({ ...ALICE, terminationDate: "2025-06-01" })
      .account({ accountId: "00u1a2b3c4", email: ALICE.email, enabled: false })
      .build();

    // Act / Assess
    expect(ghostAccountRule.evaluate(context).findings).toEqual([]);
  });

  it("does not fire inside the disable window: offboarding is still in progress", () => {
    // Prepare: last day 2025-06-15, so due 2025-06-17T04:00Z; now is 2025-06-16T14:00Z.
    const context = scenario()
      .leaver({ ...ALICE, terminationDate: "2025-06-15" })
      .account({ accountId: "00u1a2b3c4", email: ALICE.email })
      .build();

    // Act / Assess
    expect(ghostAccountRule.evaluate(context).findings).toEqual([]);
  });

  it("does not fire for a future termination", () => {
    // Prepare
    const context = scenario()
      .leaver({ ...ALICE, status: "active", terminationDate: "2025-07-31" })
      .account({ accountId: "00u1a2b3c4", email: ALICE.email })
      .build();

    // Act / Assess
    expect(ghostAccountRule.evaluate(context).findings).toEqual([]);
  });

  it("does not fire for a rehire (hired again after the termination date)", () => {
    // Prepare
    const context = scenario()
      .person({ ...ALICE, status: "active", hireDate: "2025-03-03", terminationDate: "2024-11-29" })
      .account({ accountId: "00u1a2b3c4", email: ALICE.email })
      .build();

    // Act / Assess
    expect(ghostAccountRule.evaluate(context).findings).toEqual([]);
  });

  it("counts the disable window from an exact for-cause terminatedAt", () => {
    // Prepare: walked out at 09:00 EDT on 2025-06-15; due 24 h later, one hour before now.
    const context = scenario()
      .leaver({ ...ALICE, terminationDate: "2025-06-15", terminatedAt: at("2025-06-15T09:00:00-04:00") })
      .account({ accountId: "00u1a2b3c4", email: ALICE.email })
      .build();

    // Act
    const [finding] = ghostAccountRule.evaluate(context).findings;

    // Assess
    expect(finding?.evidence).toMatchObject({
      terminatedAt: "2025-06-15T13:00:00.000Z",
      terminationInstant: "2025-06-15T13:00:00.000Z",
      disableDueAt: "2025-06-16T13:00:00.000Z",
      hoursOverdue: 1,
    });
  });

  describe("termination on a DST switch day in America/New_York", () => {
    // Last day 2025-11-02 (clocks fall back that night at 02:00): the termination instant is
    // midnight EST on 2025-11-03 = 05:00Z, so the 24 h window ends 2025-11-04T05:00Z —
    // not 04:00Z as a zone-naive "date + 1 day" in EDT would say.
    const leaverOnFallBack = (now: string) =>
      scenario({ now: at(now) })
        .leaver({ ...ALICE, terminationDate: "2025-11-02" })
        .account({ accountId: "00u1a2b3c4", email: ALICE.email })
        .build();

    it("is not overdue an hour before the zone-correct deadline", () => {
      // Act / Assess
      expect(ghostAccountRule.evaluate(leaverOnFallBack("2025-11-04T04:30:00Z")).findings).toEqual([]);
    });

    it("is overdue once the zone-correct deadline has passed", () => {
      // Act
      const [finding] = ghostAccountRule.evaluate(leaverOnFallBack("2025-11-04T06:00:00Z")).findings;

      // Assess
      expect(finding?.evidence).toMatchObject({
        terminationInstant: "2025-11-03T05:00:00.000Z",
        disableDueAt: "2025-11-04T05:00:00.000Z",
        hoursOverdue: 1,
      });
    });

    it("starts the day after a spring-forward last day at midnight EDT", () => {
      // Prepare: last day 2025-03-09 (clocks jump at 02:00): the next day starts at 04:00Z.
      const context = scenario({ now: at("2025-03-11T12:00:00Z") })
        .leaver({ ...ALICE, terminationDate: "2025-03-09" })
        .account({ accountId: "00u1a2b3c4", email: ALICE.email })
        .build();

      // Act
      const [finding] = ghostAccountRule.evaluate(context).findings;

      // Assess
      expect(finding?.evidence).toMatchObject({
        terminationInstant: "2025-03-10T04:00:00.000Z",
        disableDueAt: "2025-03-11T04:00:00.000Z",
      });
    });
  });

  it("records identity-map and username correlation in evidence", () => {
    // Prepare
    const context = scenario()
      .leaver({ ...ALICE, terminationDate: "2025-06-01" })
      .leaver({ employeeId: "E1002", email: "bo.diaz@acme.com", terminationDate: "2025-05-30" })
      .identity("app", "00u9z8y7x6", "E1001")
      .account({ accountId: "00u9z8y7x6", username: "ang-legacy" })
      .account({ accountId: "00u5k4j3h2", username: "bo.diaz" })
      .build();

    // Act
    const findings = ghostAccountRule.evaluate(context).findings;

    // Assess
    expect(findings.map((f) => [f.subject.id, f.evidence.matchedBy, f.evidence.matchedOn])).toEqual([
      ["00u9z8y7x6", "identity-map", "E1001"],
      ["00u5k4j3h2", "username", "bo.diaz"],
    ]);
  });

  it("emits nothing for a failed source", () => {
    // Prepare
    const context = scenario()
      .leaver({ ...ALICE, terminationDate: "2025-06-01" })
      .account({ accountId: "00u1a2b3c4", email: ALICE.email })
      .updateSource("app", { status: "failed" })
      .build();

    // Act / Assess
    expect(ghostAccountRule.evaluate(context).findings).toEqual([]);
  });

  it("never treats a root user as a leaver's account", () => {
    // Prepare: the root row even carries the leaver's address as its contact.
    const context = scenario()
      .leaver({ ...ALICE, terminationDate: "2025-06-01" })
      .account({ accountId: "<root_account>", email: ALICE.email, isRoot: true, privileged: true })
      .build();

    // Act / Assess
    expect(ghostAccountRule.evaluate(context).findings).toEqual([]);
  });
});
