import { describe, expect, it } from "vitest";
import type { Severity } from "../../../functions/core/finding.ts";
import type { ReportFinding } from "../../../functions/scan/contract/scan-result.ts";
import {
  ocsfContext,
  ocsfDetectionFinding,
  ocsfResolvedFinding,
} from "../../../reports/ocsf/ocsf-finding.ts";
import { makeFinding, makeHistory, makeScanResult } from "../fixtures.ts";

const EVALUATED_AT = Date.parse("2024-06-01T06:00:00.000Z");
const FIRST_SEEN = Date.parse("2024-05-20T06:00:00.000Z");

function lifecycle(overrides: Partial<ReportFinding> = {}): ReportFinding {
  return {
    ...makeFinding(),
    status: "open",
    firstSeenAt: FIRST_SEEN,
    lastSeenAt: EVALUATED_AT,
    ...overrides,
  };
}

describe("ocsfDetectionFinding", () => {
  it("fills every attribute OCSF 1.3.0 requires of a Detection Finding", () => {
    // Prepare
    const finding = lifecycle();
    const context = ocsfContext(makeScanResult({ findings: [finding] }));

    // Act
    const event = ocsfDetectionFinding(finding, context);

    // Assess
    expect(event).toMatchObject({
      class_uid: 2004,
      class_name: "Detection Finding",
      category_uid: 2,
      category_name: "Findings",
      severity_id: 4,
      severity: "High",
      time: EVALUATED_AT,
      metadata: {
        version: "1.3.0",
        product: { name: "deprov", vendor_name: "deprov", version: expect.stringMatching(/^\d+\.\d+\.\d+/) },
        uid: `scan-2024-06-01T06:00:00Z-7f3a/${finding.id}`,
      },
      finding_info: {
        uid: finding.id,
        title: "Enabled account of departed person",
        desc: "A person whose offboarding deadline has passed still holds an enabled account: they (or anyone holding their credentials) can still reach the system.",
        types: ["ghost-account"],
        analytic: {
          uid: "ghost-account",
          name: "Enabled account of departed person",
          type_id: 1,
          type: "Rule",
        },
      },
    });
    expect(event.type_uid).toBe(event.class_uid * 100 + event.activity_id);
  });

  it.each<[Severity, number, string]>([
    ["low", 2, "Low"],
    ["medium", 3, "Medium"],
    ["high", 4, "High"],
    ["critical", 5, "Critical"],
  ])("maps severity %s to severity_id %i (%s)", (severity, id, caption) => {
    // Prepare
    const finding = lifecycle({ severity });

    // Act
    const event = ocsfDetectionFinding(finding, ocsfContext(makeScanResult()));

    // Assess
    expect(event.severity_id).toBe(id);
    expect(event.severity).toBe(caption);
  });

  it("creates a finding first seen in this scan and updates one seen before (type_uid 200401 / 200402)", () => {
    // Prepare
    const result = makeScanResult({ history: makeHistory() });
    const context = ocsfContext(result);
    const [seenBefore, firstSeenNow] = [result.findings[0], result.findings[1]];
    if (seenBefore === undefined || firstSeenNow === undefined) throw new Error("fixture changed");

    // Act
    const update = ocsfDetectionFinding(seenBefore, context);
    const create = ocsfDetectionFinding(firstSeenNow, context);

    // Assess
    expect([update.activity_id, update.activity_name, update.type_uid]).toEqual([2, "Update", 200402]);
    expect([create.activity_id, create.activity_name, create.type_uid]).toEqual([1, "Create", 200401]);
    expect(update.type_name).toBe("Detection Finding: Update");
  });

  it("treats every finding of a scan without persisted state as created now", () => {
    // Prepare
    const finding = makeFinding();
    const context = ocsfContext(makeScanResult({ findings: [finding] }));

    // Act
    const event = ocsfDetectionFinding(finding, context);

    // Assess
    expect(event.activity_id).toBe(1);
    expect(event.status_id).toBe(1);
    expect(event.finding_info.first_seen_time).toBe(EVALUATED_AT);
    expect(event.finding_info.created_time).toBe(EVALUATED_AT);
    expect(event.finding_info.last_seen_time).toBe(EVALUATED_AT);
  });

  it("reports an open finding as New and a waived one as Suppressed, with its lifecycle times", () => {
    // Prepare
    const context = ocsfContext(makeScanResult());

    // Act
    const open = ocsfDetectionFinding(lifecycle(), context);
    const waived = ocsfDetectionFinding(lifecycle({ status: "waived" }), context);

    // Assess
    expect([open.status_id, open.status]).toEqual([1, "New"]);
    expect([waived.status_id, waived.status]).toEqual([3, "Suppressed"]);
    expect(waived.finding_info).toMatchObject({
      created_time: FIRST_SEEN,
      first_seen_time: FIRST_SEEN,
      last_seen_time: EVALUATED_AT,
    });
    expect(waived.unmapped.compliance.status).toBe("Fail");
  });

  it("carries the controls as an OCSF Compliance object under unmapped (Detection Finding has no compliance)", () => {
    // Prepare
    const finding = lifecycle();

    // Act
    const event = ocsfDetectionFinding(finding, ocsfContext(makeScanResult()));

    // Assess
    expect(event.unmapped.compliance).toEqual({
      control: "ghost-account",
      standards: ["SOC2", "ISO27001", "NIST"],
      requirements: ["SOC2 CC6.2", "ISO27001 A.5.18", "NIST AC-2", "NIST PS-4"],
      status_id: 3,
      status: "Fail",
    });
    expect(event).not.toHaveProperty("compliance");
  });

  it("names the affected account, its system and the person who owns it, with the rule's evidence", () => {
    // Prepare
    const finding = lifecycle();

    // Act
    const event = ocsfDetectionFinding(finding, ocsfContext(makeScanResult()));

    // Assess
    expect(event.resources).toEqual([
      {
        uid: "00u1a2b3c4d5e6f7g8h9",
        name: "00u1a2b3c4d5e6f7g8h9",
        type: "account",
        data: { source_id: "okta" },
        owner: { uid: "E1001" },
      },
    ]);
    expect(event.evidences).toEqual([{ name: "ghost-account", data: finding.evidence }]);
  });

  it("gives a person subject no separate owner", () => {
    // Prepare
    const finding = lifecycle({
      rule: "undocumented-offboarding",
      subject: { type: "person", id: "E1001" },
      sourceId: "hr",
    });

    // Act
    const event = ocsfDetectionFinding(finding, ocsfContext(makeScanResult()));

    // Assess
    expect(event.resources[0]?.owner).toBeUndefined();
    expect(event.resources[0]?.type).toBe("person");
  });

  it("adds nothing about people beyond what the finding itself carries", () => {
    // Prepare: the scan knows Lee's name, email and department; the finding names only the employee id.
    const result = makeScanResult();
    const leesSeat = result.findings.find((f) => f.personId === "E2001");
    if (leesSeat === undefined) throw new Error("fixture changed");

    // Act
    const text = JSON.stringify(ocsfDetectionFinding(leesSeat, ocsfContext(result)));

    // Assess
    expect(text).toContain("E2001");
    for (const known of ["Lee Park", "lee.park@acme.com", "Finance", "Sales", "E0100"]) {
      expect(text).not.toContain(known);
    }
  });
});

describe("ocsfResolvedFinding", () => {
  it("closes a finding this scan resolved: activity Close, status Resolved, controls passing", () => {
    // Prepare
    const result = makeScanResult({ history: makeHistory() });
    const resolved = result.history?.resolved[0];
    if (resolved === undefined) throw new Error("fixture changed");

    // Act
    const event = ocsfResolvedFinding(resolved, ocsfContext(result));

    // Assess
    expect(event).toMatchObject({
      class_uid: 2004,
      category_uid: 2,
      activity_id: 3,
      activity_name: "Close",
      type_uid: 200403,
      status_id: 4,
      status: "Resolved",
      severity_id: 4,
      time: Date.parse("2024-06-01T06:00:00.000Z"),
      finding_info: {
        uid: resolved.id,
        title: "Enabled account of departed person (okta account 00u7k2m9p4q1r8s3t6v0)",
        types: ["ghost-account"],
        created_time: Date.parse("2024-05-20T06:00:00.000Z"),
        first_seen_time: Date.parse("2024-05-20T06:00:00.000Z"),
      },
      resources: [{ uid: "00u7k2m9p4q1r8s3t6v0", type: "account", owner: { uid: "E0987" } }],
      unmapped: { compliance: { control: "ghost-account", status_id: 1, status: "Pass" } },
    });
    expect(event.evidences).toBeUndefined();
  });

  it("maps a severity it does not know to Unknown rather than guessing", () => {
    // Prepare
    const result = makeScanResult({ history: makeHistory() });
    const resolved = result.history?.resolved[0];
    if (resolved === undefined) throw new Error("fixture changed");

    // Act
    const event = ocsfResolvedFinding({ ...resolved, severity: "severe" }, ocsfContext(result));

    // Assess
    expect([event.severity_id, event.severity]).toEqual([0, "Unknown"]);
  });
});
