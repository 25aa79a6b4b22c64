import { Match } from "aws-cdk-lib/assertions";
import type { CfnRole } from "aws-cdk-lib/aws-iam";
import type { CfnBucket } from "aws-cdk-lib/aws-s3";
import { describe, expect, it } from "vitest";
import { BLOB_WRITE_SCOPES, blobKeys } from "../../functions/scan/contract/blob-keys.ts";
import { buildStackUnderTest } from "./stack-under-test.ts";

// Prepare (once for the file)
const { stack, template, logicalId } = buildStackUnderTest();
const blobBucketId = logicalId(stack.blobs.bucket.node.defaultChild as CfnBucket);
const logBucketId = logicalId(stack.blobs.accessLogBucket.node.defaultChild as CfnBucket);
const auditBucketId = logicalId(stack.auditArchive.bucket.node.defaultChild as CfnBucket);
const BLOCK_ALL = {
  BlockPublicAcls: true,
  BlockPublicPolicy: true,
  IgnorePublicAcls: true,
  RestrictPublicBuckets: true,
};

function bucketPolicyStatements(bucketId: string): unknown[] {
  const policies = Object.values(template.findResources("AWS::S3::BucketPolicy")).filter(
    (policy) => JSON.stringify(policy.Properties.Bucket) === JSON.stringify({ Ref: bucketId }),
  );
  return policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

describe("blob bucket", () => {
  it("is KMS-encrypted with a bucket key, private, owner-enforced, versioned and retained", () => {
    // Act
    const bucket = template.findResources("AWS::S3::Bucket")[blobBucketId];

    // Assess
    expect(bucket?.DeletionPolicy).toBe("Retain");
    expect(bucket?.Properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms" } },
        ],
      },
      PublicAccessBlockConfiguration: BLOCK_ALL,
      OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] },
      VersioningConfiguration: { Status: "Enabled" },
    });
  });

  it("denies any request without TLS, and TLS below 1.2", () => {
    // Act
    const statements = bucketPolicyStatements(blobBucketId);

    // Assess
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: "Deny",
        Action: "s3:*",
        Principal: { AWS: "*" },
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: "Deny", Condition: { NumericLessThan: { "s3:TlsVersion": 1.2 } } }),
    );
  });

  it("expires snapshots after 35 days, old versions after 30, and abandoned uploads after 7", () => {
    // Act
    const rules =
      template.findResources("AWS::S3::Bucket")[blobBucketId]?.Properties.LifecycleConfiguration.Rules;

    // Assess
    expect(rules).toContainEqual({
      Id: "expire-snapshots",
      Prefix: "snapshots/",
      ExpirationInDays: 35,
      Status: "Enabled",
    });
    expect(rules).toContainEqual(
      expect.objectContaining({
        NoncurrentVersionExpiration: { NoncurrentDays: 30 },
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
        Status: "Enabled",
      }),
    );
  });

  it("never expires the config, scan results or reports", () => {
    // Act
    const rules: { Prefix?: string; ExpirationInDays?: number }[] =
      template.findResources("AWS::S3::Bucket")[blobBucketId]?.Properties.LifecycleConfiguration.Rules;

    // Assess: every current-version expiry is scoped to snapshots.
    const expiring = rules.filter((rule) => rule.ExpirationInDays !== undefined);
    expect(expiring.map((rule) => rule.Prefix)).toEqual(["snapshots/"]);
  });

  it("writes server access logs to the separate log bucket", () => {
    // Assess
    template.hasResource("AWS::S3::Bucket", {
      Properties: Match.objectLike({
        LoggingConfiguration: { DestinationBucketName: { Ref: logBucketId }, LogFilePrefix: "blob-bucket/" },
      }),
    });
    expect(blobBucketId).not.toBe(logBucketId);
  });
});

describe("access log bucket", () => {
  it("is SSE-S3 (what S3 log delivery requires), private, TLS-only, expiring after a year", () => {
    // Act
    const bucket = template.findResources("AWS::S3::Bucket")[logBucketId];

    // Assess
    expect(bucket?.Properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
      },
      PublicAccessBlockConfiguration: BLOCK_ALL,
      LifecycleConfiguration: { Rules: [{ ExpirationInDays: 365, Status: "Enabled" }] },
    });
    expect(bucketPolicyStatements(logBucketId)).toContainEqual(
      expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
    );
  });

  it("lets only S3 log delivery for the blob and audit buckets write into it", () => {
    // Act
    const allows = bucketPolicyStatements(logBucketId).filter(
      (statement) => (statement as { Effect: string }).Effect === "Allow",
    );

    // Assess: one statement per source bucket, each for S3 log delivery from that bucket alone.
    expect(allows).toHaveLength(2);
    for (const allow of allows) {
      expect(allow).toEqual(
        expect.objectContaining({
          Action: "s3:PutObject",
          Principal: { Service: "logging.s3.amazonaws.com" },
        }),
      );
    }
    const sources = allows.map((allow) => JSON.stringify((allow as { Condition: unknown }).Condition));
    expect(sources.filter((source) => source.includes(blobBucketId))).toHaveLength(1);
    expect(sources.filter((source) => source.includes(auditBucketId))).toHaveLength(1);
  });
});

describe("least privilege on the blob bucket", () => {
  it("denies every handler role writes and deletes under config/, the operator's config and exports", () => {
    // Act
    const denies = bucketPolicyStatements(blobBucketId).filter(
      (statement) => (statement as { Sid?: string }).Sid === "ConfigAndExportsAreReadOnlyToTheScanner",
    ) as { Effect: string; Principal: { AWS: unknown[] }; Action: string[]; Resource: unknown }[];

    // Assess
    expect(denies).toHaveLength(1);
    const [deny] = denies;
    expect(deny?.Effect).toBe("Deny");
    expect([...(deny?.Action ?? [])].sort()).toEqual([
      "s3:DeleteObject",
      "s3:DeleteObjectVersion",
      "s3:PutObject",
      "s3:PutObjectAcl",
    ]);
    expect(JSON.stringify(deny?.Resource)).toContain('"/config/*"');
    const roleIds = [...stack.handlers.all, stack.reviews.decision, ...stack.reviews.handlers.all].map(
      (handler) => logicalId(handler.role.node.defaultChild as CfnRole),
    );
    for (const roleId of roleIds) expect(JSON.stringify(deny?.Principal)).toContain(`"${roleId}"`);
  });
});

describe("retention", () => {
  it("expires the snapshots where they are written, after the configured number of days", () => {
    // Prepare
    const snapshot = blobKeys.sourceSnapshot("20261126T020000Z-1a2b3c4d", "hr");
    const custom = buildStackUnderTest({ props: { snapshotRetentionDays: 14 } });
    const customBucketId = custom.logicalId(custom.stack.blobs.bucket.node.defaultChild as CfnBucket);

    // Act
    const rules: { Prefix?: string; ExpirationInDays?: number }[] =
      custom.template.findResources("AWS::S3::Bucket")[customBucketId]?.Properties.LifecycleConfiguration
        .Rules;

    // Assess
    const expiring = rules.filter((rule) => rule.ExpirationInDays !== undefined);
    expect(expiring).toEqual([expect.objectContaining({ Prefix: "snapshots/", ExpirationInDays: 14 })]);
    expect(snapshot.startsWith(expiring[0]?.Prefix ?? "?")).toBe(true);
    expect(BLOB_WRITE_SCOPES["source-snapshots"].every((pattern) => pattern.startsWith("snapshots/"))).toBe(
      true,
    );
    // Nothing else a scan writes expires: results, reports and summaries are the evidence.
    for (const [scope, patterns] of Object.entries(BLOB_WRITE_SCOPES)) {
      if (scope === "source-snapshots") continue;
      for (const pattern of patterns) expect(pattern.startsWith("snapshots/"), pattern).toBe(false);
    }
  });
});
