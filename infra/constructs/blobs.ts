/**
 * S3 storage for the org's config and source exports, the per-scan snapshots, scan results and
 * reports — all data about people, so private, encrypted, TLS-only, versioned and access-logged.
 */
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { Effect, Grant, type IRole, PolicyStatement } from "aws-cdk-lib/aws-iam";
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type BucketProps,
  type CfnBucket,
  ObjectOwnership,
} from "aws-cdk-lib/aws-s3";
import { Construct, type IConstruct } from "constructs";
import { acknowledgeNag, type GrantableConstruct, nagArnReference } from "../nag.ts";

/** Key layout of the blob bucket; the handlers and the lifecycle rules agree on it. */
export const BLOB_PREFIXES = {
  /** `deprov.config.json` and the file-form source exports it names. */
  config: "config/",
  /**
   * The exports each scan read, exactly as read (`snapshots/<scanId>/<sourceId>/export`): raw HR
   * and credential data, kept long enough to investigate a month of scans, then expired.
   */
  snapshots: "snapshots/",
  /** Each scan's full result, kept as compliance evidence. */
  scans: "scans/",
  /** Rendered reports (HTML, CSV, JSON). */
  reports: "reports/",
} as const;

const S3_LOGS_USE_BUCKET_POLICY = "@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy";

export const CONFIG_KEY = `${BLOB_PREFIXES.config}deprov.config.json`;

/**
 * Every bucket of people's data: SSE-KMS with the AWS-managed aws/s3 key (key use visible in
 * CloudTrail, no key policy to maintain, no kms grants on the roles; the bucket key keeps KMS
 * request charges negligible), private, without ACLs, TLS 1.2+ only.
 */
export const PRIVATE_DATA_BUCKET = {
  encryption: BucketEncryption.KMS_MANAGED,
  bucketKeyEnabled: true,
  blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
  objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
} as const satisfies BucketProps;

export const DEFAULT_SNAPSHOT_RETENTION_DAYS = 35;

export interface BlobsProps {
  /** Days a scan's snapshots are kept: long enough to investigate a month of scans. @default 35 */
  readonly snapshotRetentionDays?: number;
  /** Days an overwritten or deleted object version is kept for recovery. @default 30 */
  readonly noncurrentVersionRetentionDays?: number;
  /** Days server access logs are kept. @default 365 */
  readonly accessLogRetentionDays?: number;
}

export class Blobs extends Construct {
  readonly bucket: Bucket;
  readonly accessLogBucket: Bucket;
  /** The read wildcard is acknowledged once per grantee. */
  private readonly acknowledgedGrantees = new Set<IConstruct>();

  constructor(scope: Construct, id: string, props: BlobsProps = {}) {
    super(scope, id);
    // The log bucket enforces bucket-owner object ownership (no ACLs), so log delivery must be
    // authorised by bucket policy; set here so the construct does not depend on cdk.json's flags.
    this.node.setContext(S3_LOGS_USE_BUCKET_POLICY, true);

    // S3 can deliver server access logs only to a bucket with SSE-S3 encryption. It has no access
    // log of its own: it is the log destination (cdk-nag's S1 recognises that).
    this.accessLogBucket = new Bucket(this, "AccessLogBucket", {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      lifecycleRules: [
        { id: "expire-access-logs", expiration: Duration.days(props.accessLogRetentionDays ?? 365) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.bucket = new Bucket(this, "BlobBucket", {
      ...PRIVATE_DATA_BUCKET,
      versioned: true,
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: "blob-bucket/",
      lifecycleRules: [
        {
          id: "expire-snapshots",
          prefix: BLOB_PREFIXES.snapshots,
          expiration: Duration.days(props.snapshotRetentionDays ?? DEFAULT_SNAPSHOT_RETENTION_DAYS),
        },
        {
          id: "expire-noncurrent-versions",
          noncurrentVersionExpiration: Duration.days(props.noncurrentVersionRetentionDays ?? 30),
          expiredObjectDeleteMarker: true,
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  grantRead(grantee: GrantableConstruct): Grant {
    this.grantList(grantee);
    const grant = Grant.addToPrincipal({
      grantee,
      actions: ["s3:GetObject"],
      resourceArns: [this.bucket.arnForObjects("*")],
    });
    this.acknowledgeObjectWildcard(grantee);
    return grant;
  }

  /**
   * GetObject on the given keys and key patterns only (see BLOB_READ_SCOPES), for a handler that
   * must not read the snapshots, scan results or reports the rest of the bucket holds.
   */
  grantReadKeys(grantee: GrantableConstruct, patterns: readonly string[]): Grant {
    this.grantList(grantee);
    const grant = Grant.addToPrincipal({
      grantee,
      actions: ["s3:GetObject"],
      resourceArns: patterns.map((pattern) => this.bucket.arnForObjects(pattern)),
    });
    for (const pattern of patterns.filter((candidate) => candidate.includes("*"))) {
      acknowledgeNag(
        grantee,
        `AwsSolutions-IAM5[Resource::${nagArnReference(this.bucket.node.defaultChild as CfnBucket)}/${pattern}]`,
        "GetObject takes object ARNs, so a key pattern needs wildcards (the campaign id, the chunk); this one is confined to the keys this handler reads in deprov's blob bucket, and it reads, never writes.",
      );
    }
    return grant;
  }

  /**
   * PutObject on the given key patterns only (see BLOB_WRITE_SCOPES): a handler writes what its
   * step writes, never the config, the exports or another step's results.
   */
  grantWrite(grantee: GrantableConstruct, patterns: readonly string[]): Grant {
    const grant = Grant.addToPrincipal({
      grantee,
      actions: ["s3:PutObject"],
      resourceArns: patterns.map((pattern) => this.bucket.arnForObjects(pattern)),
    });
    for (const pattern of patterns) {
      acknowledgeNag(
        grantee,
        `AwsSolutions-IAM5[Resource::${nagArnReference(this.bucket.node.defaultChild as CfnBucket)}/${pattern}]`,
        "PutObject takes object ARNs, so a key pattern needs wildcards (the scan id, the source id); this one is confined to the keys this handler's step writes in deprov's blob bucket.",
      );
    }
    return grant;
  }

  /**
   * Config and exports are the operator's: the bucket policy refuses any write or delete under
   * `config/` by these roles, whatever grant a later change might add to them.
   */
  denyConfigWrites(roles: readonly IRole[]): void {
    if (roles.length === 0) return;
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: "ConfigAndExportsAreReadOnlyToTheScanner",
        effect: Effect.DENY,
        principals: roles.map((role) => role.grantPrincipal),
        actions: ["s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutObjectAcl"],
        resources: [this.bucket.arnForObjects(`${BLOB_PREFIXES.config}*`)],
      }),
    );
  }

  /** ListBucket lets a handler tell a missing key (404) from a denied one (403). */
  private grantList(grantee: GrantableConstruct): void {
    Grant.addToPrincipal({ grantee, actions: ["s3:ListBucket"], resourceArns: [this.bucket.bucketArn] });
  }

  private acknowledgeObjectWildcard(grantee: IConstruct): void {
    if (this.acknowledgedGrantees.has(grantee)) return;
    this.acknowledgedGrantees.add(grantee);
    acknowledgeNag(
      grantee,
      `AwsSolutions-IAM5[Resource::${nagArnReference(this.bucket.node.defaultChild as CfnBucket)}/*]`,
      "GetObject takes object ARNs, so reading needs a key wildcard; it is confined to deprov's own blob bucket, which holds only its config, snapshots, scan results and reports, and it reads, never writes.",
    );
  }
}
