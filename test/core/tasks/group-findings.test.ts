import { describe, expect, it } from "vitest";
import { taskContentHash } from "../../../functions/core/tasks/content-hash.ts";
import { describeFinding } from "../../../functions/core/tasks/describe-finding.ts";
import { groupFindings } from "../../../functions/core/tasks/group-findings.ts";
import { renderTaskText } from "../../../functions/core/tasks/task-text.ts";
import type { TaskPerson } from "../../../functions/core/tasks/types.ts";
import { lifecycleFinding } from "./task-fixtures.ts";

const people: Record<string, TaskPerson> = {
  E1042: {
    name: "Jane Doe",
    email: "jane.doe@acme.com",
    department: "Finance",
    managerId: "E0007",
    terminationDate: "2026-10-30",
  },
  E2001: { name: "Sam Active", email: "sam@acme.com", department: "Sales" },
};

describe("groupFindings", () => {
  it("puts every open finding of a departed person into one leaver task, across systems", () => {
    // Prepare
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
      title: "Device not returned after departure",
      evidence: { assetId: "LT-0042", serial: "C02XK1", daysOverdue: 12 },
    });
    const admin = lifecycleFinding({
      rule: "ghost-account",
      sourceId: "aws-prod",
      subjectId: "jdoe",
      personId: "E1042",
      severity: "critical",
    });

    // Act
    const groups = groupFindings([ghost, device, admin], people);

    // Assess
    expect(groups).toHaveLength(1);
    const [group] = groups;
    expect(group?.key).toBe("leaver:E1042");
    expect(group?.kind).toBe("leaver");
    expect(group?.title).toBe("Offboarding incomplete: Jane Doe (E1042), 3 open findings");
    expect(group?.severity).toBe("critical");
    expect(group?.findingIds).toEqual([ghost.id, device.id, admin.id].sort());
    expect(group?.body.facts).toEqual([
      "Employee: Jane Doe (E1042)",
      "Email: jane.doe@acme.com",
      "Department: Finance",
      "Manager: E0007",
      "Last day: 2026-10-30",
      "Open findings: 3 (1 critical, 2 high)",
      expect.stringContaining("Disable or delete the accounts below"),
    ]);
    expect(group?.body.findings[0]).toContain(
      '[critical] Enabled account of departed person: aws-prod account "jdoe"',
    );
    expect(group?.body.omitted).toBe(0);
  });

  it("groups orphan accounts and a missing admin per system, apart from the system's hygiene", () => {
    // Prepare
    const orphan = lifecycleFinding({ rule: "orphan-account", sourceId: "okta", subjectId: "00u9" });
    const noAdmin = lifecycleFinding({
      rule: "system-without-admin",
      sourceId: "okta",
      subjectId: "okta",
      subjectType: "system",
      title: "No enabled admin account held by a current person",
    });
    const dormant = lifecycleFinding({
      rule: "dormant-account",
      sourceId: "okta",
      subjectId: "00u5",
      personId: "E2001",
      severity: "low",
    });
    const staleKey = lifecycleFinding({
      rule: "stale-credential",
      sourceId: "aws-prod",
      subjectId: "ci",
      severity: "medium",
    });
    const retained = lifecycleFinding({
      rule: "retained-access-after-role-change",
      sourceId: "okta",
      subjectId: "00u6",
      personId: "E2001",
    });
    const staleSource = lifecycleFinding({
      rule: "stale-source",
      sourceId: "laptops",
      subjectId: "laptops",
      subjectType: "system",
      severity: "medium",
    });

    // Act
    const groups = groupFindings([dormant, orphan, staleKey, noAdmin, retained, staleSource], people);

    // Assess
    expect(groups.map((g) => [g.key, g.kind, g.findingIds.length, g.severity])).toEqual([
      ["system:aws-prod:hygiene", "hygiene", 1, "medium"],
      ["system:laptops:hygiene", "hygiene", 1, "medium"],
      ["system:okta", "ownership", 2, "high"],
      ["system:okta:hygiene", "hygiene", 2, "high"],
    ]);
    expect(groups[2]?.title).toBe("Unowned access in okta: 2 open findings");
    expect(groups[3]?.title).toBe("Access hygiene in okta: 2 open findings");
    expect(groups[0]?.title).toBe("Access hygiene in aws-prod: 1 open finding");
  });

  it("leaves out waived and resolved findings, and a group with nothing open", () => {
    // Prepare
    const open = lifecycleFinding({
      rule: "ghost-account",
      sourceId: "okta",
      subjectId: "00u1",
      personId: "E1042",
    });
    const waived = lifecycleFinding({
      rule: "ghost-account",
      sourceId: "slack",
      subjectId: "U01",
      personId: "E1042",
      status: "waived",
    });
    const resolved = lifecycleFinding({
      rule: "orphan-account",
      sourceId: "okta",
      subjectId: "00u9",
      status: "resolved",
    });

    // Act
    const groups = groupFindings([open, waived, resolved], people);

    // Assess
    expect(groups.map((g) => g.key)).toEqual(["leaver:E1042"]);
    expect(groups[0]?.findingIds).toEqual([open.id]);
    expect(groups[0]?.body.findings.join("\n")).not.toContain("slack");
  });

  it("treats a person the scan knows nothing about, or who has not left, as system hygiene", () => {
    // Prepare
    const unknown = lifecycleFinding({
      rule: "dormant-account",
      sourceId: "okta",
      subjectId: "00u2",
      personId: "E9999",
    });
    const prototypeName = lifecycleFinding({
      rule: "dormant-account",
      sourceId: "okta",
      subjectId: "00u3",
      personId: "constructor",
    });

    // Act
    const groups = groupFindings([unknown, prototypeName], people);

    // Assess
    expect(groups.map((g) => g.key)).toEqual(["system:okta:hygiene"]);
  });

  it("names a leaver by employee id when the roster has no name", () => {
    // Prepare
    const finding = lifecycleFinding({
      rule: "ghost-account",
      sourceId: "okta",
      subjectId: "00u1",
      personId: "E3",
    });

    // Act
    const [group] = groupFindings([finding], { E3: { terminationDate: "2026-09-01" } });

    // Assess
    expect(group?.title).toBe("Offboarding incomplete: E3, 1 open finding");
    expect(group?.body.facts.slice(0, 2)).toEqual(["Employee: E3", "Last day: 2026-09-01"]);
  });

  it("lists the most severe findings up to the cap and counts the rest", () => {
    // Prepare
    const findings = ["low", "critical", "medium", "high", "low"].map((severity, i) =>
      lifecycleFinding({
        rule: "ghost-account",
        sourceId: "okta",
        subjectId: `00u${i}`,
        personId: "E1042",
        severity: severity as "low",
      }),
    );

    // Act
    const [group] = groupFindings(findings, people, { maxListedFindings: 2 });

    // Assess
    expect(group?.findingIds).toHaveLength(5);
    expect(group?.body.findings.map((line) => line.slice(0, line.indexOf("]") + 1))).toEqual([
      "[critical]",
      "[high]",
    ]);
    expect(group?.body.omitted).toBe(3);
    const text = renderTaskText(group?.body ?? { facts: [], findings: [], omitted: 0 });
    expect(text).toContain("…and 3 more open findings of lower or equal severity (see findings.csv).");
  });

  it("returns the same groups whatever order the findings come in", () => {
    // Prepare
    const findings = [
      lifecycleFinding({ rule: "orphan-account", sourceId: "okta", subjectId: "b" }),
      lifecycleFinding({ rule: "ghost-account", sourceId: "okta", subjectId: "a", personId: "E1042" }),
      lifecycleFinding({ rule: "orphan-account", sourceId: "okta", subjectId: "a" }),
      lifecycleFinding({ rule: "dormant-account", sourceId: "slack", subjectId: "c", personId: "E2001" }),
    ];

    // Act
    const forward = groupFindings(findings, people);
    const backward = groupFindings([...findings].reverse(), people);

    // Assess
    expect(backward).toEqual(forward);
    expect(forward.map((g) => g.key)).toEqual(["leaver:E1042", "system:okta", "system:slack:hygiene"]);
  });
});

describe("groupFindings outlines", () => {
  it("name the same tasks, titles, severities and findings as the full groups, without body or hash", () => {
    // Prepare
    const findings = [
      lifecycleFinding({ rule: "orphan-account", sourceId: "okta", subjectId: "b", severity: "critical" }),
      lifecycleFinding({ rule: "ghost-account", sourceId: "okta", subjectId: "a", personId: "E1042" }),
      lifecycleFinding({
        rule: "unused-license",
        sourceId: "slack",
        subjectId: "s",
        personId: "E1042",
        severity: "low",
      }),
      lifecycleFinding({ rule: "orphan-account", sourceId: "okta", subjectId: "a" }),
      lifecycleFinding({
        rule: "dormant-account",
        sourceId: "slack",
        subjectId: "c",
        personId: "E2001",
        severity: "low",
      }),
      lifecycleFinding({
        rule: "ghost-account",
        sourceId: "okta",
        subjectId: "w",
        personId: "E1042",
        status: "waived",
      }),
    ];

    // Act
    const outlines = groupFindings(findings, people, { outline: true });

    // Assess
    const full = groupFindings(findings, people);
    expect(outlines).toEqual(
      full.map((group) => ({ ...group, body: { facts: [], findings: [], omitted: 0 }, contentHash: "" })),
    );
  });
});

describe("taskContentHash", () => {
  const a = { id: "ghost-account:aaa", severity: "high" as const };
  const b = { id: "orphan-account:bbb", severity: "critical" as const };

  it("ignores order and changes with the set of findings or a severity", () => {
    // Act
    const base = taskContentHash([a, b]);

    // Assess
    expect(taskContentHash([b, a])).toBe(base);
    expect(taskContentHash([a])).not.toBe(base);
    expect(taskContentHash([a, { ...b, severity: "high" }])).not.toBe(base);
  });

  it("does not move when only evidence changes between scans", () => {
    // Prepare
    const before = lifecycleFinding({
      rule: "ghost-account",
      sourceId: "okta",
      subjectId: "00u1",
      personId: "E1042",
    });
    const after = { ...before, evidence: { ...before.evidence, hoursOverdue: 76 } };

    // Act
    const [groupBefore] = groupFindings([before], people);
    const [groupAfter] = groupFindings([after], people);

    // Assess
    expect(groupAfter?.contentHash).toBe(groupBefore?.contentHash);
    expect(groupAfter?.body).not.toEqual(groupBefore?.body);
  });
});

describe("describeFinding", () => {
  it("names severity, title, system, subject, the key evidence and the finding id", () => {
    // Prepare
    const finding = lifecycleFinding({
      rule: "stale-credential",
      sourceId: "aws-prod",
      subjectId: "ci-deployer",
      severity: "medium",
      title: "Active credential unused for 90 days",
      evidence: {
        accountId: "ci-deployer",
        username: "ci-deployer",
        matchedBy: null,
        credentialIds: ["AKIA1", "AKIA2", "AKIA3", "AKIA4"],
        lastLoginAt: null,
      },
    });

    // Act
    const line = describeFinding(finding);

    // Assess
    expect(line).toBe(
      '[medium] Active credential unused for 90 days: aws-prod account "ci-deployer" ' +
        `(credentialIds: AKIA1, AKIA2, AKIA3 +1 more; username: ci-deployer) · ${finding.id}`,
    );
  });

  it("keeps a line short and on one line whatever a source put in a field", () => {
    // Prepare
    const finding = lifecycleFinding({
      rule: "dormant-account",
      sourceId: "okta",
      subjectId: "00u1",
      evidence: { username: `first\nsecond ${"x".repeat(200)}` },
    });

    // Act
    const line = describeFinding(finding);

    // Assess
    expect(line).not.toContain("\n");
    expect(line).toContain("username: first second xxx");
    expect(line).toContain("…)");
    expect(line.length).toBeLessThan(220);
  });
});
