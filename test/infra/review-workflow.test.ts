import { readFileSync } from "node:fs";
import type { CfnRole } from "aws-cdk-lib/aws-iam";
import type { CfnFunction, CfnUrl } from "aws-cdk-lib/aws-lambda";
import type { CfnStateMachine } from "aws-cdk-lib/aws-stepfunctions";
import { describe, expect, it } from "vitest";
import { ACCESS_REVIEW_HANDLERS } from "../../functions/handlers/catalogue.ts";
import { ACCESS_REVIEW_DEFINITION } from "../../infra/paths.ts";
import { buildStackUnderTest, refersTo, statementsOfRole } from "./stack-under-test.ts";

// Prepare (once for the file)
const { stack, template, logicalId } = buildStackUnderTest();
const reviews = stack.reviews;
const stateMachineId = logicalId(reviews.workflow.stateMachine.node.defaultChild as CfnStateMachine);
const stateMachine = template.findResources("AWS::StepFunctions::StateMachine")[stateMachineId];
const definitionText = readFileSync(ACCESS_REVIEW_DEFINITION, "utf8");
const decisionFunctionId = logicalId(reviews.decision.fn.node.defaultChild as CfnFunction);
const urlId = logicalId(reviews.decisionUrl.node.defaultChild as CfnUrl);
const functions = template.findResources("AWS::Lambda::Function");
const roleOf = (handler: { role: { node: { defaultChild: unknown } } }) =>
  logicalId(handler.role.node.defaultChild as CfnRole);
const actionsOf = (roleId: string) => statementsOfRole(template, roleId).flatMap((s) => s.actions);
const blobBucketId = logicalId(stack.blobs.bucket.node.defaultChild as never);
/** A resource as one string: `<LogicalId.Arn>` for a GetAtt, `<AWS::Region>` for a pseudo parameter. */
const arnText = (value: unknown): string => {
  const part = value as { "Fn::Join"?: [string, unknown[]]; "Fn::GetAtt"?: [string, string]; Ref?: string };
  if (typeof value === "string") return value;
  if (part["Fn::Join"]) return part["Fn::Join"][1].map(arnText).join(part["Fn::Join"][0]);
  if (part["Fn::GetAtt"]) return `<${part["Fn::GetAtt"].join(".")}>`;
  return `<${part.Ref}>`;
};
/** Actions on the blob bucket (the audit trail's write-once bucket is the audit:append grant's). */
const blobActionsOf = (roleId: string) =>
  statementsOfRole(template, roleId)
    .filter((s) => refersTo(s.resource, blobBucketId))
    .flatMap((s) => s.actions);

describe("the access-review state machine", () => {
  it("inlines statemachines/access-review.asl.json unchanged, each placeholder its own function's ARN", () => {
    // Act
    const substitutions: Record<string, unknown> = stateMachine?.Properties.DefinitionSubstitutions;
    const byPlaceholder = new Map(
      reviews.handlers.all.map((h) => [h.spec.placeholder, logicalId(h.fn.node.defaultChild as CfnFunction)]),
    );

    // Assess
    expect(stateMachine?.Properties.DefinitionString).toBe(definitionText);
    expect(new Set(Object.keys(substitutions))).toEqual(
      new Set(ACCESS_REVIEW_HANDLERS.map((s) => s.placeholder)),
    );
    for (const [placeholder, value] of Object.entries(substitutions))
      expect(value).toEqual({ "Fn::GetAtt": [byPlaceholder.get(placeholder), "Arn"] });
    expect(stateMachine?.Properties.StateMachineType).toBe("STANDARD");
  });

  it("starts on its own schedule, once a year by default, in the org's time zone", () => {
    // Act
    const schedule = Object.values(template.findResources("AWS::Scheduler::Schedule")).find(
      (candidate) =>
        JSON.stringify(candidate.Properties.Target.Arn) === JSON.stringify({ Ref: stateMachineId }),
    );

    // Assess
    expect(schedule?.Properties).toMatchObject({
      ScheduleExpression: "cron(0 9 15 1 ? *)",
      ScheduleExpressionTimezone: "America/New_York",
      Description: "deprov access-review campaign",
    });
    expect(JSON.parse(schedule?.Properties.Target.Input)).toEqual({
      trigger: "schedule",
      scheduledTime: "<aws.scheduler.scheduled-time>",
    });
  });

  it("takes another schedule from the stack's props", () => {
    // Act
    const other = buildStackUnderTest({ props: { reviewScheduleExpression: "cron(0 9 1 */3 ? *)" } });

    // Assess
    other.template.hasResourceProperties("AWS::Scheduler::Schedule", {
      ScheduleExpression: "cron(0 9 1 */3 ? *)",
    });
  });
});

describe("the decision page", () => {
  it("is a function URL with auth NONE (the signed link is the credential) on the decision function", () => {
    // Act
    const url = template.findResources("AWS::Lambda::Url")[urlId];

    // Assess
    template.resourceCountIs("AWS::Lambda::Url", 1);
    expect(url?.Properties).toMatchObject({ AuthType: "NONE", InvokeMode: "BUFFERED" });
    expect(url?.Properties.TargetFunctionArn).toEqual({ "Fn::GetAtt": [decisionFunctionId, "Arn"] });
    expect(template.toJSON().Outputs.DecisionUrl.Value).toEqual({ "Fn::GetAtt": [urlId, "FunctionUrl"] });
    expect(template.toJSON().Outputs.ReviewStateMachineArn.Value).toEqual({ Ref: stateMachineId });
  });

  it("is linked from the packets: the review handlers know its URL", () => {
    // Assess
    for (const handler of reviews.handlers.all) {
      const id = logicalId(handler.fn.node.defaultChild as CfnFunction);
      expect(functions[id]?.Properties.Environment.Variables.DECISION_URL).toEqual({
        "Fn::GetAtt": [urlId, "FunctionUrl"],
      });
    }
  });

  it("may read and record decisions and read the link key, but not send email or write blobs", () => {
    // Act
    const statements = statementsOfRole(template, roleOf(reviews.decision));
    const actions = statements.flatMap((s) => s.actions);

    // Assess
    expect(actions).toEqual(
      expect.arrayContaining(["dynamodb:GetItem", "dynamodb:PutItem", "secretsmanager:GetSecretValue"]),
    );
    expect(actions).not.toContain("ses:SendRawEmail");
    expect(blobActionsOf(roleOf(reviews.decision))).not.toContain("s3:PutObject");
    expect(
      statements.some(
        (s) =>
          s.actions.includes("dynamodb:PutItem") &&
          refersTo(s.resource, logicalId(stack.state.auditTable.node.defaultChild as never)),
      ),
    ).toBe(true);
  });

  it("reads the link key and no other secret: not the sources' or the task sink's under deprov/*", () => {
    // Act
    const secretResources = statementsOfRole(template, roleOf(reviews.decision))
      .filter((s) => s.actions.some((action) => action.startsWith("secretsmanager:")))
      .map((s) => ({ actions: s.actions, arn: arnText(s.resource) }));

    // Assess
    expect(secretResources).toEqual([
      {
        actions: ["secretsmanager:GetSecretValue"],
        arn: "arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:deprov/review-link-key-??????",
      },
    ]);
  });

  it("reads the config and the campaigns' item chunks, not the whole bucket (snapshots/ holds raw HR exports)", () => {
    // Act
    const reads = statementsOfRole(template, roleOf(reviews.decision))
      .filter((s) => s.actions.includes("s3:GetObject") && refersTo(s.resource, blobBucketId))
      .flatMap((s) => (Array.isArray(s.resource) ? s.resource : [s.resource]).map(arnText));

    // Assess
    expect(reads.sort()).toEqual(
      [`<${blobBucketId}.Arn>/config/deprov.config.json`, `<${blobBucketId}.Arn>/reviews/*/items/*`].sort(),
    );
    expect(blobActionsOf(roleOf(reviews.decision)).sort()).toEqual(["s3:GetObject", "s3:ListBucket"]);
  });

  it("touches only the review partitions of the state table, and never deletes", () => {
    // Act
    const stateTableId = logicalId(stack.state.stateTable.node.defaultChild as never);
    const onState = statementsOfRole(template, roleOf(reviews.decision)).filter((s) =>
      refersTo(s.resource, stateTableId),
    );
    const dynamoActions = actionsOf(roleOf(reviews.decision)).filter((a) => a.startsWith("dynamodb:"));

    // Assess
    expect(onState).toEqual([
      {
        effect: "Allow",
        actions: ["dynamodb:GetItem", "dynamodb:Query"],
        resource: { "Fn::GetAtt": [stateTableId, "Arn"] },
        condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["CAMPAIGN", "CAMPAIGN#*"] } },
      },
      {
        effect: "Allow",
        actions: ["dynamodb:PutItem", "dynamodb:UpdateItem"],
        resource: { "Fn::GetAtt": [stateTableId, "Arn"] },
        condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["CAMPAIGN#*"] } },
      },
    ]);
    for (const action of [
      "dynamodb:DeleteItem",
      "dynamodb:BatchWriteItem",
      "dynamodb:BatchGetItem",
      "dynamodb:Scan",
    ])
      expect(dynamoActions).not.toContain(action);
  });
});

describe("review handlers", () => {
  it("the decision page and every review handler are refused writes under config/ by the bucket policy", () => {
    // Act
    const policies = Object.values(template.findResources("AWS::S3::BucketPolicy")).filter((policy) =>
      refersTo(policy.Properties.Bucket, blobBucketId),
    );
    const deny = policies
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
      .find((statement) => statement.Sid === "ConfigAndExportsAreReadOnlyToTheScanner");

    // Assess
    expect(deny?.Effect).toBe("Deny");
    expect(deny?.Action).toEqual(expect.arrayContaining(["s3:PutObject", "s3:DeleteObject"]));
    expect(arnText(deny?.Resource)).toBe(`<${blobBucketId}.Arn>/config/*`);
    for (const handler of [reviews.decision, ...reviews.handlers.all])
      expect(deny?.Principal.AWS, handler.spec.name).toContainEqual({
        "Fn::GetAtt": [roleOf(handler), "Arn"],
      });
  });

  it("only the packet, check and close handlers send email; only start and close write blobs", () => {
    // Act
    const can = (action: string, actionsOfRole = actionsOf) =>
      reviews.handlers.all
        .filter((h) => actionsOfRole(roleOf(h)).includes(action))
        .map((h) => h.spec.name)
        .sort();

    // Assess
    expect(can("ses:SendRawEmail")).toEqual(["check-campaign", "close-campaign", "send-packet-chunk"]);
    expect(can("s3:PutObject", blobActionsOf)).toEqual(["close-campaign", "start-campaign"]);
  });

  it("time out before their Task states do", () => {
    // Prepare
    const definition = JSON.parse(definitionText) as {
      States: Record<
        string,
        {
          Resource?: string;
          TimeoutSeconds?: number;
          ItemProcessor?: { States: Record<string, { Resource?: string; TimeoutSeconds?: number }> };
        }
      >;
    };
    const states = Object.values(definition.States).flatMap((state) => [
      state,
      ...Object.values(state.ItemProcessor?.States ?? {}),
    ]);

    // Assess
    for (const spec of ACCESS_REVIEW_HANDLERS) {
      const state = states.find((candidate) => candidate.Resource === `\${${spec.placeholder}}`);
      expect(state?.TimeoutSeconds ?? 0, spec.name).toBeGreaterThan(spec.timeoutSeconds);
    }
  });
});
