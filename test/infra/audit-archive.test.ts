import type { CfnTable } from "aws-cdk-lib/aws-dynamodb";
import type { CfnRole } from "aws-cdk-lib/aws-iam";
import type { CfnBucket } from "aws-cdk-lib/aws-s3";
import { describe, expect, it } from "vitest";
import { buildStackUnderTest, refersTo, statementsOfRole } from "./stack-under-test.ts";

// Prepare (once for the file)
const { stack, template, logicalId } = buildStackUnderTest();
const auditBucketId = logicalId(stack.auditArchive.bucket.node.defaultChild as CfnBucket);
const auditTableId = logicalId(stack.state.auditTable.node.defaultChild as CfnTable);
const logBucketId = logicalId(stack.blobs.accessLogBucket.node.defaultChild as CfnBucket);
const handlers = stack.handlers.all.map((handler) => ({
  name: handler.spec.name,
  appends: handler.spec.grants.includes("audit:append"),
  roleId: logicalId(handler.role.node.defaultChild as CfnRole),
}));

function bucketPolicyStatements(): { Sid?: string; Effect: string; Action: unknown; Condition?: unknown }[] {
  return Object.values(template.findResources("AWS::S3::BucketPolicy"))
    .filter((policy) => JSON.stringify(policy.Properties.Bucket) === JSON.stringify({ Ref: auditBucketId }))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

describe("audit archive bucket", () => {
  it("locks every object in compliance mode for a year by default, versioned, retained", () => {
    // Act
    const bucket = template.findResources("AWS::S3::Bucket")[auditBucketId];

    // Assess
    expect(bucket?.DeletionPolicy).toBe("Retain");
    expect(bucket?.Properties).toMatchObject({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: "Enabled",
        Rule: { DefaultRetention: { Mode: "COMPLIANCE", Days: 365 } },
      },
      VersioningConfiguration: { Status: "Enabled" },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms" } },
        ],
      },
      LoggingConfiguration: { DestinationBucketName: { Ref: logBucketId }, LogFilePrefix: "audit-bucket/" },
    });
    expect(bucket?.Properties.LifecycleConfiguration).toBeUndefined();
  });

  it("takes its retention from the stack's setting", () => {
    // Act
    const custom = buildStackUnderTest({ props: { auditRetentionDays: 2555 } });
    const id = custom.logicalId(custom.stack.auditArchive.bucket.node.defaultChild as CfnBucket);

    // Assess
    expect(
      custom.template.findResources("AWS::S3::Bucket")[id]?.Properties.ObjectLockConfiguration.Rule,
    ).toEqual({ DefaultRetention: { Mode: "COMPLIANCE", Days: 2555 } });
  });

  it("refuses any put that is not a create-only (If-None-Match) put, and every delete, for everyone", () => {
    // Act
    const statements = bucketPolicyStatements();

    // Assess
    expect(statements).toContainEqual(
      expect.objectContaining({
        Sid: "WriteOnceOnly",
        Effect: "Deny",
        Principal: { AWS: "*" },
        Action: "s3:PutObject",
        Condition: { Null: { "s3:if-none-match": "true" } },
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Sid: "NoDeletes",
        Effect: "Deny",
        Principal: { AWS: "*" },
        Action: ["s3:DeleteObject", "s3:DeleteObjectVersion"],
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
    );
  });

  it.each(handlers)(
    "$name: may create and read audit/ objects exactly when it appends to the trail",
    ({ appends, roleId }) => {
      // Act
      const statements = statementsOfRole(template, roleId).filter((statement) =>
        refersTo(statement.resource, auditBucketId),
      );

      // Assess
      if (!appends) {
        expect(statements).toEqual([]);
        return;
      }
      expect(statements).toEqual([
        {
          effect: "Allow",
          actions: ["s3:ListBucket"],
          resource: { "Fn::GetAtt": [auditBucketId, "Arn"] },
          condition: { StringLike: { "s3:prefix": ["audit/scans/*"] } },
        },
        {
          effect: "Allow",
          actions: ["s3:GetObject", "s3:PutObject"],
          resource: { "Fn::Join": ["", [{ "Fn::GetAtt": [auditBucketId, "Arn"] }, "/audit/*"]] },
        },
      ]);
    },
  );

  it("keeps the DynamoDB copy to PutItem: no role may update or delete an entry there", () => {
    // Act
    const auditTableActions = handlers.flatMap(({ roleId }) =>
      statementsOfRole(template, roleId)
        .filter((statement) => refersTo(statement.resource, auditTableId))
        .flatMap((statement) => statement.actions),
    );

    // Assess
    expect(new Set(auditTableActions)).toEqual(new Set(["dynamodb:PutItem"]));
  });
});
