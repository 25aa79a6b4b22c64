import { describe, expect, it } from "vitest";
import { retainedAccessAfterRoleChangeRule } from "../../../functions/core/rules/retained-access-after-role-change.ts";
import { at, scenario } from "../../support/scenario.ts";

const MOVER = {
  employeeId: "E1301",
  name: "Omar Haddad",
  email: "omar.haddad@acme.com",
  department: "Engineering",
  previousDepartment: "Finance",
};

const financeOrg = () => scenario().entitlement("finance-admins", ["Finance", "Internal Audit"]);

describe("retained-access-after-role-change", () => {
  it("does not fire inside the grace period", () => {
    // Prepare
    const context = financeOrg()
      .person({ ...MOVER, roleChangedAt: at("2025-06-09T13:00:00Z") })
      .account({ accountId: "00uO1", email: MOVER.email, groups: ["finance-admins", "everyone"] })
      .build();

    // Act
    const result = retainedAccessAfterRoleChangeRule.evaluate(context);

    // Assess
    expect(result).toEqual({ findings: [], notEvaluated: [] });
  });

  it("fires high when a mover keeps a restricted group of their old department", () => {
    // Prepare
    const context = financeOrg()
      .person({ ...MOVER, roleChangedAt: at("2025-05-01T13:00:00Z") })
      .account({ accountId: "00uO1", email: MOVER.email, groups: ["everyone", "Finance-Admins"] })
      .build();

    // Act
    const [finding, ...rest] = retainedAccessAfterRoleChangeRule.evaluate(context).findings;

    // Assess
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      severity: "high",
      sourceId: "app",
      subject: { type: "account", id: "00uO1" },
      personId: "E1301",
      title: "Restricted entitlement retained after role change",
      evidence: {
        matchedBy: "email",
        groups: ["Finance-Admins"],
        allowedDepartments: ["finance-admins: Finance, Internal Audit"],
        currentDepartment: "Engineering",
        previousDepartment: "Finance",
        roleChangedAt: "2025-05-01T13:00:00.000Z",
        roleChangeGraceDays: 14,
        graceEndedAt: "2025-05-15T13:00:00.000Z",
      },
    });
  });

  it("does not fire when the current department may hold the group (case-insensitive)", () => {
    // Prepare
    const context = financeOrg()
      .person({ ...MOVER, department: "internal audit", roleChangedAt: at("2025-05-01T13:00:00Z") })
      .account({ accountId: "00uO1", email: MOVER.email, groups: ["finance-admins"] })
      .build();

    // Act / Assess
    expect(retainedAccessAfterRoleChangeRule.evaluate(context).findings).toEqual([]);
  });

  it("ignores people without a role change, leavers and disabled accounts", () => {
    // Prepare
    const context = financeOrg()
      .person({ employeeId: "E1302", email: "pia.lund@acme.com", department: "Engineering" })
      .leaver({ ...MOVER, terminationDate: "2025-05-30", roleChangedAt: at("2025-03-01T13:00:00Z") })
      .account({ accountId: "00uP1", email: "pia.lund@acme.com", groups: ["finance-admins"] })
      .account({ accountId: "00uO1", email: MOVER.email, groups: ["finance-admins"] })
      .build();

    // Act / Assess
    expect(retainedAccessAfterRoleChangeRule.evaluate(context).findings).toEqual([]);
  });

  it("ignores a mover the roster marks terminated, even without a readable termination date", () => {
    // Prepare
    const context = financeOrg()
      .person({ ...MOVER, status: "terminated", roleChangedAt: at("2025-03-01T13:00:00Z") })
      .account({ accountId: "00uO1", email: MOVER.email, groups: ["finance-admins"] })
      .build();

    // Act / Assess
    expect(retainedAccessAfterRoleChangeRule.evaluate(context).findings).toEqual([]);
  });

  it("reports not evaluated for sources without groups when entitlements are configured", () => {
    // Prepare
    const context = financeOrg()
      .updateSource("app", { provides: ["lastLoginAt"] })
      .build();

    // Act
    const result = retainedAccessAfterRoleChangeRule.evaluate(context);

    // Assess
    expect(result.notEvaluated).toEqual([
      { sourceId: "app", reason: "source provides no groups: restricted entitlements cannot be checked" },
    ]);
  });

  it("has nothing to evaluate, and reports nothing missing, without entitlements", () => {
    // Prepare
    const context = scenario()
      .updateSource("app", { provides: ["lastLoginAt"] })
      .person({ ...MOVER, roleChangedAt: at("2025-05-01T13:00:00Z") })
      .account({ accountId: "00uO1", email: MOVER.email, groups: ["finance-admins"] })
      .build();

    // Act / Assess
    expect(retainedAccessAfterRoleChangeRule.evaluate(context)).toEqual({ findings: [], notEvaluated: [] });
  });
});
