import { describe, expect, it } from "vitest";
import { runRules } from "../../functions/core/engine.ts";
import { findingId } from "../../functions/core/finding.ts";
import { ghostAccountRule } from "../../functions/core/rules/ghost-account.ts";
import { ALL_RULES } from "../../functions/core/rules/registry.ts";
import type { Rule } from "../../functions/core/rules/rule.ts";
import { undocumentedOffboardingRule } from "../../functions/core/rules/undocumented-offboarding.ts";
import { at, type Scenario, scenario } from "../support/scenario.ts";

const LEAVER = {
  employeeId: "E1001",
  name: "Alice Ng",
  email: "alice.ng@acme.com",
  terminationDate: "2025-06-01",
};

function fakeRule(id: string, evaluate: Rule["evaluate"]): Rule {
  return {
    id,
    title: id,
    rationale: "test",
    severityLogic: "test",
    subjectType: "account",
    controls: ["SOC2 CC6.2"],
    evaluate,
  };
}

/** An org where every rule has something to find. */
function everyRuleFires(): Scenario {
  const LONG_AGO = at("2023-01-09T15:00:00Z");
  return scenario()
    .updateSource("app", { monthlyCostPerSeat: 6 })
    .source({ id: "wiki", kind: "accounts", format: "scim", exportedAt: at("2025-05-01T12:00:00Z") })
    .entitlement("finance-admins", ["Finance"])
    .leaver(LEAVER)
    .person({ employeeId: "E1002", email: "bo.diaz@acme.com", department: "Sales", roleChangedAt: LONG_AGO })
    .account({ accountId: "alice", email: LEAVER.email, privileged: true })
    .account({ accountId: "orphan", username: "temp" })
    .account({
      accountId: "alice-old",
      email: LEAVER.email,
      enabled: false,
      disabledAt: at("2025-06-10T12:00:00Z"),
    })
    .account({ accountId: "kiosk", enabled: false, disabledAt: at("2025-01-10T12:00:00Z") })
    .account({ accountId: "bo", email: "bo.diaz@acme.com", createdAt: LONG_AGO, groups: ["finance-admins"] })
    .account({ sourceId: "wiki", accountId: "bo-wiki", email: "bo.diaz@acme.com", createdAt: LONG_AGO })
    .account({ accountId: "bo-key", email: "bo.diaz@acme.com", credentials: [{ id: "AKIAX", active: true }] })
    .asset({ assetId: "LAP-1", assignedTo: "E1001" })
    .resource({ resourceId: "job-1", type: "cron", ownerId: "E1001" })
    .offboardingRecord({ employeeId: "E0001", ticketId: "IT-1" })
    .policy({ deviceReturnDays: 7, deleteAfterDays: 3 });
}

describe("runRules", () => {
  it("turns a throwing rule into a rule error and still runs the others", () => {
    // Prepare
    const context = scenario().leaver(LEAVER).account({ accountId: "alice", email: LEAVER.email }).build();
    const exploding = fakeRule("exploding", () => {
      throw new TypeError("cannot read properties of undefined");
    });

    // Act
    const result = runRules(context, [exploding, ghostAccountRule]);

    // Assess
    expect(result.ruleErrors).toEqual([
      { rule: "exploding", message: "TypeError: cannot read properties of undefined" },
    ]);
    expect(result.findings.map((f) => f.rule)).toEqual(["ghost-account"]);
  });

  it("builds findings with stable ids, the rule's controls and their dependencies", () => {
    // Prepare
    const context = scenario()
      .leaver(LEAVER)
      .account({ accountId: "alice", email: LEAVER.email })
      .offboardingRecord({ employeeId: "E0001", ticketId: "IT-1" })
      .build();

    // Act
    const { findings } = runRules(context, [ghostAccountRule, undocumentedOffboardingRule]);

    // Assess
    const subject = { type: "account" as const, id: "alice" };
    expect(findings.map((f) => [f.id, f.controls, f.dependsOn])).toEqual([
      [findingId("ghost-account", "app", subject), ghostAccountRule.controls, ["app", "hr"]],
      [
        findingId("undocumented-offboarding", "hr", { type: "person", id: "E1001" }),
        undocumentedOffboardingRule.controls,
        ["hr", "tickets"],
      ],
    ]);
  });

  it("keeps ids and order identical when the input order changes", () => {
    // Prepare
    const forward = everyRuleFires().build();
    const reversed = {
      ...forward,
      accounts: [...forward.accounts].reverse(),
      people: [...forward.people].reverse(),
    };

    // Act
    const first = runRules(forward).findings.map((f) => f.id);
    const second = runRules(reversed).findings.map((f) => f.id);

    // Assess
    expect(second).toEqual(first);
  });

  it("sorts by severity, then rule, source and subject", () => {
    // Prepare
    const context = everyRuleFires().build();

    // Act
    const { findings } = runRules(context);

    // Assess: the separator sorts below every printable character, as in a tuple comparison.
    const rank = { critical: 0, high: 1, medium: 2, low: 3 };
    const keys = findings.map((f) =>
      [rank[f.severity], f.rule, f.sourceId, f.subject.type, f.subject.id].join("\u0000"),
    );
    expect(keys.length).toBeGreaterThan(10);
    expect(keys).toEqual([...keys].sort());
  });

  it("runs every registered rule over one org, each finding something, without errors", () => {
    // Prepare
    const context = everyRuleFires().build();

    // Act
    const result = runRules(context);

    // Assess
    expect(result.ruleErrors).toEqual([]);
    expect(new Set(result.findings.map((f) => f.rule))).toEqual(new Set(ALL_RULES.map((r) => r.id)));
  });

  it("keeps one finding per id, the more severe one", () => {
    // Prepare
    const context = scenario().build();
    const twice = fakeRule("twice", () => ({
      findings: [
        {
          severity: "low",
          sourceId: "app",
          subject: { type: "account", id: "a" },
          personId: null,
          title: "t",
          evidence: {},
        },
        {
          severity: "high",
          sourceId: "app",
          subject: { type: "account", id: "a" },
          personId: null,
          title: "t",
          evidence: {},
        },
      ],
      notEvaluated: [],
    }));

    // Act
    const { findings } = runRules(context, [twice]);

    // Assess
    expect(findings.map((f) => f.severity)).toEqual(["high"]);
  });

  it("passes on what rules could not evaluate, naming the rule", () => {
    // Prepare
    const context = scenario().leaver(LEAVER).build();

    // Act
    const { notEvaluated } = runRules(context, [undocumentedOffboardingRule]);

    // Assess
    expect(notEvaluated).toEqual([
      {
        rule: "undocumented-offboarding",
        sourceId: "hr",
        reason: "no offboarding-records source is configured: offboarding documentation cannot be checked",
      },
    ]);
  });
});

describe("registry", () => {
  it("lists the SPEC §4 rules in order, each findable by id", () => {
    // Act
    const ids = ALL_RULES.map((r) => r.id);

    // Assess
    expect(ids).toEqual([
      "ghost-account",
      "orphan-account",
      "late-disable",
      "overdue-deletion",
      "unreturned-device",
      "unused-license",
      "dormant-account",
      "stale-credential",
      "undocumented-offboarding",
      "system-without-admin",
      "orphaned-resource",
      "retained-access-after-role-change",
      "stale-source",
    ]);
  });
});
