import { describe, expect, it } from "vitest";
import { unusedLicenseRule } from "../../../functions/core/rules/unused-license.ts";
import { at, scenario } from "../../support/scenario.ts";

const ERIN = { employeeId: "E6001", name: "Erin Wu", email: "erin.wu@acme.com" };
const LONG_AGO = at("2023-01-09T15:00:00Z");

/** A paid seat source (Slack-like SCIM, $12.50 a seat). */
const paidOrg = () => scenario().updateSource("app", { format: "scim", monthlyCostPerSeat: 12.5 });

describe("unused-license", () => {
  it("does not fire for a paid seat an active person uses", () => {
    // Prepare
    const context = paidOrg()
      .person(ERIN)
      .account({
        accountId: "U01",
        email: ERIN.email,
        createdAt: LONG_AGO,
        lastLoginAt: at("2025-06-06T13:00:00Z"),
      })
      .build();

    // Act
    const result = unusedLicenseRule.evaluate(context);

    // Assess
    expect(result).toEqual({ findings: [], notEvaluated: [] });
  });

  it("fires low for a paid seat of an overdue leaver, with the monthly cost", () => {
    // Prepare
    const context = paidOrg()
      .leaver({ ...ERIN, terminationDate: "2025-06-01" })
      .account({ accountId: "U01", email: ERIN.email, lastLoginAt: at("2025-05-30T20:00:00Z") })
      .build();

    // Act
    const [finding, ...rest] = unusedLicenseRule.evaluate(context).findings;

    // Assess
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      severity: "low",
      sourceId: "app",
      subject: { type: "account", id: "U01" },
      personId: "E6001",
      title: "Paid seat held by departed person",
      evidence: {
        reason: "departed",
        monthlyCost: 12.5,
        costFrom: "source",
        matchedBy: "email",
        terminationDate: "2025-06-01",
        lastLoginAt: "2025-05-30T20:00:00.000Z",
      },
    });
  });

  it("fires for an active person's paid seat with no login for dormantAfterDays", () => {
    // Prepare
    const context = paidOrg()
      .person(ERIN)
      .account({
        accountId: "U01",
        email: ERIN.email,
        monthlyCost: 30,
        createdAt: LONG_AGO,
        lastLoginAt: at("2025-02-01T15:00:00Z"),
      })
      .build();

    // Act
    const [finding] = unusedLicenseRule.evaluate(context).findings;

    // Assess
    expect(finding?.title).toBe("Paid seat with no login for 90 days");
    expect(finding?.evidence).toMatchObject({
      reason: "dormant",
      monthlyCost: 30,
      costFrom: "account",
      lastLoginAt: "2025-02-01T15:00:00.000Z",
      neverLoggedIn: false,
      daysSinceLogin: 134,
      createdAt: "2023-01-09T15:00:00.000Z",
      dormantAfterDays: 90,
    });
  });

  it("does not call the seat of a person the roster marks terminated, with no readable date, dormant", () => {
    // Prepare
    const context = paidOrg()
      .person({ ...ERIN, status: "terminated" })
      .account({ accountId: "U01", email: ERIN.email, createdAt: LONG_AGO, lastLoginAt: LONG_AGO })
      .build();

    // Act
    const result = unusedLicenseRule.evaluate(context);

    // Assess: not overdue either (no date), so no finding
    expect(result).toEqual({ findings: [], notEvaluated: [] });
  });

  it("judges never-used seats by their age, and skips what it cannot prove", () => {
    // Prepare
    const context = paidOrg()
      .person(ERIN)
      .account({ accountId: "U-old", email: ERIN.email, createdAt: LONG_AGO })
      .account({ accountId: "U-new", email: ERIN.email, createdAt: at("2025-06-01T12:00:00Z") })
      .account({ accountId: "U-undated", email: ERIN.email })
      .build();

    // Act
    const findings = unusedLicenseRule.evaluate(context).findings;

    // Assess
    expect(findings.map((f) => f.subject.id)).toEqual(["U-old"]);
    expect(findings[0]?.evidence).toMatchObject({
      neverLoggedIn: true,
      lastLoginAt: null,
      daysSinceLogin: null,
    });
  });

  it("ignores cost-free seats, service accounts, and leavers still inside the disable window", () => {
    // Prepare
    const context = paidOrg()
      .serviceAccount("^svc-")
      .person(ERIN)
      .leaver({ employeeId: "E6002", email: "finn.ode@acme.com", terminationDate: "2025-06-15" })
      .account({ accountId: "U01", email: ERIN.email, monthlyCost: 0, createdAt: LONG_AGO })
      .account({ accountId: "svc-deploy", email: ERIN.email, createdAt: LONG_AGO })
      .account({ accountId: "U02", email: "finn.ode@acme.com", createdAt: LONG_AGO })
      .build();

    // Act / Assess
    expect(unusedLicenseRule.evaluate(context).findings).toEqual([]);
  });

  it("without lastLoginAt still flags leavers' seats, and reports dormancy not evaluated", () => {
    // Prepare
    const context = paidOrg()
      .updateSource("app", { provides: ["groups"] })
      .person(ERIN)
      .leaver({ employeeId: "E6002", email: "finn.ode@acme.com", terminationDate: "2025-05-01" })
      .account({ accountId: "U01", email: ERIN.email, createdAt: LONG_AGO })
      .account({ accountId: "U02", email: "finn.ode@acme.com" })
      .build();

    // Act
    const result = unusedLicenseRule.evaluate(context);

    // Assess
    expect(result.findings.map((f) => [f.subject.id, f.evidence.reason])).toEqual([["U02", "departed"]]);
    expect(result.notEvaluated).toEqual([
      {
        sourceId: "app",
        reason: "source provides no lastLoginAt: unused paid seats of active people cannot be detected",
        // Only the dormant branch is withheld: the leaver seats above were judged.
        withholds: { evidenceKey: "reason", value: "dormant" },
      },
    ]);
  });

  it("emits nothing for a failed source", () => {
    // Prepare
    const context = paidOrg()
      .leaver({ ...ERIN, terminationDate: "2025-06-01" })
      .account({ accountId: "U01", email: ERIN.email })
      .updateSource("app", { status: "failed" })
      .build();

    // Act / Assess
    expect(unusedLicenseRule.evaluate(context)).toEqual({ findings: [], notEvaluated: [] });
  });
});
