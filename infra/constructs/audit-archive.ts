/**
 * The audit trail's write-once copy (ADR 0009): an S3 bucket with Object Lock in compliance mode.
 * Every audit entry, and each scan's seal, is an object no one — not the scanner, not an admin,
 * not the account root — can overwrite or delete until its retention ends. The bucket policy
 * also refuses a put that is not a conditional create (`If-None-Match: *`), so even a new version
 * of an existing key cannot be written, and refuses deletes (a delete marker would hide an entry).
 */
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { AnyPrincipal, Effect, Grant, PolicyStatement } from "aws-cdk-lib/aws-iam";
import { Bucket, type CfnBucket, type IBucket, ObjectLockRetention } from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { acknowledgeNag, type GrantableConstruct, nagArnReference } from "../nag.ts";
import { PRIVATE_DATA_BUCKET } from "./blobs.ts";

/** Everything deprov writes to the archive is under this prefix (functions/ports/audit-archive.ts). */
export const AUDIT_ARCHIVE_PREFIX = "audit/";

/** A year: a SOC 2 Type II period with room to spare. Compliance mode cannot be shortened later. */
export const DEFAULT_AUDIT_RETENTION_DAYS = 365;

export interface AuditArchiveProps {
  /** Days each object is locked (compliance mode). @default 365 */
  readonly retentionDays?: number;
  /** Where the bucket's server access logs go. */
  readonly accessLogBucket: IBucket;
}

export class AuditArchive extends Construct {
  readonly bucket: Bucket;
  readonly retentionDays: number;

  constructor(scope: Construct, id: string, props: AuditArchiveProps) {
    super(scope, id);
    this.retentionDays = props.retentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS;
    this.bucket = new Bucket(this, "Bucket", {
      ...PRIVATE_DATA_BUCKET,
      // Object Lock needs versioning; compliance mode binds every principal, root included.
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention: ObjectLockRetention.compliance(Duration.days(this.retentionDays)),
      serverAccessLogsBucket: props.accessLogBucket,
      serverAccessLogsPrefix: "audit-bucket/",
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: "WriteOnceOnly",
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ["s3:PutObject"],
        resources: [this.bucket.arnForObjects("*")],
        // A put without If-None-Match would add a new version over an existing entry.
        conditions: { Null: { "s3:if-none-match": "true" } },
      }),
    );
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: "NoDeletes",
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ["s3:DeleteObject", "s3:DeleteObjectVersion"],
        resources: [this.bucket.arnForObjects("*")],
      }),
    );
  }

  /**
   * What appending to the trail needs: create entries and seals under `audit/`, read one back
   * (a retried append takes the first writer's version), and list a scan's entries to seal them.
   */
  grantAppend(grantee: GrantableConstruct): Grant {
    Grant.addToPrincipal({
      grantee,
      actions: ["s3:ListBucket"],
      resourceArns: [this.bucket.bucketArn],
      conditions: { StringLike: { "s3:prefix": [`${AUDIT_ARCHIVE_PREFIX}scans/*`] } },
    });
    const grant = Grant.addToPrincipal({
      grantee,
      actions: ["s3:PutObject", "s3:GetObject"],
      resourceArns: [this.bucket.arnForObjects(`${AUDIT_ARCHIVE_PREFIX}*`)],
    });
    acknowledgeNag(
      grantee,
      `AwsSolutions-IAM5[Resource::${nagArnReference(this.bucket.node.defaultChild as CfnBucket)}/${AUDIT_ARCHIVE_PREFIX}*]`,
      "Each audit entry is an object of its own, named after its scan, instant and id, so creating one needs a key wildcard; it is confined to the audit/ prefix of the Object Lock bucket, whose policy allows only conditional creates and no deletes.",
    );
    return grant;
  }
}
