import type { CfnElement } from "aws-cdk-lib";
import { describe, expect, it } from "vitest";
import { LIVE_READ_BUDGET_MS } from "../../functions/handlers/aws-dependencies.ts";
import { HANDLER_CATALOGUE } from "../../functions/handlers/catalogue.ts";
import { DeploySettingsError, deploySettingsFromContext } from "../../infra/deploy-settings.ts";
import { buildStackUnderTest, statementsOfRole } from "./stack-under-test.ts";

const collectSource = HANDLER_CATALOGUE.find((spec) => spec.name === "collect-source");
const READER_ROLE = "arn:aws:iam::210987654321:role/deprov-credential-report";

function collectorOf(built: ReturnType<typeof buildStackUnderTest>) {
  const handler = built.stack.handlers.all.find((h) => h.spec.name === "collect-source");
  if (handler === undefined) throw new Error("no collect-source handler");
  return {
    functionProperties:
      built.template.findResources("AWS::Lambda::Function")[
        built.logicalId(handler.fn.node.defaultChild as CfnElement)
      ]?.Properties,
    statements: statementsOfRole(
      built.template,
      built.logicalId(handler.role.node.defaultChild as CfnElement),
    ),
  };
}

describe("infra for live sources", () => {
  it("gives CollectSource /tmp room for a live read's snapshot", () => {
    // Act
    const { functionProperties } = collectorOf(buildStackUnderTest());

    // Assess
    expect(functionProperties?.EphemeralStorage).toEqual({ Size: 1024 });
  });

  it("lets CollectSource assume only the credential-report roles, by default this account's deprov-credential-report", () => {
    // Act
    const byDefault = collectorOf(buildStackUnderTest()).statements.filter((s) =>
      s.actions.includes("sts:AssumeRole"),
    );
    const configured = collectorOf(
      buildStackUnderTest({ props: { sourceRoleArns: [READER_ROLE] } }),
    ).statements.filter((s) => s.actions.includes("sts:AssumeRole"));

    // Assess
    expect(byDefault).toHaveLength(1);
    expect(JSON.stringify(byDefault[0]?.resource)).toContain(":role/deprov-credential-report");
    expect(configured).toEqual([{ effect: "Allow", actions: ["sts:AssumeRole"], resource: READER_ROLE }]);
  });

  it("gives no handler IAM credential-report actions of its own", () => {
    // Act
    const built = buildStackUnderTest();
    const iamActions = built.stack.handlers.all.flatMap((handler) =>
      statementsOfRole(built.template, built.logicalId(handler.role.node.defaultChild as CfnElement))
        .flatMap((s) => s.actions)
        .filter((action) => action.startsWith("iam:")),
    );

    // Assess
    expect(iamActions).toEqual([]);
  });

  it("reads sourceRoleArns from context, exact role ARNs only", () => {
    // Act
    const settings = deploySettingsFromContext((key) =>
      key === "sourceRoleArns"
        ? `${READER_ROLE}, arn:aws:iam::123456789012:role/deprov-credential-report`
        : undefined,
    );

    // Assess
    expect(settings.sourceRoleArns).toEqual([
      READER_ROLE,
      "arn:aws:iam::123456789012:role/deprov-credential-report",
    ]);
    expect(() =>
      deploySettingsFromContext((key) => (key === "sourceRoleArns" ? "arn:aws:iam::*:role/*" : undefined)),
    ).toThrow(DeploySettingsError);
  });

  it("stops a live read's waiting well inside CollectSource's Lambda timeout", () => {
    // Assess
    expect(LIVE_READ_BUDGET_MS).toBeLessThanOrEqual(((collectSource?.timeoutSeconds ?? 0) - 120) * 1000);
  });
});
