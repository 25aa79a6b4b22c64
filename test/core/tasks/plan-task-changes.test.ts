import { describe, expect, it } from "vitest";
import type { FindingStatus } from "../../../functions/core/lifecycle/types.ts";
import { groupFindings } from "../../../functions/core/tasks/group-findings.ts";
import { planTaskChanges } from "../../../functions/core/tasks/plan-task-changes.ts";
import type { TaskPerson, TaskRecord } from "../../../functions/core/tasks/types.ts";
import { applyPlan, lifecycleFinding } from "./task-fixtures.ts";

const people: Record<string, TaskPerson> = { E1042: { name: "Jane Doe", terminationDate: "2026-10-30" } };

const ghost = lifecycleFinding({
  rule: "ghost-account",
  sourceId: "okta",
  subjectId: "00u1",
  personId: "E1042",
});
const device = lifecycleFinding({
  rule: "unreturned-device",
  sourceId: "laptops",
  subjectId: "LT-0042",
  subjectType: "asset",
  personId: "E1042",
});
const orphan = lifecycleFinding({ rule: "orphan-account", sourceId: "okta", subjectId: "00u9" });

/** One scan: group the findings, plan against the records, apply. */
function scan(scanId: string, findings: Parameters<typeof groupFindings>[0], records: TaskRecord[]) {
  const groups = groupFindings(findings, people);
  const plan = planTaskChanges({ scanId, groups, records });
  return { plan, records: applyPlan(records, plan.actions, scanId) };
}

describe("planTaskChanges", () => {
  it("creates a task for each new group", () => {
    // Act
    const { plan } = scan("s1", [ghost, orphan], []);

    // Assess
    expect(plan.actions.map((a) => [a.kind, a.key])).toEqual([
      ["create", "leaver:E1042"],
      ["create", "system:okta"],
    ]);
    expect(plan.unchanged).toBe(0);
  });

  it("plans nothing when the same findings are seen again", () => {
    // Prepare
    const first = scan("s1", [ghost, orphan], []);

    // Act
    const second = scan("s2", [ghost, orphan], first.records);

    // Assess
    expect(second.plan.actions).toEqual([]);
    expect(second.plan.unchanged).toBe(2);
  });

  it("updates an open task whose findings changed, naming what was added and removed", () => {
    // Prepare
    const first = scan("s1", [ghost], []);

    // Act
    const { plan } = scan("s2", [device], first.records);

    // Assess
    expect(plan.actions).toHaveLength(1);
    const [action] = plan.actions;
    expect(action?.kind).toBe("update");
    if (action?.kind !== "update") throw new Error("expected an update");
    expect(action.added).toEqual([device.id]);
    expect(action.removed).toEqual([ghost.id]);
    expect(action.record.externalId).toBe("EXT-leaver:E1042");
  });

  it("updates when only a severity changed", () => {
    // Prepare
    const first = scan("s1", [ghost], []);

    // Act
    const { plan } = scan("s2", [{ ...ghost, severity: "critical" }], first.records);

    // Assess
    expect(plan.actions.map((a) => a.kind)).toEqual(["update"]);
  });

  it("closes a task once none of its findings is open, with a comment naming the scan", () => {
    // Prepare
    const first = scan("s1", [ghost, device, orphan], []);

    // Act
    const { plan } = scan("s2", [orphan], first.records);

    // Assess
    expect(plan.actions.map((a) => [a.kind, a.key])).toEqual([["close", "leaver:E1042"]]);
    const [action] = plan.actions;
    if (action?.kind !== "close") throw new Error("expected a close");
    expect(action.comment).toBe(
      [
        "All findings resolved as of scan s2: 2 findings no longer open.",
        ...[ghost.id, device.id].sort().map((id) => `- ${id} (resolved)`),
      ].join("\n"),
    );
  });

  it("says which findings were waived when closing", () => {
    // Prepare
    const first = scan("s1", [ghost, device], []);
    const waivedGhost = { ...ghost, status: "waived" as const };
    const groups = groupFindings([waivedGhost], people);
    const findingStatus = new Map<string, FindingStatus>([[ghost.id, "waived"]]);

    // Act
    const plan = planTaskChanges({ scanId: "s2", groups, records: first.records, findingStatus });

    // Assess
    const [action] = plan.actions;
    if (action?.kind !== "close") throw new Error("expected a close");
    expect(action.comment.split("\n")[0]).toBe(
      "All findings resolved or waived as of scan s2: 1 resolved, 1 waived.",
    );
    expect(action.comment).toContain(`- ${ghost.id} (waived)`);
  });

  it("reopens a closed task when its findings come back, and then settles", () => {
    // Prepare
    const first = scan("s1", [ghost], []);
    const resolved = scan("s2", [], first.records);

    // Act
    const returned = scan("s3", [ghost], resolved.records);
    const again = scan("s4", [ghost], returned.records);

    // Assess
    expect(resolved.plan.actions.map((a) => a.kind)).toEqual(["close"]);
    expect(returned.plan.actions.map((a) => [a.kind, a.key])).toEqual([["reopen", "leaver:E1042"]]);
    expect(again.plan.actions).toEqual([]);
  });

  it("leaves a closed task closed while nothing is open", () => {
    // Prepare
    const first = scan("s1", [ghost], []);
    const closed = scan("s2", [], first.records);

    // Act
    const { plan } = scan("s3", [], closed.records);

    // Assess
    expect(plan).toEqual({ actions: [], unchanged: 0 });
  });

  it("creates again a task whose first creation never completed, handing over the record", () => {
    // Prepare
    const [group] = groupFindings([ghost], people);
    if (group === undefined) throw new Error("expected a group");
    const pending: TaskRecord = {
      key: group.key,
      status: "open",
      title: group.title,
      severity: group.severity,
      contentHash: "",
      findingIds: [],
      createdAt: 0,
      updatedAt: 0,
      scanId: "s0",
    };

    // Act
    const plan = planTaskChanges({ scanId: "s1", groups: [group], records: [pending] });
    const nothingOpen = planTaskChanges({ scanId: "s1", groups: [], records: [pending] });

    // Assess
    expect(plan.actions).toEqual([{ kind: "create", key: group.key, group, record: pending }]);
    expect(nothingOpen.actions).toEqual([]);
  });

  it("caps the closing comment at 20 findings", () => {
    // Prepare
    const many = Array.from({ length: 23 }, (_, i) =>
      lifecycleFinding({ rule: "ghost-account", sourceId: "okta", subjectId: `u${i}`, personId: "E1042" }),
    );
    const first = scan("s1", many, []);

    // Act
    const { plan } = scan("s2", [], first.records);

    // Assess
    const [action] = plan.actions;
    if (action?.kind !== "close") throw new Error("expected a close");
    const lines = action.comment.split("\n");
    expect(lines).toHaveLength(22);
    expect(lines.at(-1)).toBe("…and 3 more.");
  });
});
