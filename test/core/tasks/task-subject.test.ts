import { describe, expect, it } from "vitest";
import { groupFindings } from "../../../functions/core/tasks/group-findings.ts";
import { taskSubjectOf } from "../../../functions/core/tasks/task-subject.ts";
import { lifecycleFinding } from "./task-fixtures.ts";

describe("taskSubjectOf", () => {
  it("reads back whom or what each kind of group is about, from the keys groupFindings writes", () => {
    // Prepare: an employee id with a colon in it, as some HR systems write them.
    const groups = groupFindings(
      [
        lifecycleFinding({ rule: "ghost-account", sourceId: "okta", subjectId: "00u1", personId: "HR:1001" }),
        lifecycleFinding({ rule: "orphan-account", sourceId: "okta", subjectId: "00u2" }),
        lifecycleFinding({
          rule: "dormant-account",
          sourceId: "slack.prod",
          subjectId: "U3",
          personId: "E7",
        }),
      ],
      { "HR:1001": { name: "Dana Whitfield", terminationDate: "2026-10-30" }, E7: { name: "Lee Park" } },
    );

    // Act
    const subjects = groups.map((group) => [group.kind, taskSubjectOf(group.key)]);

    // Assess
    expect(subjects).toEqual([
      ["leaver", { kind: "leaver", personId: "HR:1001", sourceId: null }],
      ["ownership", { kind: "ownership", personId: null, sourceId: "okta" }],
      ["hygiene", { kind: "hygiene", personId: null, sourceId: "slack.prod" }],
    ]);
  });

  it.each(["", "leaver:", "system:", "system::hygiene", "system:a:b", "review:E1"])(
    "knows no subject for the key %j",
    (key) => {
      expect(taskSubjectOf(key)).toBeUndefined();
    },
  );
});
