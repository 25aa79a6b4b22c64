import { Match } from "aws-cdk-lib/assertions";
import type { CfnBucket } from "aws-cdk-lib/aws-s3";
import { describe, expect, it } from "vitest";
import { buildStackUnderTest } from "./stack-under-test.ts";

// Prepare (once for the file)
const { stack, template, logicalId } = buildStackUnderTest();
const blobBucketId = logicalId(stack.blobs.bucket.node.defaultChild as CfnBucket);
const logBucketId = logicalId(stack.blobs.accessLogBucket.node.defaultChild as CfnBucket);
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

  it("lets only S3 log delivery for the blob bucket write into it", () => {
    // Act
    const allows = bucketPolicyStatements(logBucketId).filter(
      (statement) => (statement as { Effect: string }).Effect === "Allow",
    );

    // Assess
    expect(allows).toEqual([
      expect.objectContaining({
        Action: "s3:PutObject",
        Principal: { Service: "logging.s3.amazonaws.com" },
        Condition: expect.objectContaining({
          ArnLike: { "aws:SourceArn": { "Fn::GetAtt": [blobBucketId, "Arn"] } },
        }),
      }),
    ]);
  });
});
