import { describe, expect, it } from "vitest";
import { orphanAccountRule } from "../../../functions/core/rules/orphan-account.ts";
import { at, scenario } from "../../support/scenario.ts";

const JANE = { employeeId: "E2001", name: "Jane Smith", email: "jane.smith@acme.com" };

describe("orphan-account", () => {
  it("does not fire for an account that correlates to a person", () => {
    // Prepare: the other org domain counts as the same address.
    const context = scenario()
      .person(JANE)
      .account({ accountId: "00u7q", email: "jane.smith@acme.io" })
      .build();

    // Act
    const result = orphanAccountRule.evaluate(context);

    // Assess
    expect(result).toEqual({ findings: [], notEvaluated: [] });
  });

  it("fires high for an enabled account that matches nobody", () => {
    // Prepare
    const context = scenario()
      .person(JANE)
      .account({
        accountId: "00u8r",
        username: "contractor-temp",
        email: "temp@vendor.example",
        createdAt: at("2024-01-10T15:00:00Z"),
        lastLoginAt: at("2025-06-01T12:00:00Z"),
      })
      .build();

    // Act
    const [finding, ...rest] = orphanAccountRule.evaluate(context).findings;

    // Assess
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      severity: "high",
      sourceId: "app",
      subject: { type: "account", id: "00u8r" },
      personId: null,
      title: "Enabled account with no matching person",
      evidence: {
        accountId: "00u8r",
        username: "contractor-temp",
        email: "temp@vendor.example",
        privileged: false,
        createdAt: "2024-01-10T15:00:00.000Z",
        lastLoginAt: "2025-06-01T12:00:00.000Z",
        suggestedPersonId: null,
        suggestedBy: null,
      },
    });
  });

  it("fires critical for a privileged orphan", () => {
    // Prepare
    const context = scenario().account({ accountId: "backdoor-admin", privileged: true }).build();

    // Act
    const [finding] = orphanAccountRule.evaluate(context).findings;

    // Assess
    expect(finding?.severity).toBe("critical");
    expect(finding?.title).toBe("Enabled privileged account with no matching person");
  });

  it("treats an employee id missing from the roster as no match", () => {
    // Prepare
    const context = scenario().person(JANE).account({ accountId: "00u9s", employeeId: "E9999" }).build();

    // Act
    const [finding] = orphanAccountRule.evaluate(context).findings;

    // Assess
    expect(finding?.evidence.employeeId).toBe("E9999");
  });

  it("excludes declared service accounts, root users and disabled accounts", () => {
    // Prepare
    const context = scenario()
      .serviceAccount("^svc-", "app")
      .account({ accountId: "svc-backup", username: "svc-backup" })
      .account({ accountId: "<root_account>", isRoot: true, privileged: true })
      .account({ accountId: "old-kiosk", enabled: false })
      .build();

    // Act / Assess
    expect(orphanAccountRule.evaluate(context).findings).toEqual([]);
  });

  it("does not apply a service-account pattern declared for another source", () => {
    // Prepare
    const context = scenario()
      .serviceAccount("^svc-", "aws-prod")
      .account({ accountId: "svc-backup", username: "svc-backup" })
      .build();

    // Act / Assess
    expect(orphanAccountRule.evaluate(context).findings.map((f) => f.subject.id)).toEqual(["svc-backup"]);
  });

  it("suggests a near match by display name in evidence without correlating on it", () => {
    // Prepare
    const context = scenario()
      .person(JANE)
      .account({ accountId: "00u3t", username: "jsmith2", displayName: "Smith, Jane" })
      .build();

    // Act
    const [finding] = orphanAccountRule.evaluate(context).findings;

    // Assess
    expect(finding?.personId).toBeNull();
    expect(finding?.evidence).toMatchObject({
      displayName: "Smith, Jane",
      suggestedPersonId: "E2001",
      suggestedBy: "display-name",
    });
  });

  it("suggests nobody when two people share the name", () => {
    // Prepare
    const context = scenario()
      .person(JANE)
      .person({ employeeId: "E2002", name: "Jane Smith", email: "jane.smith2@acme.com" })
      .account({ accountId: "00u3t", username: "jsmith", displayName: "Jane Smith" })
      .build();

    // Act
    const [finding] = orphanAccountRule.evaluate(context).findings;

    // Assess
    expect(finding?.evidence.suggestedPersonId).toBeNull();
  });

  it("emits nothing for a failed source", () => {
    // Prepare
    const context = scenario()
      .account({ accountId: "00u8r", username: "contractor-temp" })
      .updateSource("app", { status: "failed" })
      .build();

    // Act / Assess
    expect(orphanAccountRule.evaluate(context).findings).toEqual([]);
  });
});
