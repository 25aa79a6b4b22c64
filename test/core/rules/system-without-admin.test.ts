import { describe, expect, it } from "vitest";
import { systemWithoutAdminRule } from "../../../functions/core/rules/system-without-admin.ts";
import { scenario } from "../../support/scenario.ts";

const KAI = { employeeId: "E1101", name: "Kai Berg", email: "kai.berg@acme.com" };
const LEA = { employeeId: "E1102", name: "Lea Roth", email: "lea.roth@acme.com" };

describe("system-without-admin", () => {
  it("does not fire while one admin is enabled and held by a current person", () => {
    // Prepare
    const context = scenario()
      .person(KAI)
      .leaver({ ...LEA, terminationDate: "2025-05-01" })
      .account({ accountId: "admin-kai", email: KAI.email, privileged: true })
      .account({ accountId: "admin-lea", email: LEA.email, privileged: true })
      .build();

    // Act
    const result = systemWithoutAdminRule.evaluate(context);

    // Assess
    expect(result).toEqual({ findings: [], notEvaluated: [] });
  });

  it("fires high on the system when every admin is disabled, unowned or a leaver's", () => {
    // Prepare
    const context = scenario()
      .person(KAI)
      .leaver({ ...LEA, terminationDate: "2025-05-01" })
      .account({ accountId: "admin-kai", email: KAI.email, privileged: true, enabled: false })
      .account({ accountId: "admin-lea", email: LEA.email, privileged: true })
      .account({ accountId: "admin-shared", username: "itadmin", privileged: true })
      .account({ accountId: "kai", email: KAI.email })
      .build();

    // Act
    const [finding, ...rest] = systemWithoutAdminRule.evaluate(context).findings;

    // Assess
    expect(rest).toEqual([]);
    expect(finding).toEqual({
      severity: "high",
      sourceId: "app",
      subject: { type: "system", id: "app" },
      personId: null,
      title: "No enabled admin account held by a current person",
      evidence: {
        privilegedAccounts: 3,
        disabled: 1,
        heldByDepartedPerson: 1,
        heldByNoPerson: 1,
        privilegedAccountIds: ["admin-kai", "admin-lea", "admin-shared"],
      },
    });
  });

  it("counts a leaver inside the disable window as departed", () => {
    // Prepare
    const context = scenario()
      .leaver({ ...LEA, terminationDate: "2025-06-15" })
      .account({ accountId: "admin-lea", email: LEA.email, privileged: true })
      .build();

    // Act / Assess
    expect(systemWithoutAdminRule.evaluate(context).findings).toHaveLength(1);
  });

  it("does not count an admin the roster marks terminated, even without a readable date", () => {
    // Prepare
    const context = scenario()
      .person({ ...KAI, status: "terminated" })
      .account({ accountId: "admin-kai", email: KAI.email, privileged: true })
      .build();

    // Act
    const [finding, ...rest] = systemWithoutAdminRule.evaluate(context).findings;

    // Assess
    expect(rest).toEqual([]);
    expect(finding?.evidence).toMatchObject({ privilegedAccounts: 1, heldByDepartedPerson: 1 });
  });

  it("does not fire for systems without privileged accounts, or with only a root user", () => {
    // Prepare
    const context = scenario()
      .person(KAI)
      .account({ accountId: "kai", email: KAI.email })
      .source({ id: "aws-prod", kind: "accounts", format: "aws-iam-credential-report" })
      .account({ sourceId: "aws-prod", accountId: "<root_account>", isRoot: true, privileged: true })
      .build();

    // Act / Assess
    expect(systemWithoutAdminRule.evaluate(context).findings).toEqual([]);
  });

  it("judges each system on its own, and skips failed ones", () => {
    // Prepare
    const context = scenario()
      .person(KAI)
      .account({ accountId: "admin-kai", email: KAI.email, privileged: true })
      .source({ id: "github", kind: "accounts", format: "scim" })
      .account({ sourceId: "github", accountId: "gh-owner", username: "octo-owner", privileged: true })
      .source({ id: "legacy-crm", kind: "accounts", status: "failed" })
      .account({ sourceId: "legacy-crm", accountId: "crm-admin", privileged: true, enabled: false })
      .build();

    // Act / Assess
    expect(systemWithoutAdminRule.evaluate(context).findings.map((f) => f.subject.id)).toEqual(["github"]);
  });
});
