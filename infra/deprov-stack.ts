/** The deprov stack: state, blobs, mail, handlers, the scan workflow, its schedule and its alarms. */
import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { RetentionDays } from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import { type HandlerSpec, NIGHTLY_SCAN_HANDLERS } from "../functions/handlers/catalogue.ts";
import { REVIEW_PARTITION_PATTERNS } from "../functions/ports/reviews/dynamodb-review-store.ts";
import {
  BLOB_READ_SCOPES,
  BLOB_WRITE_SCOPES,
  type BlobReadScope,
  type BlobWriteScope,
} from "../functions/scan/contract/blob-keys.ts";
import { ScanAlarms } from "./constructs/alarms.ts";
import { AuditArchive } from "./constructs/audit-archive.ts";
import { Blobs, CONFIG_KEY } from "./constructs/blobs.ts";
import { type GrantAppliers, Handlers, type LogLevelName } from "./constructs/handlers.ts";
import { Mail } from "./constructs/mail.ts";
import { ReviewWorkflow } from "./constructs/review-workflow.ts";
import { ScanWorkflow } from "./constructs/scan-workflow.ts";
import { NightlySchedule } from "./constructs/schedule.ts";
import { grantReviewLinkKeyRead, grantSourceSecretsRead } from "./constructs/source-secrets.ts";
import { State } from "./constructs/state.ts";
import { ACCESS_REVIEW_DEFINITION, LOCK_FILE, NIGHTLY_SCAN_DEFINITION, REPO_ROOT } from "./paths.ts";

export interface DeprovStackProps extends StackProps {
  /** Domain verified in SES that the emails come from. */
  readonly senderDomain: string;
  /** Sender address; must be on `senderDomain`. */
  readonly mailFrom: string;
  /** Recipients of the report and of guard-rail alerts. */
  readonly reportTo: readonly string[];
  /** @default "cron(0 2 * * ? *)" */
  readonly scheduleExpression?: string;
  /** @default "America/New_York" */
  readonly timezone?: string;
  /** Email subscribed to the alarm topic. @default - no subscription */
  readonly alarmEmail?: string;
  /** @default "INFO" */
  readonly logLevel?: LogLevelName;
  /** Retention of the Lambda and state-machine log groups. @default RetentionDays.THREE_MONTHS */
  readonly logRetention?: RetentionDays;
  /** Days the exports each scan read are kept. @default 35 */
  readonly snapshotRetentionDays?: number;
  /** Days each audit entry is locked in the WORM bucket (compliance mode: cannot be shortened). @default 365 */
  readonly auditRetentionDays?: number;
  /** @default NIGHTLY_SCAN_HANDLERS */
  readonly catalogue?: readonly HandlerSpec[];
  /** @default statemachines/nightly-scan.asl.json */
  readonly definitionFile?: string;
  /**
   * IAM roles CollectSource may assume to read AWS credential reports (`aws.roleArn` of a source).
   * @default - this account's role `deprov-credential-report`
   */
  readonly sourceRoleArns?: readonly string[];
  /** When access-review campaigns start (org time zone). @default "cron(0 9 15 1 ? *)" */
  readonly reviewScheduleExpression?: string;
  /** @default statemachines/access-review.asl.json */
  readonly reviewDefinitionFile?: string;
}

/** The role a same-account credential report is read through, unless `sourceRoleArns` says otherwise. */
export const DEFAULT_SOURCE_ROLE_NAME = "deprov-credential-report";

export class DeprovStack extends Stack {
  readonly state: State;
  readonly blobs: Blobs;
  readonly auditArchive: AuditArchive;
  readonly mail: Mail;
  readonly handlers: Handlers;
  readonly workflow: ScanWorkflow;
  readonly schedule: NightlySchedule;
  readonly alarms: ScanAlarms;
  readonly reviews: ReviewWorkflow;

  constructor(scope: Construct, id: string, props: DeprovStackProps) {
    super(scope, id, props);
    const logRetention = props.logRetention ?? RetentionDays.THREE_MONTHS;

    this.state = new State(this, "State");
    this.blobs = new Blobs(this, "Blobs", { snapshotRetentionDays: props.snapshotRetentionDays });
    this.auditArchive = new AuditArchive(this, "AuditArchive", {
      retentionDays: props.auditRetentionDays,
      accessLogBucket: this.blobs.accessLogBucket,
    });
    this.mail = new Mail(this, "Mail", { senderDomain: props.senderDomain, mailFrom: props.mailFrom });

    const grants: GrantAppliers = {
      "state:read": (grantee) => this.state.grantStateRead(grantee),
      "state:write": (grantee) => this.state.grantStateWrite(grantee),
      "state:read:review-campaigns": (grantee) =>
        this.state.grantStateReadPartitions(grantee, [
          REVIEW_PARTITION_PATTERNS.campaigns,
          REVIEW_PARTITION_PATTERNS.perCampaign,
        ]),
      "state:write:review-decisions": (grantee) =>
        this.state.grantStateWritePartitions(grantee, [REVIEW_PARTITION_PATTERNS.perCampaign]),
      "audit:append": (grantee) => {
        this.state.grantAuditAppend(grantee);
        this.auditArchive.grantAppend(grantee);
      },
      "audit:read": (grantee) => this.state.grantAuditRead(grantee),
      "blobs:read": (grantee) => this.blobs.grantRead(grantee),
      ...blobReadGrants((grantee, patterns) => this.blobs.grantReadKeys(grantee, [CONFIG_KEY, ...patterns])),
      ...blobWriteGrants((grantee, patterns) => this.blobs.grantWrite(grantee, patterns)),
      "secrets:read-source-credentials": (grantee) => grantSourceSecretsRead(grantee),
      "secrets:read-review-link-key": (grantee) => grantReviewLinkKeyRead(grantee),
      // Named roles only: the roles themselves hold iam:GenerateCredentialReport/GetCredentialReport,
      // which IAM grants on "*" alone; the scanner's own role holds neither.
      "sts:assume-source-roles": (grantee) =>
        grantee.grantPrincipal.addToPrincipalPolicy(
          new PolicyStatement({
            actions: ["sts:AssumeRole"],
            resources: [
              ...(props.sourceRoleArns ?? [
                `arn:${this.partition}:iam::${this.account}:role/${DEFAULT_SOURCE_ROLE_NAME}`,
              ]),
            ],
          }),
        ),
      "mail:send": (grantee) => this.mail.grantSendRawEmail(grantee),
      "mail:read-quota": (grantee) => this.mail.grantReadSendQuota(grantee),
      "securityhub:import": (grantee) =>
        grantee.grantPrincipal.addToPrincipalPolicy(
          new PolicyStatement({
            actions: ["securityhub:BatchImportFindings"],
            resources: [
              `arn:${this.partition}:securityhub:${this.region}:${this.account}:product/${this.account}/default`,
            ],
          }),
        ),
    };

    const handlerSettings = {
      environment: {
        STATE_TABLE: this.state.stateTable.tableName,
        AUDIT_TABLE: this.state.auditTable.tableName,
        AUDIT_BUCKET: this.auditArchive.bucket.bucketName,
        BLOB_BUCKET: this.blobs.bucket.bucketName,
        CONFIG_KEY,
        MAIL_FROM: props.mailFrom,
        REPORT_TO: props.reportTo.join(","),
      },
      grants,
      logLevel: props.logLevel ?? "INFO",
      logRetention,
      projectRoot: REPO_ROOT,
      lockFile: LOCK_FILE,
    };
    this.handlers = new Handlers(this, "Handlers", {
      ...handlerSettings,
      catalogue: props.catalogue ?? NIGHTLY_SCAN_HANDLERS,
    });

    this.workflow = new ScanWorkflow(this, "NightlyScan", {
      definitionFile: props.definitionFile ?? NIGHTLY_SCAN_DEFINITION,
      handlers: this.handlers.all,
      logRetention,
    });

    this.schedule = new NightlySchedule(this, "Schedule", {
      stateMachine: this.workflow.stateMachine,
      scheduleExpression: props.scheduleExpression,
      timezone: props.timezone,
    });

    this.alarms = new ScanAlarms(this, "Alarms", {
      stateMachine: this.workflow.stateMachine,
      alarmEmail: props.alarmEmail,
    });

    this.reviews = new ReviewWorkflow(this, "Reviews", {
      definitionFile: props.reviewDefinitionFile ?? ACCESS_REVIEW_DEFINITION,
      handlers: handlerSettings,
      logRetention,
      scheduleExpression: props.reviewScheduleExpression,
      timezone: props.timezone,
    });
    // Every function's role, the access review's too: the decision page's is one the internet can reach.
    this.blobs.denyConfigWrites(
      [...this.handlers.all, this.reviews.decision, ...this.reviews.handlers.all].map(
        (handler) => handler.role,
      ),
    );

    new CfnOutput(this, "StateTableName", { value: this.state.stateTable.tableName });
    new CfnOutput(this, "AuditTableName", { value: this.state.auditTable.tableName });
    new CfnOutput(this, "BlobBucketName", { value: this.blobs.bucket.bucketName });
    new CfnOutput(this, "AuditBucketName", { value: this.auditArchive.bucket.bucketName });
    new CfnOutput(this, "ConfigObject", { value: `s3://${this.blobs.bucket.bucketName}/${CONFIG_KEY}` });
    new CfnOutput(this, "StateMachineArn", { value: this.workflow.stateMachine.stateMachineArn });
    new CfnOutput(this, "AlarmTopicArn", { value: this.alarms.topic.topicArn });
    const collector = this.handlers.all.find((handler) => handler.spec.name === "collect-source");
    if (collector !== undefined) {
      // Trust policies of the credential-report roles name this role.
      new CfnOutput(this, "CollectSourceRoleArn", { value: collector.role.roleArn });
    }
    new CfnOutput(this, "ReviewStateMachineArn", {
      value: this.reviews.workflow.stateMachine.stateMachineArn,
    });
    new CfnOutput(this, "DecisionUrl", { value: this.reviews.decisionUrl.url });
  }
}

/** One grant per blob read scope: `blobs:read:<scope>` allows GetObject on the config and that scope's patterns. */
function blobReadGrants(
  grant: (grantee: Parameters<GrantAppliers["state:read"]>[0], patterns: readonly string[]) => void,
): Pick<GrantAppliers, `blobs:read:${BlobReadScope}`> {
  const scopes = Object.keys(BLOB_READ_SCOPES) as BlobReadScope[];
  return Object.fromEntries(
    scopes.map((scope) => [`blobs:read:${scope}`, (grantee) => grant(grantee, BLOB_READ_SCOPES[scope])]),
  ) as Pick<GrantAppliers, `blobs:read:${BlobReadScope}`>;
}

/** One grant per blob write scope: `blobs:write:<scope>` allows PutObject on that scope's patterns. */
function blobWriteGrants(
  grant: (grantee: Parameters<GrantAppliers["state:read"]>[0], patterns: readonly string[]) => void,
): Pick<GrantAppliers, `blobs:write:${BlobWriteScope}`> {
  const scopes = Object.keys(BLOB_WRITE_SCOPES) as BlobWriteScope[];
  return Object.fromEntries(
    scopes.map((scope) => [`blobs:write:${scope}`, (grantee) => grant(grantee, BLOB_WRITE_SCOPES[scope])]),
  ) as Pick<GrantAppliers, `blobs:write:${BlobWriteScope}`>;
}
