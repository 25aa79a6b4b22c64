import { describe, expect, it } from "vitest";
import { lateDisableRule } from "../../../functions/core/rules/late-disable.ts";
import { at, scenario } from "../../support/scenario.ts";

const BOB = { employeeId: "E3001", name: "Bob Diaz", email: "bob.diaz@acme.com" };

// Last day 2025-06-01: terminated 2025-06-02T04:00Z, disable due 2025-06-03T04:00Z.
const withDisabledAccount = (disabledAt: string) =>
  scenario()
    .leaver({ ...BOB, terminationDate: "2025-06-01" })
    .account({ accountId: "00uB1", email: BOB.email, enabled: false, disabledAt: at(disabledAt) });

describe("late-disable", () => {
  it("does not fire when the account was disabled inside the window", () => {
    // Prepare
    const context = withDisabledAccount("2025-06-02T15:00:00Z").build();

    // Act
    const result = lateDisableRule.evaluate(context);

    // Assess
    expect(result).toEqual({ findings: [], notEvaluated: [] });
  });

  it("does not fire when disabled exactly at the deadline", () => {
    // Act / Assess
    expect(lateDisableRule.evaluate(withDisabledAccount("2025-06-03T04:00:00Z").build()).findings).toEqual(
      [],
    );
  });

  it("fires medium when the account was disabled after the window, with the delay in evidence", () => {
    // Prepare
    const context = withDisabledAccount("2025-06-05T10:30:00Z").build();

    // Act
    const [finding, ...rest] = lateDisableRule.evaluate(context).findings;

    // Assess
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      severity: "medium",
      sourceId: "app",
      subject: { type: "account", id: "00uB1" },
      personId: "E3001",
      title: "Account disabled after the offboarding deadline",
      evidence: {
        matchedBy: "email",
        matchedOn: "bob.diaz@acme.com",
        terminationDate: "2025-06-01",
        terminationInstant: "2025-06-02T04:00:00.000Z",
        disableWithinHours: 24,
        disableDueAt: "2025-06-03T04:00:00.000Z",
        disabledAt: "2025-06-05T10:30:00.000Z",
        hoursLate: 54,
        hoursAfterTermination: 78,
      },
    });
  });

  it("ignores departures older than lookbackDays", () => {
    // Prepare
    const context = scenario({ policy: { lookbackDays: 30 } })
      .leaver({ ...BOB, terminationDate: "2025-04-30" })
      .account({
        accountId: "00uB1",
        email: BOB.email,
        enabled: false,
        disabledAt: at("2025-05-20T12:00:00Z"),
      })
      .build();

    // Act / Assess
    expect(lateDisableRule.evaluate(context).findings).toEqual([]);
  });

  it("leaves still-enabled accounts to ghost-account", () => {
    // Prepare
    const context = scenario()
      .leaver({ ...BOB, terminationDate: "2025-06-01" })
      .account({
        accountId: "00uB1",
        email: BOB.email,
        enabled: true,
        disabledAt: at("2025-06-05T10:30:00Z"),
      })
      .build();

    // Act / Assess
    expect(lateDisableRule.evaluate(context).findings).toEqual([]);
  });

  it("reports not evaluated for a source without disabledAt instead of firing", () => {
    // Prepare
    const context = withDisabledAccount("2025-06-05T10:30:00Z")
      .updateSource("app", { provides: ["lastLoginAt", "createdAt", "groups"] })
      .build();

    // Act
    const result = lateDisableRule.evaluate(context);

    // Assess
    expect(result.findings).toEqual([]);
    expect(result.notEvaluated).toEqual([
      { sourceId: "app", reason: "source provides no disabledAt: cannot tell when accounts were disabled" },
    ]);
  });

  it("does not judge a rehire's old account", () => {
    // Prepare
    const context = scenario()
      .person({ ...BOB, hireDate: "2025-05-01", terminationDate: "2025-01-31" })
      .account({
        accountId: "00uB1",
        email: BOB.email,
        enabled: false,
        disabledAt: at("2025-02-20T12:00:00Z"),
      })
      .build();

    // Act / Assess
    expect(lateDisableRule.evaluate(context).findings).toEqual([]);
  });
});
