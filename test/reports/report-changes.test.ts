import { describe, expect, it } from "vitest";
import type { ResolvedFinding } from "../../functions/scan/contract/scan-result.ts";
import { summariseChanges } from "../../reports/report-changes.ts";
import { makeFinding, makeHistory } from "./fixtures.ts";

function resolved(id: string, severity: string): ResolvedFinding {
  return {
    id,
    rule: "ghost-account",
    severity,
    sourceId: "okta",
    subject: { type: "account", id },
    personId: null,
    firstSeenAt: "2024-05-01T06:00:00.000Z",
    resolvedAt: "2024-06-01T06:00:00.000Z",
  };
}

describe("summariseChanges", () => {
  it("keeps the most severe new findings, up to the cap, and counts them all", () => {
    // Prepare
    const lows = Array.from({ length: 5 }, (_, i) =>
      makeFinding({ severity: "low", subject: { type: "account", id: `low-${i}` } }),
    );
    const critical = makeFinding({ severity: "critical", subject: { type: "account", id: "root" } });
    const old = makeFinding({ severity: "critical", subject: { type: "account", id: "old" } });
    const findings = [...lows, critical, old];
    const history = makeHistory({ newFindingIds: [...lows, critical].map((f) => f.id) });

    // Act
    const changes = summariseChanges(findings, history, 3);

    // Assess
    expect(changes.newCount).toBe(6);
    expect(changes.newTop.map((f) => f.subject.id)).toEqual(["root", "low-0", "low-1"]);
  });

  it("orders resolved findings by severity, unknown severities last", () => {
    // Prepare
    const history = makeHistory({
      resolved: [
        resolved("a", "low"),
        resolved("b", "bogus"),
        resolved("c", "critical"),
        resolved("d", "high"),
      ],
    });

    // Act
    const changes = summariseChanges([], history, 50);

    // Assess
    expect(changes.resolvedCount).toBe(4);
    expect(changes.resolvedTop.map((f) => f.id)).toEqual(["c", "d", "a", "b"]);
  });

  it("ignores new ids whose finding is not in the scan", () => {
    // Act
    const changes = summariseChanges([], makeHistory({ newFindingIds: ["ghost-account:0000"] }), 50);

    // Assess
    expect(changes.newCount).toBe(0);
    expect(changes.newTop).toEqual([]);
  });
});

describe("summariseChanges, findings open again", () => {
  it("counts reopened and waiver-expired findings apart from new ones", () => {
    // Prepare
    const added = makeFinding({ subject: { type: "account", id: "added" } });
    const back = makeFinding({ severity: "critical", subject: { type: "account", id: "back" } });
    const unwaived = makeFinding({ subject: { type: "account", id: "unwaived" } });
    const history = makeHistory({
      newFindingIds: [added.id],
      reopenedFindingIds: [back.id],
      waiverExpiredFindingIds: [unwaived.id],
      waivedFindingIds: ["orphan-account:0000"],
    });

    // Act
    const changes = summariseChanges([added, back, unwaived], history, 50);

    // Assess
    expect(changes.newTop.map((f) => f.subject.id)).toEqual(["added"]);
    expect(changes.reopenedTop.map((f) => f.subject.id)).toEqual(["back"]);
    expect(changes.waiverExpiredTop.map((f) => f.subject.id)).toEqual(["unwaived"]);
    expect([
      changes.newCount,
      changes.reopenedCount,
      changes.waiverExpiredCount,
      changes.waivedCount,
    ]).toEqual([1, 1, 1, 1]);
  });
});
