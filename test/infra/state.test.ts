import { Match } from "aws-cdk-lib/assertions";
import type { CfnTable } from "aws-cdk-lib/aws-dynamodb";
import { describe, expect, it } from "vitest";
import { AUDIT_MUTATING_ACTIONS } from "../../infra/constructs/state.ts";
import { buildStackUnderTest, refersTo, statementsOfRole } from "./stack-under-test.ts";

// Prepare (once for the file): synthesizing is the expensive part.
const { stack, template, logicalId } = buildStackUnderTest();
const stateTableId = logicalId(stack.state.stateTable.node.defaultChild as CfnTable);
const auditTableId = logicalId(stack.state.auditTable.node.defaultChild as CfnTable);

describe("state table", () => {
  it("is a plain on-demand table with pk/sk, PITR, KMS encryption and deletion protection, retained", () => {
    // Act
    const table = template.findResources("AWS::DynamoDB::Table")[stateTableId];

    // Assess
    expect(table?.DeletionPolicy).toBe("Retain");
    expect(table?.UpdateReplacePolicy).toBe("Retain");
    expect(table?.Properties).toMatchObject({
      TableName: "deprov-state",
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      // SSEEnabled without a customer key = SSE-KMS with the AWS-managed aws/dynamodb key.
      SSESpecification: { SSEEnabled: true },
      DeletionProtectionEnabled: true,
      TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
    });
  });

  it("has the gsi1 status index on gsi1pk/gsi1sk", () => {
    // Act
    const table = template.findResources("AWS::DynamoDB::Table")[stateTableId];

    // Assess
    expect(table?.Properties.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: "gsi1",
        KeySchema: [
          { AttributeName: "gsi1pk", KeyType: "HASH" },
          { AttributeName: "gsi1sk", KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      },
    ]);
  });

  it("is not a global table (Table, not TableV2)", () => {
    // Assess
    template.resourceCountIs("AWS::DynamoDB::GlobalTable", 0);
    template.resourceCountIs("AWS::DynamoDB::Table", 2);
  });
});

describe("audit table", () => {
  it("has pk/sk, PITR, KMS encryption and deletion protection, retained", () => {
    // Act
    const table = template.findResources("AWS::DynamoDB::Table")[auditTableId];

    // Assess
    expect(table?.DeletionPolicy).toBe("Retain");
    expect(table?.Properties).toMatchObject({
      TableName: "deprov-audit",
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      DeletionProtectionEnabled: true,
    });
  });

  it("denies every principal the item actions that rewrite or erase history", () => {
    // Assess
    template.hasResourceProperties("AWS::DynamoDB::Table", {
      TableName: "deprov-audit",
      ResourcePolicy: {
        PolicyDocument: {
          Statement: [
            Match.objectLike({
              Effect: "Deny",
              Principal: { AWS: "*" },
              Action: Match.arrayWith([...AUDIT_MUTATING_ACTIONS].sort()),
            }),
          ],
        },
      },
    });
  });

  it("no scanner role may update, delete or batch-write audit items", () => {
    // Prepare
    const forbidden = ["dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "dynamodb:*"];
    const roles = Object.keys(template.findResources("AWS::IAM::Role"));

    // Act
    const auditActions = roles.flatMap((roleId) =>
      statementsOfRole(template, roleId)
        .filter((statement) => statement.effect === "Allow" && refersTo(statement.resource, auditTableId))
        .flatMap((statement) => statement.actions),
    );

    // Assess
    expect(auditActions.length).toBeGreaterThan(0);
    expect(auditActions.filter((action) => forbidden.includes(action))).toEqual([]);
    expect(new Set(auditActions)).toEqual(new Set(["dynamodb:PutItem"]));
  });

  it("audit appends never share a statement with the state table's write actions", () => {
    // Prepare
    const roles = Object.keys(template.findResources("AWS::IAM::Role"));

    // Act: a merged statement would silently extend UpdateItem/DeleteItem to the audit table.
    const mixed = roles.flatMap((roleId) =>
      statementsOfRole(template, roleId).filter(
        (statement) =>
          refersTo(statement.resource, auditTableId) && refersTo(statement.resource, stateTableId),
      ),
    );

    // Assess
    expect(mixed).toEqual([]);
  });
});
