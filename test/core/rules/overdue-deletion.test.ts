import { describe, expect, it } from "vitest";
import { overdueDeletionRule } from "../../../functions/core/rules/overdue-deletion.ts";
import { at, scenario } from "../../support/scenario.ts";

const CARA = { employeeId: "E4001", name: "Cara Lee", email: "cara.lee@acme.com" };

describe("overdue-deletion", () => {
  it("does not fire before termination + deleteAfterDays", () => {
    // Prepare: terminated 2025-06-02T04:00Z, deletion due 2025-07-02.
    const context = scenario()
      .leaver({ ...CARA, terminationDate: "2025-06-01" })
      .account({
        accountId: "00uC1",
        email: CARA.email,
        enabled: false,
        disabledAt: at("2025-06-02T12:00:00Z"),
      })
      .build();

    // Act
    const result = overdueDeletionRule.evaluate(context);

    // Assess
    expect(result).toEqual({ findings: [], notEvaluated: [] });
  });

  it("fires medium for a leaver's disabled account kept past termination + deleteAfterDays", () => {
    // Prepare: terminated 2025-05-01T04:00Z, deletion due 2025-05-31T04:00Z.
    const context = scenario()
      .leaver({ ...CARA, terminationDate: "2025-04-30" })
      .account({
        accountId: "00uC1",
        email: CARA.email,
        enabled: false,
        disabledAt: at("2025-05-01T13:00:00Z"),
      })
      .build();

    // Act
    const [finding, ...rest] = overdueDeletionRule.evaluate(context).findings;

    // Assess
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      severity: "medium",
      sourceId: "app",
      subject: { type: "account", id: "00uC1" },
      personId: "E4001",
      title: "Disabled account not deleted by its deletion date",
      evidence: {
        matchedBy: "email",
        terminationDate: "2025-04-30",
        deletionBasis: "termination",
        deleteAfterDays: 30,
        disabledAt: "2025-05-01T13:00:00.000Z",
        deleteDueAt: "2025-05-31T04:00:00.000Z",
        daysOverdue: 16,
      },
    });
  });

  it("uses the account's own deleteAfter when set", () => {
    // Prepare
    const context = scenario()
      .leaver({ ...CARA, terminationDate: "2025-04-30" })
      .account({
        accountId: "00uC1",
        email: CARA.email,
        enabled: false,
        deleteAfter: at("2025-09-01T04:00:00Z"),
      })
      .account({
        accountId: "00uC2",
        email: CARA.email,
        enabled: false,
        deleteAfter: at("2025-06-10T04:00:00Z"),
      })
      .build();

    // Act
    const findings = overdueDeletionRule.evaluate(context).findings;

    // Assess
    expect(findings.map((f) => f.subject.id)).toEqual(["00uC2"]);
    expect(findings[0]?.evidence).toMatchObject({
      deletionBasis: "deleteAfter",
      deleteAfterDays: null,
      deleteDueAt: "2025-06-10T04:00:00.000Z",
      daysOverdue: 6,
    });
  });

  it("dates an uncorrelated disabled account from disabledAt", () => {
    // Prepare
    const context = scenario()
      .account({
        accountId: "00uX1",
        username: "kiosk-2",
        enabled: false,
        disabledAt: at("2025-04-01T16:00:00Z"),
      })
      .build();

    // Act
    const [finding] = overdueDeletionRule.evaluate(context).findings;

    // Assess
    expect(finding?.personId).toBeNull();
    expect(finding?.evidence).toMatchObject({
      matchedBy: null,
      terminationDate: null,
      deletionBasis: "disabledAt",
      disabledAt: "2025-04-01T16:00:00.000Z",
      deleteDueAt: "2025-05-01T16:00:00.000Z",
    });
  });

  it("counts calendar days across the fall-back DST change", () => {
    // Prepare: terminated 2025-10-05T04:00Z (midnight EDT); 30 calendar days later is
    // midnight EST on 2025-11-04 = 05:00Z, an hour later than 30 × 24 h.
    const build = (now: string) =>
      scenario({ now: at(now) })
        .leaver({ ...CARA, terminationDate: "2025-10-04" })
        .account({ accountId: "00uC1", email: CARA.email, enabled: false })
        .build();

    // Act
    const before = overdueDeletionRule.evaluate(build("2025-11-04T04:30:00Z")).findings;
    const after = overdueDeletionRule.evaluate(build("2025-11-04T05:00:00Z")).findings;

    // Assess
    expect(before).toEqual([]);
    expect(after[0]?.evidence.deleteDueAt).toBe("2025-11-04T05:00:00.000Z");
  });

  it("skips an uncorrelated account it cannot date, and says where", () => {
    // Prepare
    const context = scenario()
      .account({ accountId: "00uX1", username: "kiosk-2", enabled: false })
      .updateSource("app", { provides: ["lastLoginAt"] })
      .build();

    // Act
    const result = overdueDeletionRule.evaluate(context);

    // Assess
    expect(result.findings).toEqual([]);
    expect(result.notEvaluated).toEqual([
      {
        sourceId: "app",
        reason: "source provides no disabledAt: disabled accounts not held by a leaver cannot be dated",
        // Only findings dated by disabledAt are withheld: leavers' accounts were still judged.
        withholds: { evidenceKey: "deletionBasis", value: "disabledAt" },
      },
    ]);
  });

  it("still judges leavers' accounts on a source without disabledAt", () => {
    // Prepare
    const context = scenario()
      .leaver({ ...CARA, terminationDate: "2025-04-30" })
      .account({ accountId: "00uC1", email: CARA.email, enabled: false })
      .updateSource("app", { provides: ["lastLoginAt"] })
      .build();

    // Act / Assess
    expect(overdueDeletionRule.evaluate(context).findings.map((f) => f.subject.id)).toEqual(["00uC1"]);
  });

  it("ignores enabled accounts and failed sources", () => {
    // Prepare
    const context = scenario()
      .leaver({ ...CARA, terminationDate: "2025-04-30" })
      .account({ accountId: "00uC1", email: CARA.email, enabled: true })
      .source({ id: "legacy", kind: "accounts", status: "failed" })
      .account({ sourceId: "legacy", accountId: "cara", email: CARA.email, enabled: false })
      .build();

    // Act / Assess
    expect(overdueDeletionRule.evaluate(context).findings).toEqual([]);
  });
});
