import { describe, expect, it } from "vitest";
import type { Severity } from "../../functions/core/finding.ts";
import type { ReportFinding } from "../../functions/scan/contract/scan-result.ts";
import { summariseScan } from "../../reports/report-summary.ts";
import { makeFinding, makeScanResult, unreturnedDevice, unusedLicense } from "./fixtures.ts";

describe("summariseScan", () => {
  it("computes the headline numbers", () => {
    // Prepare
    const result = makeScanResult();

    // Act
    const summary = summariseScan(result);

    // Assess
    expect(summary.total).toBe(5);
    expect(summary.bySeverity).toEqual({ critical: 1, high: 2, medium: 0, low: 2 });
    expect(summary.peopleAffected).toBe(3);
    expect(summary.monthlyLicenseWaste).toBe(25);
    expect(summary.devicesOutstanding).toBe(1);
  });

  it("counts license waste only from unused-license findings with a numeric cost", () => {
    // Prepare
    const result = makeScanResult({
      findings: [
        unusedLicense("E1", "a", 6),
        makeFinding({ rule: "unused-license", evidence: { monthlyCost: "lots" } }),
        makeFinding({ rule: "ghost-account", evidence: { monthlyCost: 100 } }),
      ],
    });

    // Act
    const summary = summariseScan(result);

    // Assess
    expect(summary.monthlyLicenseWaste).toBe(6);
  });

  it("orders rules by their worst severity, keeps rules without findings, and names unknown rules by id", () => {
    // Prepare
    const result = makeScanResult({
      findings: [...makeScanResult().findings, makeFinding({ rule: "mystery-rule", severity: "medium" })],
    });

    // Act
    const summary = summariseScan(result);

    // Assess
    expect(summary.byRule.map((g) => [g.key, g.total])).toEqual([
      ["ghost-account", 2],
      ["unreturned-device", 1],
      ["mystery-rule", 1],
      ["unused-license", 2],
      ["stale-source", 0],
    ]);
    expect(summary.byRule[2]?.rule.title).toBe("mystery-rule");
  });

  it("keeps the most severe findings of a rule, up to the cap", () => {
    // Prepare
    const lows = Array.from({ length: 10 }, (_, i) =>
      makeFinding({ severity: "low", subject: { type: "account", id: `low-${i}` } }),
    );
    const critical = makeFinding({ severity: "critical", subject: { type: "account", id: "root" } });
    const result = makeScanResult({ findings: [...lows, critical] });

    // Act
    const summary = summariseScan(result, { findingsPerRule: 3, leavers: 100, findingsPerLeaver: 10 });

    // Assess
    const group = summary.byRule[0];
    expect(group?.total).toBe(11);
    expect(group?.top.map((f) => f.subject.id)).toEqual(["root", "low-0", "low-1"]);
  });

  it("groups leavers by person, most severe first, excluding people without a termination date", () => {
    // Prepare
    const result = makeScanResult();

    // Act
    const summary = summariseScan(result);

    // Assess
    expect(summary.leaverCount).toBe(2);
    expect(summary.leavers.map((l) => [l.personId, l.worst, l.total])).toEqual([
      ["E1002", "critical", 1],
      ["E1001", "high", 3],
    ]);
    expect(summary.leavers[1]?.top.map((f) => f.rule)).toEqual([
      "ghost-account",
      "unreturned-device",
      "unused-license",
    ]);
  });

  it("ranks leavers of equal worst severity by their number of findings", () => {
    // Prepare
    const result = makeScanResult({
      findings: [
        unreturnedDevice("E1001", "A1"),
        unreturnedDevice("E1002", "A2"),
        unreturnedDevice("E1002", "A3"),
      ],
    });

    // Act
    const summary = summariseScan(result, { findingsPerRule: 50, leavers: 1, findingsPerLeaver: 1 });

    // Assess
    expect(summary.leaverCount).toBe(2);
    expect(summary.leavers.map((l) => [l.personId, l.total, l.top.length])).toEqual([["E1002", 2, 1]]);
  });

  it("counts waived findings apart from the open ones", () => {
    // Prepare
    const findings: ReportFinding[] = makeScanResult().findings.map((finding) =>
      finding.rule === "unused-license" ? { ...finding, status: "waived" } : { ...finding, status: "open" },
    );

    // Act
    const summary = summariseScan(makeScanResult({ findings }));

    // Assess
    expect(summary.total).toBe(3);
    expect(summary.waived).toBe(2);
    expect(summary.bySeverity).toEqual({ critical: 1, high: 2, medium: 0, low: 0 });
    expect(summary.monthlyLicenseWaste).toBe(0);
    const license = summary.byRule.find((group) => group.key === "unused-license");
    expect([license?.total, license?.waived]).toEqual([0, 2]);
    expect(summary.leavers.flatMap((l) => l.top.map((f) => f.rule))).not.toContain("unused-license");
  });

  it("buckets open findings by age since first seen, by severity", () => {
    // Prepare
    const now = Date.parse("2024-06-01T06:00:00.000Z");
    const day = 24 * 60 * 60 * 1000;
    const aged = (id: string, severity: Severity, days: number | undefined): ReportFinding => ({
      ...makeFinding({ severity, subject: { type: "account", id } }),
      ...(days !== undefined && { firstSeenAt: now - days * day, lastSeenAt: now, status: "open" as const }),
    });
    const findings = [
      aged("a", "critical", 1),
      aged("b", "high", 10),
      aged("c", "low", 45),
      aged("d", "low", 200),
      aged("e", "medium", undefined),
      { ...aged("f", "high", 300), status: "waived" as const },
    ];

    // Act
    const summary = summariseScan(makeScanResult({ findings }));

    // Assess
    expect(summary.ageing.map((bucket) => [bucket.key, bucket.total])).toEqual([
      ["< 7 days", 1],
      ["7–30 days", 1],
      ["30–90 days", 1],
      ["> 90 days", 1],
      ["unknown", 1],
    ]);
    expect(summary.ageing[0]?.bySeverity.critical).toBe(1);
  });
});
