import { describe, expect, it } from "vitest";
import { staleCredentialRule } from "../../../functions/core/rules/stale-credential.ts";
import { at, scenario } from "../../support/scenario.ts";

const IRA = { employeeId: "E8001", name: "Ira Cole", email: "ira.cole@acme.com" };

/** An AWS IAM credential-report source: access keys as credentials. */
const awsOrg = () =>
  scenario()
    .source({
      id: "aws-prod",
      kind: "accounts",
      format: "aws-iam-credential-report",
      provides: ["lastLoginAt", "createdAt", "credentials"],
    })
    .person(IRA);

describe("stale-credential", () => {
  it("does not fire for an access key used recently", () => {
    // Prepare
    const context = awsOrg()
      .account({
        sourceId: "aws-prod",
        accountId: "ira.cole",
        username: "ira.cole",
        credentials: [
          {
            id: "AKIAIOSFODNN7EXAMPLE",
            active: true,
            createdAt: at("2023-04-03T10:12:00Z"),
            lastUsedAt: at("2025-06-12T08:00:00Z"),
          },
        ],
      })
      .build();

    // Act
    const result = staleCredentialRule.evaluate(context);

    // Assess
    expect(result.findings).toEqual([]);
  });

  it("fires medium for an active key unused for credentialMaxIdleDays, listing only the stale keys", () => {
    // Prepare
    const context = awsOrg()
      .account({
        sourceId: "aws-prod",
        accountId: "ira.cole",
        username: "ira.cole",
        credentials: [
          {
            id: "AKIAIOSFODNN7EXAMPLE",
            active: true,
            createdAt: at("2023-04-03T10:12:00Z"),
            lastUsedAt: at("2025-01-15T09:00:00Z"),
          },
          {
            id: "AKIAI44QH8DHBEXAMPLE",
            active: true,
            createdAt: at("2025-05-01T10:00:00Z"),
            lastUsedAt: at("2025-06-15T09:00:00Z"),
          },
          { id: "AKIAJ7ZXQ3OLDEXAMPLE", active: false, createdAt: at("2021-01-01T10:00:00Z") },
        ],
      })
      .build();

    // Act
    const [finding, ...rest] = staleCredentialRule.evaluate(context).findings;

    // Assess
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      severity: "medium",
      sourceId: "aws-prod",
      subject: { type: "account", id: "ira.cole" },
      personId: "E8001",
      title: "Active credential unused for over 90 days",
      evidence: {
        matchedBy: "username",
        credentialIds: ["AKIAIOSFODNN7EXAMPLE"],
        credentialUse: ["AKIAIOSFODNN7EXAMPLE: last used 2025-01-15T09:00:00.000Z"],
        neverUsed: false,
        maxIdleDays: 152,
        credentialMaxIdleDays: 90,
      },
    });
  });

  it("judges a never-used key by its age", () => {
    // Prepare
    const context = awsOrg()
      .account({
        sourceId: "aws-prod",
        accountId: "deploy-bot",
        credentials: [
          { id: "AKIAOLDNEVERUSED0001", active: true, createdAt: at("2025-02-01T12:00:00Z") },
          { id: "AKIANEWNEVERUSED0002", active: true, createdAt: at("2025-06-01T12:00:00Z") },
        ],
      })
      .build();

    // Act
    const [finding] = staleCredentialRule.evaluate(context).findings;

    // Assess
    expect(finding?.personId).toBeNull();
    expect(finding?.evidence).toMatchObject({
      credentialIds: ["AKIAOLDNEVERUSED0001"],
      credentialUse: ["AKIAOLDNEVERUSED0001: never used, created 2025-02-01T12:00:00.000Z"],
      neverUsed: true,
      maxIdleDays: 135,
    });
  });

  it("fires for a never-used key of unknown age, and says so", () => {
    // Prepare
    const context = awsOrg()
      .account({
        sourceId: "aws-prod",
        accountId: "<root_account>",
        isRoot: true,
        privileged: true,
        credentials: [{ id: "AKIAROOTKEY000000001", active: true }],
      })
      .build();

    // Act
    const [finding] = staleCredentialRule.evaluate(context).findings;

    // Assess
    expect(finding?.evidence).toMatchObject({
      credentialUse: ["AKIAROOTKEY000000001: never used, age unknown"],
      maxIdleDays: null,
    });
  });

  it("reports not evaluated for sources without credentials", () => {
    // Prepare
    const context = awsOrg()
      .updateSource("app", { provides: ["lastLoginAt"] })
      .account({ accountId: "00uI1", email: IRA.email })
      .build();

    // Act
    const result = staleCredentialRule.evaluate(context);

    // Assess
    expect(result.notEvaluated).toEqual([
      { sourceId: "app", reason: "source provides no credentials: stale credentials cannot be detected" },
    ]);
  });

  it("emits nothing for a failed source", () => {
    // Prepare
    const context = awsOrg()
      .updateSource("aws-prod", { status: "failed" })
      .account({ sourceId: "aws-prod", accountId: "x", credentials: [{ id: "AKIAX", active: true }] })
      .build();

    // Act / Assess
    expect(staleCredentialRule.evaluate(context).findings).toEqual([]);
  });
});
