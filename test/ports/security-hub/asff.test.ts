import { describe, expect, it } from "vitest";
import {
  asffContext,
  asffFinding,
  asffResolvedFinding,
  securityHubProductArn,
} from "../../../functions/ports/security-hub/asff.ts";
import type { ReportFinding } from "../../../functions/scan/contract/scan-result.ts";
import { makeFinding, makeHistory, makeScanResult } from "../../reports/fixtures.ts";

const ACCOUNT = "111122223333";
const NOW = Date.parse("2024-06-01T06:05:00.000Z");

function contextFor(result = makeScanResult(), region = "us-east-1") {
  return asffContext({ accountId: ACCOUNT, region, result, now: NOW });
}

function lifecycle(overrides: Partial<ReportFinding> = {}): ReportFinding {
  return {
    ...makeFinding(),
    status: "open",
    firstSeenAt: Date.parse("2024-05-20T06:00:00.000Z"),
    lastSeenAt: Date.parse("2024-06-01T06:00:00.000Z"),
    ...overrides,
  };
}

describe("asffFinding", () => {
  it("fills every top-level attribute ASFF requires, for the account's default product", () => {
    // Prepare
    const finding = lifecycle();

    // Act
    const asff = asffFinding(finding, contextFor());

    // Assess
    expect(asff).toMatchObject({
      SchemaVersion: "2018-10-08",
      Id: finding.id,
      ProductArn: "arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default",
      ProductName: "deprov",
      GeneratorId: "ghost-account",
      AwsAccountId: ACCOUNT,
      Types: ["Software and Configuration Checks/Industry and Regulatory Standards"],
      CreatedAt: "2024-05-20T06:00:00.000Z",
      FirstObservedAt: "2024-05-20T06:00:00.000Z",
      LastObservedAt: "2024-06-01T06:00:00.000Z",
      UpdatedAt: "2024-06-01T06:05:00.000Z",
      Severity: { Label: "HIGH", Original: "high" },
      FindingProviderFields: {
        Severity: { Label: "HIGH", Original: "high" },
        Types: ["Software and Configuration Checks/Industry and Regulatory Standards"],
      },
      Title: "Enabled account of departed person",
      Compliance: {
        Status: "FAILED",
        RelatedRequirements: ["SOC2 CC6.2", "ISO27001 A.5.18", "NIST AC-2", "NIST PS-4"],
      },
      Workflow: { Status: "NEW" },
      RecordState: "ACTIVE",
    });
    expect(asff.Description).toContain(
      "Rule ghost-account. A person whose offboarding deadline has passed still holds an enabled account: they (or anyone holding their credentials) can still reach the system.",
    );
    expect(asff.Description).toContain(
      "Evidence: accountId=deborah.alvarez; username=deborah.alvarez; email=null; privileged=false;",
    );
    expect(asff.Resources).toEqual([
      {
        Type: "Other",
        Id: "okta/account/00u1a2b3c4d5e6f7g8h9",
        Details: {
          Other: {
            source: "okta",
            subjectType: "account",
            subjectId: "00u1a2b3c4d5e6f7g8h9",
            personId: "E1001",
            accountId: "deborah.alvarez",
            username: "deborah.alvarez",
            email: "null",
            privileged: "false",
            enabled: "true",
            matchedBy: "username",
            matchedOn: "deborah.alvarez",
            personStatus: "terminated",
            terminationDate: "2024-10-26",
            terminatedAt: "null",
            terminationInstant: "2024-10-27T04:00:00.000Z",
            disableDueAt: "2024-10-28T04:00:00.000Z",
            hoursOverdue: "3032",
            lastLoginAt: "2024-10-19T05:18:22.000Z",
            loginAfterTermination: "false",
          },
        },
      },
    ]);
    expect(asff.ProductFields).toEqual({
      "deprov/ScanId": "scan-2024-06-01T06:00:00Z-7f3a",
      "deprov/Organization": "Acme Corp",
      "deprov/Rule": "ghost-account",
      "deprov/Source": "okta",
      "deprov/Status": "open",
      "deprov/Controls": "SOC2 CC6.2, ISO27001 A.5.18, NIST AC-2, NIST PS-4",
    });
  });

  it("uses the scan's evaluation instant for a finding without lifecycle dates", () => {
    // Act
    const asff = asffFinding(makeFinding(), contextFor());

    // Assess
    expect([asff.CreatedAt, asff.FirstObservedAt, asff.LastObservedAt]).toEqual([
      "2024-06-01T06:00:00.000Z",
      "2024-06-01T06:00:00.000Z",
      "2024-06-01T06:00:00.000Z",
    ]);
    expect(asff.ProductFields?.["deprov/Status"]).toBe("open");
  });

  it("suppresses a waived finding and keeps it active and failing", () => {
    // Act
    const asff = asffFinding(lifecycle({ status: "waived" }), contextFor());

    // Assess
    expect(asff.Workflow).toEqual({ Status: "SUPPRESSED" });
    expect(asff.RecordState).toBe("ACTIVE");
    expect(asff.Compliance?.Status).toBe("FAILED");
  });

  it("cuts a long title to 256 characters and the description to 1,024", () => {
    // Prepare
    const finding = lifecycle({ title: `Enabled account ${"of a very long display name ".repeat(20)}` });

    // Act
    const asff = asffFinding(finding, contextFor());

    // Assess
    expect(asff.Title).toHaveLength(256);
    expect(asff.Title?.endsWith("…")).toBe(true);
    expect(asff.Description?.length).toBeLessThanOrEqual(1024);
  });

  it("trims resource details past 50 keys, keeping the subject's own keys first", () => {
    // Prepare
    const evidence = Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`group${i}`, `Team ${i}`]));
    const finding = lifecycle({ evidence: { ...evidence, longValue: "x".repeat(3000) } });

    // Act
    const other = asffFinding(finding, contextFor()).Resources?.[0]?.Details?.Other ?? {};

    // Assess
    expect(Object.keys(other)).toHaveLength(50);
    expect(other).toMatchObject({
      source: "okta",
      subjectType: "account",
      personId: "E1001",
      group0: "Team 0",
    });
    expect(Object.values(other).every((value) => typeof value === "string" && value.length < 1024)).toBe(
      true,
    );
  });

  it("sends at most 32 related requirements, and every control in the product fields", () => {
    // Prepare
    const controls = Array.from({ length: 40 }, (_, i) => `NIST AC-${i + 1}`);

    // Act
    const asff = asffFinding(lifecycle({ controls }), contextFor());

    // Assess
    expect(asff.Compliance?.RelatedRequirements).toEqual(controls.slice(0, 32));
    expect(asff.ProductFields?.["deprov/Controls"]).toBe(controls.join(", "));
  });

  it("drops evidence entries without text and writes lists and nulls readably", () => {
    // Prepare
    const finding = lifecycle({
      evidence: { groups: ["Okta Admins", "Everyone"], lastLoginAt: null, note: " ", none: [] },
    });

    // Act
    const other = asffFinding(finding, contextFor()).Resources?.[0]?.Details?.Other ?? {};

    // Assess
    expect(other.groups).toBe("Okta Admins, Everyone");
    expect(other.lastLoginAt).toBe("null");
    expect(other).not.toHaveProperty("note");
    expect(other).not.toHaveProperty("none");
  });
});

describe("asffResolvedFinding", () => {
  it("archives a finding this scan resolved, with its compliance passing and its workflow resolved", () => {
    // Prepare
    const result = makeScanResult({ history: makeHistory() });
    const resolved = result.history?.resolved[1];
    if (resolved === undefined) throw new Error("fixture changed");

    // Act
    const asff = asffResolvedFinding(resolved, contextFor(result));

    // Assess
    expect(asff).toMatchObject({
      Id: resolved.id,
      GeneratorId: "unreturned-device",
      CreatedAt: "2024-05-02T06:00:00.000Z",
      FirstObservedAt: "2024-05-02T06:00:00.000Z",
      UpdatedAt: "2024-06-01T06:05:00.000Z",
      Severity: { Label: "HIGH", Original: "high" },
      Title: "Device not returned by departed person (laptops asset ASSET-00017)",
      Compliance: {
        Status: "PASSED",
        RelatedRequirements: ["SOC2 CC6.1", "ISO27001 A.5.11", "NIST PS-4", "NIST CM-8"],
      },
      Workflow: { Status: "RESOLVED" },
      RecordState: "ARCHIVED",
      Resources: [{ Type: "Other", Id: "laptops/asset/ASSET-00017" }],
    });
    expect(asff.Description).toContain("Resolved at 2024-06-01T06:00:00.000Z.");
    expect(asff.LastObservedAt).toBeUndefined();
  });
});

describe("securityHubProductArn", () => {
  it.each([
    ["us-east-1", "arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default"],
    ["cn-north-1", "arn:aws-cn:securityhub:cn-north-1:111122223333:product/111122223333/default"],
    ["us-gov-west-1", "arn:aws-us-gov:securityhub:us-gov-west-1:111122223333:product/111122223333/default"],
  ])("names the default product in %s with its partition", (region, arn) => {
    expect(securityHubProductArn(region, ACCOUNT)).toBe(arn);
  });
});
