import { describe, expect, it } from "vitest";
import { dormantAccountRule } from "../../../functions/core/rules/dormant-account.ts";
import { at, scenario } from "../../support/scenario.ts";

const GIL = { employeeId: "E7001", name: "Gil Ross", email: "gil.ross@acme.com" };
const LONG_AGO = at("2022-08-15T13:00:00Z");

describe("dormant-account", () => {
  it("does not fire for an account used recently", () => {
    // Prepare
    const context = scenario()
      .person(GIL)
      .account({
        accountId: "00uG1",
        email: GIL.email,
        createdAt: LONG_AGO,
        lastLoginAt: at("2025-05-20T12:00:00Z"),
      })
      .build();

    // Act
    const result = dormantAccountRule.evaluate(context);

    // Assess
    expect(result).toEqual({ findings: [], notEvaluated: [] });
  });

  it("fires low for a cost-free account with no login for dormantAfterDays", () => {
    // Prepare: 90 days before now is 2025-03-18T14:00Z.
    const context = scenario()
      .person(GIL)
      .account({
        accountId: "00uG1",
        email: GIL.email,
        createdAt: LONG_AGO,
        lastLoginAt: at("2025-03-18T13:59:00Z"),
      })
      .build();

    // Act
    const [finding, ...rest] = dormantAccountRule.evaluate(context).findings;

    // Assess
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      severity: "low",
      sourceId: "app",
      subject: { type: "account", id: "00uG1" },
      personId: "E7001",
      title: "Account with no login for 90 days",
      evidence: {
        matchedBy: "email",
        personStatus: "active",
        lastLoginAt: "2025-03-18T13:59:00.000Z",
        neverLoggedIn: false,
        daysSinceLogin: 90,
        createdAt: "2022-08-15T13:00:00.000Z",
        dormantAfterDays: 90,
      },
    });
  });

  it("does not fire a minute inside the dormancy period", () => {
    // Prepare
    const context = scenario()
      .person(GIL)
      .account({
        accountId: "00uG1",
        email: GIL.email,
        createdAt: LONG_AGO,
        lastLoginAt: at("2025-03-18T14:01:00Z"),
      })
      .build();

    // Act / Assess
    expect(dormantAccountRule.evaluate(context).findings).toEqual([]);
  });

  it("fires on an old login even when the creation date is unknown", () => {
    // Prepare
    const context = scenario()
      .person(GIL)
      .account({ accountId: "00uG1", email: GIL.email, lastLoginAt: at("2024-12-01T12:00:00Z") })
      .build();

    // Act / Assess
    expect(dormantAccountRule.evaluate(context).findings).toHaveLength(1);
  });

  it("does not fire for new or undated never-used accounts", () => {
    // Prepare
    const context = scenario()
      .person(GIL)
      .account({ accountId: "00uG1", email: GIL.email, createdAt: at("2025-05-01T12:00:00Z") })
      .account({ accountId: "00uG2", email: GIL.email })
      .build();

    // Act / Assess
    expect(dormantAccountRule.evaluate(context).findings).toEqual([]);
  });

  it("leaves paid seats, leavers, service accounts and orphans to other rules", () => {
    // Prepare
    const context = scenario()
      .serviceAccount("^svc-")
      .person(GIL)
      .leaver({ employeeId: "E7002", email: "hana.ito@acme.com", terminationDate: "2025-02-28" })
      .account({ accountId: "paid", email: GIL.email, monthlyCost: 8, createdAt: LONG_AGO })
      .account({ accountId: "leaver", email: "hana.ito@acme.com", createdAt: LONG_AGO })
      .account({ accountId: "svc-etl", email: GIL.email, createdAt: LONG_AGO })
      .account({ accountId: "nobody", email: "x@vendor.example", createdAt: LONG_AGO })
      .build();

    // Act / Assess
    expect(dormantAccountRule.evaluate(context).findings).toEqual([]);
  });

  it("treats a person with a future termination date as active", () => {
    // Prepare
    const context = scenario()
      .person({ ...GIL, terminationDate: "2025-08-29" })
      .account({ accountId: "00uG1", email: GIL.email, createdAt: LONG_AGO })
      .build();

    // Act / Assess
    expect(dormantAccountRule.evaluate(context).findings).toHaveLength(1);
  });

  it("does not fire for a person the roster marks terminated, even when their date was unreadable", () => {
    // Prepare: Terminated with no date (a US date dropped without dateOrder); on leave; an unknown word
    const context = scenario()
      .person({ ...GIL, status: "terminated" })
      .person({ employeeId: "E7003", email: "ivo.kern@acme.com", status: "leave" })
      .person({ employeeId: "E7004", email: "jo.lam@acme.com", status: "unknown" })
      .account({ accountId: "gil", email: GIL.email, createdAt: LONG_AGO })
      .account({ accountId: "ivo", email: "ivo.kern@acme.com", createdAt: LONG_AGO })
      .account({ accountId: "jo", email: "jo.lam@acme.com", createdAt: LONG_AGO })
      .build();

    // Act
    const findings = dormantAccountRule.evaluate(context).findings;

    // Assess: leave and an unknown word are still staff
    expect(findings.map((f) => f.subject.id)).toEqual(["ivo", "jo"]);
  });

  it("reports not evaluated for a source without lastLoginAt", () => {
    // Prepare
    const context = scenario()
      .updateSource("app", { format: "scim", provides: ["createdAt", "groups"] })
      .person(GIL)
      .account({ accountId: "00uG1", email: GIL.email, createdAt: LONG_AGO })
      .build();

    // Act
    const result = dormantAccountRule.evaluate(context);

    // Assess
    expect(result.findings).toEqual([]);
    expect(result.notEvaluated).toEqual([
      { sourceId: "app", reason: "source provides no lastLoginAt: dormant accounts cannot be detected" },
    ]);
  });
});
