/**
 * DynamoDB state: one single-table design for findings, scans, waivers, tasks and idempotency
 * markers, and a separate append-only audit table that the scanner can add to but never change.
 */
import { RemovalPolicy } from "aws-cdk-lib";
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from "aws-cdk-lib/aws-dynamodb";
import {
  AnyPrincipal,
  Effect,
  Grant,
  type IGrantable,
  PolicyDocument,
  PolicyStatement,
} from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";

export interface StateProps {
  /** @default "deprov-state" */
  readonly stateTableName?: string;
  /** @default "deprov-audit" */
  readonly auditTableName?: string;
}

/** The index every status query uses (`gsi1pk = STATUS#<status>`). */
export const STATUS_INDEX = "gsi1";

/** Item-level actions that could rewrite or erase history; denied on the audit table for everyone. */
export const AUDIT_MUTATING_ACTIONS = [
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchWriteItem",
  "dynamodb:PartiQLUpdate",
  "dynamodb:PartiQLDelete",
] as const;

export class State extends Construct {
  readonly stateTable: Table;
  readonly auditTable: Table;

  constructor(scope: Construct, id: string, props: StateProps = {}) {
    super(scope, id);

    // AWS-managed KMS encryption (aws/dynamodb): data is encrypted with a KMS key whose use shows in
    // CloudTrail, without a $1/month key, a key policy to maintain, or kms:* grants on every role.
    // A customer-managed key only pays off for cross-account access or crypto-shredding, neither of
    // which deprov needs.
    this.stateTable = new Table(this, "StateTable", {
      tableName: props.stateTableName ?? "deprov-state",
      partitionKey: { name: "pk", type: AttributeType.STRING },
      sortKey: { name: "sk", type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Idempotency markers and other scratch items carry `expiresAt` (epoch seconds); TTL deletes are free.
      timeToLiveAttribute: "expiresAt",
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stateTable.addGlobalSecondaryIndex({
      indexName: STATUS_INDEX,
      partitionKey: { name: "gsi1pk", type: AttributeType.STRING },
      sortKey: { name: "gsi1sk", type: AttributeType.STRING },
      projectionType: ProjectionType.ALL,
    });

    this.auditTable = new Table(this, "AuditTable", {
      tableName: props.auditTableName ?? "deprov-audit",
      partitionKey: { name: "pk", type: AttributeType.STRING },
      sortKey: { name: "sk", type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // Belt and braces to the scanner's PutItem-only roles: no principal, however broad its IAM
      // policy, may update or delete an audit entry. Changing this needs a deliberate policy change.
      resourcePolicy: new PolicyDocument({
        statements: [
          new PolicyStatement({
            sid: "AuditTrailIsAppendOnly",
            effect: Effect.DENY,
            principals: [new AnyPrincipal()],
            actions: [...AUDIT_MUTATING_ACTIONS],
            // A table's own policy cannot reference its ARN (a circular dependency); "*" means this table.
            resources: ["*"],
          }),
        ],
      }),
    });
  }

  grantStateRead(grantee: IGrantable): Grant {
    return Grant.addToPrincipal({
      grantee,
      actions: ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query"],
      resourceArns: [this.stateTable.tableArn, `${this.stateTable.tableArn}/index/${STATUS_INDEX}`],
    });
  }

  grantStateWrite(grantee: IGrantable): Grant {
    return Grant.addToPrincipal({
      grantee,
      actions: ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"],
      resourceArns: [this.stateTable.tableArn],
    });
  }

  /**
   * GetItem/Query on the state table, only on items whose partition key matches one of
   * `partitionKeys` (IAM wildcards): a role that reads one kind of record reads nothing else.
   */
  grantStateReadPartitions(grantee: IGrantable, partitionKeys: readonly string[]): Grant {
    return Grant.addToPrincipal({
      grantee,
      actions: ["dynamodb:GetItem", "dynamodb:Query"],
      resourceArns: [this.stateTable.tableArn],
      conditions: leadingKeysIn(partitionKeys),
    });
  }

  /**
   * PutItem/UpdateItem on the state table, only on items whose partition key matches one of
   * `partitionKeys` (IAM wildcards); never DeleteItem or BatchWriteItem.
   */
  grantStateWritePartitions(grantee: IGrantable, partitionKeys: readonly string[]): Grant {
    return Grant.addToPrincipal({
      grantee,
      actions: ["dynamodb:PutItem", "dynamodb:UpdateItem"],
      resourceArns: [this.stateTable.tableArn],
      conditions: leadingKeysIn(partitionKeys),
    });
  }

  /** Append only: a conditional PutItem of a new key. Never `grantWriteData`, which allows updates and deletes. */
  grantAuditAppend(grantee: IGrantable): Grant {
    return Grant.addToPrincipal({
      grantee,
      actions: ["dynamodb:PutItem"],
      resourceArns: [this.auditTable.tableArn],
    });
  }

  grantAuditRead(grantee: IGrantable): Grant {
    return Grant.addToPrincipal({
      grantee,
      actions: ["dynamodb:GetItem", "dynamodb:Query"],
      resourceArns: [this.auditTable.tableArn],
    });
  }
}

/**
 * Every partition key a request touches must match a pattern. ForAllValues is true of a request
 * that names no key at all, which is why it goes only on actions that always name one (GetItem,
 * Query, PutItem, UpdateItem), never on Scan.
 */
function leadingKeysIn(partitionKeys: readonly string[]): Record<string, Record<string, unknown>> {
  return { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [...partitionKeys] } };
}
