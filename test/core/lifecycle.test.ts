import { describe, expect, it } from "vitest";
import { type Finding, findingId } from "../../functions/core/finding.ts";
import { type ReconcileInput, reconcileLifecycle } from "../../functions/core/lifecycle/reconcile.ts";
import {
  baselineOf,
  type LifecycleFinding,
  type StoredFinding,
  type Waiver,
} from "../../functions/core/lifecycle/types.ts";
import type { SourceStatus } from "../../functions/core/scan-context.ts";

const DAY = 86_400_000;
const T1 = Date.parse("2026-11-24T09:00:00Z");
const T2 = T1 + DAY;
const T3 = T2 + DAY;

function accountFinding(accountId: string, sourceId = "okta", rule = "ghost-account"): Finding {
  const subject = { type: "account" as const, id: accountId };
  return {
    id: findingId(rule, sourceId, subject),
    rule,
    severity: "high",
    sourceId,
    subject,
    personId: "E1001",
    title: "Enabled account of departed person",
    evidence: { accountId, enabled: true, matchedBy: "employee-id" },
    controls: ["SOC2 CC6.2"],
    dependsOn: [sourceId, "hr"],
  };
}

const ALL_OK: ReadonlyMap<string, SourceStatus> = new Map([
  ["hr", "ok"],
  ["okta", "ok"],
  ["slack", "ok"],
]);

function input(overrides: Partial<ReconcileInput>): ReconcileInput {
  return {
    scanId: "scan-1",
    now: T1,
    findings: [],
    baseline: baselineOf([]),
    stored: new Map(),
    waivers: new Map(),
    sourceStatus: ALL_OK,
    ...overrides,
  };
}

function waiver(findingIdValue: string, until: number): Waiver {
  return {
    findingId: findingIdValue,
    reason: "Legal hold on the mailbox",
    approvedBy: "ciso@acme.com",
    until,
    untilText: new Date(until).toISOString().slice(0, 10),
    createdAt: T1 - DAY,
  };
}

/** What the next scan's store looks like after a scan's item writes. */
function applied(stored: ReadonlyMap<string, StoredFinding>, updates: readonly StoredFinding[]) {
  const next = new Map(stored);
  for (const update of updates) next.set(update.finding.id, update);
  return next;
}

describe("reconcileLifecycle: first sight and seen again", () => {
  it("opens a new finding with firstSeenAt and lastSeenAt at the scan instant, writing no item", () => {
    // Prepare
    const finding = accountFinding("00u1");

    // Act
    const result = reconcileLifecycle(input({ findings: [finding] }));

    // Assess
    expect(result.findings).toEqual([{ ...finding, status: "open", firstSeenAt: T1, lastSeenAt: T1 }]);
    expect(result.transitions).toEqual([
      {
        findingId: finding.id,
        rule: "ghost-account",
        kind: "new",
        from: null,
        to: "open",
        at: T1,
        reason: "first seen",
      },
    ]);
    expect(result.storedUpdates).toEqual([]);
    expect(result.carried).toEqual([]);
    expect(result.resolved).toEqual([]);
  });

  it("keeps firstSeenAt and moves lastSeenAt when the finding is seen again, with no transition", () => {
    // Prepare
    const finding = accountFinding("00u1");
    const first = reconcileLifecycle(input({ findings: [finding] }));

    // Act
    const second = reconcileLifecycle(
      input({ scanId: "scan-2", now: T2, findings: [finding], baseline: baselineOf(first.findings) }),
    );

    // Assess
    expect(second.findings[0]).toMatchObject({ status: "open", firstSeenAt: T1, lastSeenAt: T2 });
    expect(second.transitions).toEqual([]);
    expect(second.storedUpdates).toEqual([]);
  });
});

describe("reconcileLifecycle: findings not seen again", () => {
  const gone = accountFinding("00u-gone");
  const baseline = baselineOf([{ ...gone, status: "open", firstSeenAt: T1 - DAY, lastSeenAt: T1 }]);

  it("resolves a finding whose sources were all collected", () => {
    // Act
    const result = reconcileLifecycle(input({ scanId: "scan-2", now: T2, baseline }));

    // Assess
    expect(result.resolved).toEqual([
      { ...gone, status: "resolved", firstSeenAt: T1 - DAY, lastSeenAt: T1, resolvedAt: T2 },
    ]);
    expect(result.transitions).toMatchObject([
      { findingId: gone.id, kind: "resolved", from: "open", to: "resolved", at: T2 },
    ]);
    expect(result.storedUpdates).toEqual([
      {
        status: "resolved",
        firstSeenAt: T1 - DAY,
        lastSeenAt: T1,
        resolvedAt: T2,
        finding: gone,
        scanId: "scan-2",
        previous: null,
      },
    ]);
    expect(result.findings).toEqual([]);
    expect(result.carried).toEqual([]);
  });

  it("carries the finding open, with its old lastSeenAt, when a source it depends on failed", () => {
    // Act
    const result = reconcileLifecycle(
      input({
        scanId: "scan-2",
        now: T2,
        baseline,
        sourceStatus: new Map([
          ["hr", "ok"],
          ["okta", "failed"],
        ]),
      }),
    );

    // Assess
    expect(result.carried).toEqual([{ ...gone, status: "open", firstSeenAt: T1 - DAY, lastSeenAt: T1 }]);
    expect(result.resolved).toEqual([]);
    expect(result.transitions).toEqual([]);
    expect(result.storedUpdates).toEqual([]);
  });

  it("carries the finding when a source it depends on is suspect (read, but maybe incomplete)", () => {
    // Act
    const result = reconcileLifecycle(
      input({
        scanId: "scan-2",
        now: T2,
        baseline,
        sourceStatus: new Map([
          ["hr", "ok"],
          ["okta", "suspect"],
        ]),
      }),
    );

    // Assess
    expect(result.carried.map((f) => f.id)).toEqual([gone.id]);
    expect(result.resolved).toEqual([]);
  });

  it("carries the finding when its account's record was rejected (held by its source)", () => {
    // Act
    const result = reconcileLifecycle(
      input({
        now: T2,
        baseline,
        held: new Map([["okta", { keys: new Set([`account:${gone.subject.id}`]), all: false }]]),
      }),
    );

    // Assess
    expect(result.carried.map((f) => f.id)).toEqual([gone.id]);
  });

  it("carries the finding when its person's roster row was rejected or incomplete", () => {
    // Act
    const result = reconcileLifecycle(
      input({ now: T2, baseline, held: new Map([["hr", { keys: new Set(["person:E1001"]), all: false }]]) }),
    );

    // Assess
    expect(result.carried.map((f) => f.id)).toEqual([gone.id]);
  });

  it("holds back a new finding tied to no one about an account whose person's roster row is held", () => {
    // Prepare: the account the ghost finding was about now matches no one, because E1001's row is held
    const orphan: Finding = {
      ...accountFinding(gone.subject.id, "okta", "orphan-account"),
      personId: null,
      title: "Enabled account that matches no one",
    };
    const elsewhere: Finding = {
      ...accountFinding("someone-else", "okta", "orphan-account"),
      personId: null,
    };

    // Act
    const result = reconcileLifecycle(
      input({
        scanId: "scan-2",
        now: T2,
        baseline,
        findings: [orphan, elsewhere],
        held: new Map([["hr", { keys: new Set(["person:E1001"]), all: false }]]),
      }),
    );

    // Assess: the ghost finding is carried, the orphan is held back; another account's orphan opens
    expect(result.carried.map((f) => f.id)).toEqual([gone.id]);
    expect(result.heldBack.map((f) => f.id)).toEqual([orphan.id]);
    expect(result.findings.map((f) => f.id)).toEqual([elsewhere.id]);
    expect(result.transitions.map((t) => [t.findingId, t.kind])).toEqual([[elsewhere.id, "new"]]);
  });

  it("opens the account's new finding once the person's record is no longer held", () => {
    // Prepare
    const orphan: Finding = { ...accountFinding(gone.subject.id, "okta", "orphan-account"), personId: null };

    // Act
    const result = reconcileLifecycle(input({ scanId: "scan-2", now: T2, baseline, findings: [orphan] }));

    // Assess
    expect(result.heldBack).toEqual([]);
    expect(result.findings.map((f) => f.id)).toEqual([orphan.id]);
    expect(result.resolved.map((f) => f.id)).toEqual([gone.id]);
  });

  it("carries every finding of a source that held more subjects than it could list", () => {
    // Act
    const result = reconcileLifecycle(
      input({ now: T2, baseline, held: new Map([["okta", { keys: new Set<string>(), all: true }]]) }),
    );

    // Assess
    expect(result.carried.map((f) => f.id)).toEqual([gone.id]);
  });

  it("resolves the finding when other subjects were held, or when a source it does not depend on held it", () => {
    // Act
    const result = reconcileLifecycle(
      input({
        now: T2,
        baseline,
        held: new Map([
          ["okta", { keys: new Set(["account:someone-else"]), all: false }],
          ["slack", { keys: new Set([`account:${gone.subject.id}`, "person:E1001"]), all: false }],
        ]),
      }),
    );

    // Assess
    expect(result.resolved.map((f) => f.id)).toEqual([gone.id]);
  });

  it("carries the finding when the roster (a dependency of every finding) failed", () => {
    // Act
    const result = reconcileLifecycle(
      input({
        now: T2,
        baseline,
        sourceStatus: new Map([
          ["hr", "failed"],
          ["okta", "ok"],
        ]),
      }),
    );

    // Assess
    expect(result.carried.map((f) => f.id)).toEqual([gone.id]);
  });

  it("carries the finding when a source it depends on is not in this scan at all", () => {
    // Act
    const result = reconcileLifecycle(input({ now: T2, baseline, sourceStatus: new Map([["hr", "ok"]]) }));

    // Assess
    expect(result.carried.map((f) => f.id)).toEqual([gone.id]);
  });

  it("carries the finding when its rule threw in this scan", () => {
    // Act
    const result = reconcileLifecycle(input({ now: T2, baseline, failedRules: new Set(["ghost-account"]) }));

    // Assess
    expect(result.carried.map((f) => f.id)).toEqual([gone.id]);
    expect(result.resolved).toEqual([]);
  });

  it("carries the finding when its rule could not be evaluated on its source", () => {
    // Act
    const result = reconcileLifecycle(
      input({ now: T2, baseline, notEvaluated: [{ rule: "ghost-account", sourceId: "okta" }] }),
    );

    // Assess
    expect(result.carried.map((f) => f.id)).toEqual([gone.id]);
  });

  it("still resolves when only an unrelated rule/source pair was not evaluated", () => {
    // Act
    const result = reconcileLifecycle(
      input({ now: T2, baseline, notEvaluated: [{ rule: "ghost-account", sourceId: "slack" }] }),
    );

    // Assess
    expect(result.resolved.map((f) => f.id)).toEqual([gone.id]);
  });
});

describe("reconcileLifecycle: a rule not evaluated for one of its branches", () => {
  const dormantBranch = { evidenceKey: "reason", value: "dormant" };
  function seatFinding(accountId: string, reason: string): LifecycleFinding {
    const finding = accountFinding(accountId, "slack", "unused-license");
    return {
      ...finding,
      evidence: { ...finding.evidence, reason },
      status: "open",
      firstSeenAt: T1,
      lastSeenAt: T1,
    };
  }
  const departed = seatFinding("U-departed", "departed");
  const dormant = seatFinding("U-dormant", "dormant");
  const baseline = baselineOf([departed, dormant]);
  const gap = { rule: "unused-license", sourceId: "slack", withholds: dormantBranch };

  it("resolves a finding of a branch that still ran on the source", () => {
    // Act
    const result = reconcileLifecycle(input({ now: T2, baseline, notEvaluated: [gap] }));

    // Assess
    expect(result.resolved.map((f) => f.id)).toEqual([departed.id]);
  });

  it("carries a finding of the branch that could not run", () => {
    // Act
    const result = reconcileLifecycle(input({ now: T2, baseline, notEvaluated: [gap] }));

    // Assess
    expect(result.carried.map((f) => f.id)).toEqual([dormant.id]);
  });

  it("carries a finding whose evidence does not name its branch", () => {
    // Arrange
    const unnamed = { ...departed, evidence: { accountId: "U-departed" } };

    // Act
    const result = reconcileLifecycle(
      input({ now: T2, baseline: baselineOf([unnamed]), notEvaluated: [gap] }),
    );

    // Assess
    expect(result.carried.map((f) => f.id)).toEqual([unnamed.id]);
  });

  it("carries every finding of the rule on the source when the gap names no branch", () => {
    // Act
    const result = reconcileLifecycle(
      input({ now: T2, baseline, notEvaluated: [{ rule: "unused-license", sourceId: "slack" }] }),
    );

    // Assess
    expect(result.carried.map((f) => f.id)).toEqual([departed.id, dormant.id]);
  });
});

describe("reconcileLifecycle: reopening", () => {
  const finding = accountFinding("00u-back");
  const resolvedItem: StoredFinding = {
    status: "resolved",
    firstSeenAt: T1 - 10 * DAY,
    lastSeenAt: T1 - DAY,
    resolvedAt: T1,
    finding,
    scanId: "scan-1",
    previous: null,
  };

  it("reopens a resolved finding that is seen again, keeping its original firstSeenAt", () => {
    // Act
    const result = reconcileLifecycle(
      input({
        scanId: "scan-2",
        now: T2,
        findings: [finding],
        stored: new Map([[finding.id, resolvedItem]]),
      }),
    );

    // Assess
    expect(result.findings).toEqual([
      { ...finding, status: "open", firstSeenAt: T1 - 10 * DAY, lastSeenAt: T2, reopenedAt: T2 },
    ]);
    expect(result.transitions).toMatchObject([{ kind: "reopened", from: "resolved", to: "open", at: T2 }]);
    expect(result.storedUpdates).toEqual([
      {
        status: "reopened",
        firstSeenAt: T1 - 10 * DAY,
        lastSeenAt: T2,
        resolvedAt: T1,
        reopenedAt: T2,
        finding,
        scanId: "scan-2",
        previous: { status: "resolved", firstSeenAt: T1 - 10 * DAY, lastSeenAt: T1 - DAY, resolvedAt: T1 },
      },
    ]);
  });

  it("keeps reopenedAt on later scans through the blob", () => {
    // Prepare
    const reopened = reconcileLifecycle(
      input({
        scanId: "scan-2",
        now: T2,
        findings: [finding],
        stored: new Map([[finding.id, resolvedItem]]),
      }),
    );

    // Act
    const later = reconcileLifecycle(
      input({
        scanId: "scan-3",
        now: T3,
        findings: [finding],
        baseline: baselineOf(reopened.findings),
        stored: applied(new Map([[finding.id, resolvedItem]]), reopened.storedUpdates),
      }),
    );

    // Assess
    expect(later.findings[0]).toMatchObject({
      status: "open",
      firstSeenAt: T1 - 10 * DAY,
      lastSeenAt: T3,
      reopenedAt: T2,
    });
    expect(later.transitions).toEqual([]);
  });

  it("leaves a resolved finding alone when it is still not seen", () => {
    // Act
    const result = reconcileLifecycle(input({ now: T2, stored: new Map([[finding.id, resolvedItem]]) }));

    // Assess
    expect(result).toEqual({
      findings: [],
      carried: [],
      resolved: [],
      transitions: [],
      storedUpdates: [],
      heldBack: [],
    });
  });

  it("resolves an open item known only to the store (reopened, not in the baseline) when not seen", () => {
    // Prepare
    const reopenedItem: StoredFinding = {
      ...resolvedItem,
      status: "reopened",
      reopenedAt: T1,
      lastSeenAt: T1,
    };

    // Act
    const result = reconcileLifecycle(
      input({ scanId: "scan-2", now: T2, stored: new Map([[finding.id, reopenedItem]]) }),
    );

    // Assess
    expect(result.transitions).toMatchObject([{ kind: "resolved", from: "open", to: "resolved" }]);
    expect(result.storedUpdates[0]).toMatchObject({ status: "resolved", resolvedAt: T2, reopenedAt: T1 });
  });
});

describe("reconcileLifecycle: waivers", () => {
  const finding = accountFinding("00u-waived");
  const openBaseline = baselineOf([{ ...finding, status: "open", firstSeenAt: T1, lastSeenAt: T1 }]);

  it("waives an open finding that has an active waiver", () => {
    // Prepare
    const active = waiver(finding.id, T3);

    // Act
    const result = reconcileLifecycle(
      input({
        scanId: "scan-2",
        now: T2,
        findings: [finding],
        baseline: openBaseline,
        waivers: new Map([[finding.id, active]]),
      }),
    );

    // Assess
    expect(result.findings).toEqual([
      { ...finding, status: "waived", firstSeenAt: T1, lastSeenAt: T2, waiver: active },
    ]);
    expect(result.transitions).toMatchObject([{ kind: "waived", from: "open", to: "waived", at: T2 }]);
    expect(result.storedUpdates).toMatchObject([{ status: "waived", scanId: "scan-2", previous: null }]);
  });

  it("keeps a waived finding waived, without a transition, while the waiver is active", () => {
    // Prepare
    const active = waiver(finding.id, T3 + DAY);
    const waivedBaseline = baselineOf([
      { ...finding, status: "waived", firstSeenAt: T1, lastSeenAt: T2, waiver: active },
    ]);

    // Act
    const result = reconcileLifecycle(
      input({
        scanId: "scan-3",
        now: T3,
        findings: [finding],
        baseline: waivedBaseline,
        waivers: new Map([[finding.id, active]]),
      }),
    );

    // Assess
    expect(result.findings[0]).toMatchObject({ status: "waived", lastSeenAt: T3 });
    expect(result.transitions).toEqual([]);
  });

  it("reopens a waived finding once its waiver expires (expiry at exactly now counts as expired)", () => {
    // Prepare
    const expired = waiver(finding.id, T3);
    const waivedBaseline = baselineOf([
      { ...finding, status: "waived", firstSeenAt: T1, lastSeenAt: T2, waiver: expired },
    ]);

    // Act
    const result = reconcileLifecycle(
      input({
        scanId: "scan-3",
        now: T3,
        findings: [finding],
        baseline: waivedBaseline,
        waivers: new Map([[finding.id, expired]]),
      }),
    );

    // Assess
    expect(result.findings).toEqual([
      { ...finding, status: "open", firstSeenAt: T1, lastSeenAt: T3, reopenedAt: T3 },
    ]);
    expect(result.transitions).toMatchObject([
      { kind: "waiver-expired", from: "waived", to: "open", reason: "its waiver has expired" },
    ]);
    expect(result.storedUpdates).toMatchObject([{ status: "reopened", reopenedAt: T3 }]);
  });

  it("resolves a waived finding that is no longer seen when its sources were collected", () => {
    // Prepare
    const active = waiver(finding.id, T3 + DAY);
    const waivedBaseline = baselineOf([
      { ...finding, status: "waived", firstSeenAt: T1, lastSeenAt: T2, waiver: active },
    ]);

    // Act
    const result = reconcileLifecycle(
      input({
        scanId: "scan-3",
        now: T3,
        baseline: waivedBaseline,
        waivers: new Map([[finding.id, active]]),
      }),
    );

    // Assess
    expect(result.transitions).toMatchObject([{ kind: "resolved", from: "waived", to: "resolved" }]);
    expect(result.resolved[0]).not.toHaveProperty("waiver");
  });

  it("carries a waived finding that is not seen because its source failed, and reopens it when the waiver ran out", () => {
    // Prepare
    const expired = waiver(finding.id, T2);
    const waivedBaseline = baselineOf([
      { ...finding, status: "waived", firstSeenAt: T1, lastSeenAt: T1, waiver: expired },
    ]);

    // Act
    const result = reconcileLifecycle(
      input({
        scanId: "scan-3",
        now: T3,
        baseline: waivedBaseline,
        waivers: new Map([[finding.id, expired]]),
        sourceStatus: new Map([
          ["hr", "ok"],
          ["okta", "failed"],
        ]),
      }),
    );

    // Assess
    expect(result.carried).toEqual([
      { ...finding, status: "open", firstSeenAt: T1, lastSeenAt: T1, reopenedAt: T3 },
    ]);
    expect(result.transitions).toMatchObject([{ kind: "waiver-expired", from: "waived", to: "open" }]);
    expect(result.transitions[0]?.reason).toContain("source okta not collected");
  });

  it("opens a new finding as waived when a waiver was recorded before it was first seen", () => {
    // Prepare
    const active = waiver(finding.id, T3);

    // Act
    const result = reconcileLifecycle(
      input({ findings: [finding], waivers: new Map([[finding.id, active]]) }),
    );

    // Assess
    expect(result.transitions).toMatchObject([{ kind: "new", from: null, to: "waived" }]);
    expect(result.storedUpdates).toMatchObject([{ status: "waived", firstSeenAt: T1 }]);
  });

  it("ignores an already expired waiver on a new finding", () => {
    // Act
    const result = reconcileLifecycle(
      input({ now: T2, findings: [finding], waivers: new Map([[finding.id, waiver(finding.id, T1)]]) }),
    );

    // Assess
    expect(result.findings[0]).toEqual({ ...finding, status: "open", firstSeenAt: T2, lastSeenAt: T2 });
    expect(result.storedUpdates).toEqual([]);
  });
});

describe("reconcileLifecycle: retries", () => {
  it("computes the same result when a scan is retried after it wrote some of its items", () => {
    // Prepare
    const stays = accountFinding("00u-stays");
    const gone = accountFinding("00u-gone");
    const back = accountFinding("00u-back");
    const waived = accountFinding("00u-waived");
    const baseline = baselineOf([
      { ...stays, status: "open", firstSeenAt: T1, lastSeenAt: T1 },
      { ...gone, status: "open", firstSeenAt: T1, lastSeenAt: T1 },
      { ...waived, status: "open", firstSeenAt: T1, lastSeenAt: T1 },
    ]);
    const stored = new Map<string, StoredFinding>([
      [
        back.id,
        {
          status: "resolved",
          firstSeenAt: T1 - DAY,
          lastSeenAt: T1 - DAY,
          resolvedAt: T1,
          finding: back,
          scanId: "scan-1",
          previous: null,
        },
      ],
    ]);
    const scan2 = input({
      scanId: "scan-2",
      now: T2,
      findings: [stays, back, waived],
      baseline,
      stored,
      waivers: new Map([[waived.id, waiver(waived.id, T3)]]),
    });
    const first = reconcileLifecycle(scan2);

    // Act
    const retried = reconcileLifecycle({ ...scan2, stored: applied(stored, first.storedUpdates) });

    // Assess
    expect(first.transitions.map((t) => t.kind)).toEqual(["reopened", "waived", "resolved"]);
    expect(retried).toEqual(first);
  });

  it("does not let a stale waiver in the baseline line leak into a carried finding", () => {
    // Prepare
    const finding = accountFinding("00u-carried");
    const old = waiver(finding.id, T2);
    const baseline = baselineOf([
      {
        ...finding,
        status: "waived",
        firstSeenAt: T1,
        lastSeenAt: T1,
        waiver: old,
      } satisfies LifecycleFinding,
    ]);

    // Act
    const result = reconcileLifecycle(
      input({ scanId: "scan-2", now: T3, baseline, sourceStatus: new Map([["hr", "ok"]]) }),
    );

    // Assess
    expect(result.carried[0]).not.toHaveProperty("waiver");
    expect(result.carried[0]?.status).toBe("open");
  });
});
