/**
 * Every acknowledgement must answer a finding that would otherwise be reported: with acknowledging
 * switched off, cdk-nag's findings and the acknowledgements the stack makes are the same set.
 * A stale acknowledgement (the wildcard it excused is gone) fails here and can be deleted.
 */
import { AwsSolutionsChecks } from "cdk-nag";
import { describe, expect, it, vi } from "vitest";
import { buildStackUnderTest } from "./stack-under-test.ts";

const recorded = vi.hoisted(() => [] as { path: string; id: string }[]);

vi.mock("../../infra/nag.ts", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../infra/nag.ts")>();
  return {
    ...original,
    acknowledgeNag: (scope: { node: { path: string } }, id: string) => {
      recorded.push({ path: scope.node.path, id });
    },
  };
});

// Prepare (once for the file)
const { app, stack } = buildStackUnderTest();

describe("cdk-nag acknowledgements", () => {
  it("each one matches a finding on or under its construct, and no finding is left unmatched", () => {
    // Act
    const report = new AwsSolutionsChecks(app).validateScope(stack);
    const findings = report.violations.flatMap((violation) =>
      violation.violatingResources.map((resource) => ({
        path: resource.constructPath ?? "",
        id: violation.ruleName,
      })),
    );
    const covers = (ack: { path: string; id: string }, finding: { path: string; id: string }) =>
      ack.id === finding.id && (finding.path === ack.path || finding.path.startsWith(`${ack.path}/`));

    // Assess
    expect(recorded.length).toBeGreaterThan(0);
    expect(recorded.filter((ack) => !findings.some((finding) => covers(ack, finding)))).toEqual([]);
    expect(findings.filter((finding) => !recorded.some((ack) => covers(ack, finding)))).toEqual([]);
  });
});
