import { Validations } from "aws-cdk-lib";
import { Annotations, Match } from "aws-cdk-lib/assertions";
import { AwsSolutionsChecks } from "cdk-nag";
import { describe, expect, it } from "vitest";
import { BLOB_READ_SCOPES, BLOB_WRITE_SCOPES } from "../../functions/scan/contract/blob-keys.ts";
import { buildStackUnderTest } from "./stack-under-test.ts";

// Prepare (once for the file): this one synthesizes with CloudFormation schema validation on.
const { app, stack } = buildStackUnderTest({ cloudFormationValidation: true });

interface Acknowledgement {
  readonly path: string;
  readonly id: string;
  readonly reason: string;
}

const acknowledgements: Acknowledgement[] = stack.node.findAll().flatMap((construct) =>
  construct.node.metadata
    .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((entry) =>
      Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
        path: construct.node.path,
        id: id.replace(/^annotation::/i, ""),
        reason,
      })),
    ),
);

describe("cdk-nag AwsSolutions", () => {
  it("reports no violation", () => {
    // Act
    const report = new AwsSolutionsChecks(app).validateScope(stack);

    // Assess
    const violations = report.violations.map(
      (violation) =>
        `${violation.ruleName} at ${violation.violatingResources.map((resource) => resource.constructPath).join(", ")}`,
    );
    expect(violations).toEqual([]);
    expect(report.success).toBe(true);
  });

  it("every acknowledgement names one AwsSolutions finding and gives a real reason", () => {
    // Assess
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const { path, id, reason } of acknowledgements) {
      expect(id, path).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      expect(reason.length, `${path} ${id}`).toBeGreaterThanOrEqual(80);
      expect(reason, `${path} ${id}`).not.toMatch(/\b(todo|tbd|fixme|n\/a|suppress(ed)?)\b/i);
    }
  });

  it("acknowledges only the expected kinds of finding, each once per construct", () => {
    // Act
    const kinds = new Set(acknowledgements.map(({ id }) => id.replace(/<[^>]+>/g, "<ref>")));
    const keys = acknowledgements.map(({ path, id }) => `${path} ${id}`);

    // Assess
    expect(kinds).toEqual(
      new Set([
        "AwsSolutions-L1",
        "AwsSolutions-IAM5[Resource::<ref>/*]",
        // Blob writes and scoped reads, one per key pattern, and the audit archive's prefix.
        ...[...Object.values(BLOB_WRITE_SCOPES), ...Object.values(BLOB_READ_SCOPES)]
          .flat()
          .map((pattern) => `AwsSolutions-IAM5[Resource::<ref>/${pattern}]`),
        "AwsSolutions-IAM5[Resource::<ref>/audit/*]",
        "AwsSolutions-IAM5[Resource::arn:<ref>:secretsmanager:<ref>:<ref>:secret:deprov/*]",
        "AwsSolutions-IAM5[Resource::*]",
      ]),
    );
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("the acknowledged Resource::* is only on the state machines (logging and X-Ray need it) and for the SES send quota", () => {
    // Act
    const paths = acknowledgements
      .filter(({ id }) => id === "AwsSolutions-IAM5[Resource::*]")
      .map(({ path }) => path);

    // Assess
    expect(paths.sort()).toEqual(
      [
        "Deprov/Handlers/PlanManagerDigests/Role",
        "Deprov/NightlyScan/StateMachine",
        "Deprov/Reviews/AccessReview/StateMachine",
      ].sort(),
    );
  });

  it("the stack synthesizes without warnings or errors", () => {
    // Act
    const annotations = Annotations.fromStack(stack);

    // Assess
    expect(annotations.findError("*", Match.anyValue())).toEqual([]);
    expect(annotations.findWarning("*", Match.anyValue())).toEqual([]);
  });
});
