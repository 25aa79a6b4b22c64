import type { CfnTable } from "aws-cdk-lib/aws-dynamodb";
import type { CfnRole } from "aws-cdk-lib/aws-iam";
import type { CfnFunction } from "aws-cdk-lib/aws-lambda";
import type { CfnLogGroup } from "aws-cdk-lib/aws-logs";
import type { CfnBucket } from "aws-cdk-lib/aws-s3";
import type { CfnEmailIdentity } from "aws-cdk-lib/aws-ses";
import { describe, expect, it } from "vitest";
import {
  HANDLER_CATALOGUE,
  type HandlerGrant,
  NIGHTLY_SCAN_HANDLERS,
} from "../../functions/handlers/catalogue.ts";
import { REVIEW_PARTITION_PATTERNS } from "../../functions/ports/reviews/dynamodb-review-store.ts";
import { BLOB_WRITE_SCOPES, type BlobWriteScope } from "../../functions/scan/contract/blob-keys.ts";
import { SEND_MANAGER_DIGESTS_TIMEOUT_SECONDS } from "../../functions/scan/steps/plan-manager-digests.ts";
import { SYNC_REMEDIATION_TASKS_TIMEOUT_SECONDS } from "../../functions/scan/steps/plan-remediation-tasks.ts";
import { constructIdFor } from "../../infra/constructs/handlers.ts";
import { buildStackUnderTest, refersTo, statementsOfRole } from "./stack-under-test.ts";

// Prepare (once for the file)
const { stack, template, logicalId } = buildStackUnderTest();
const functions = template.findResources("AWS::Lambda::Function");
const logGroups = template.findResources("AWS::Logs::LogGroup");
const roles = template.findResources("AWS::IAM::Role");
const ids = {
  stateTable: logicalId(stack.state.stateTable.node.defaultChild as CfnTable),
  auditTable: logicalId(stack.state.auditTable.node.defaultChild as CfnTable),
  bucket: logicalId(stack.blobs.bucket.node.defaultChild as CfnBucket),
  auditBucket: logicalId(stack.auditArchive.bucket.node.defaultChild as CfnBucket),
  identity: logicalId(stack.mail.identity.node.defaultChild as CfnEmailIdentity),
};
const describeHandler = (handler: (typeof stack.handlers.all)[number]) => ({
  spec: handler.spec,
  functionId: logicalId(handler.fn.node.defaultChild as CfnFunction),
  roleId: logicalId(handler.role.node.defaultChild as CfnRole),
  logGroupId: logicalId(handler.logGroup.node.defaultChild as CfnLogGroup),
});
const handlers = stack.handlers.all.map(describeHandler);
/** The nightly scan's, the access review's and the decision page's. */
const everyHandler = [...stack.handlers.all, ...stack.reviews.handlers.all, stack.reviews.decision].map(
  describeHandler,
);

/**
 * Whether a role may perform `action` on the resource with logical id `target` (or on a literal ARN
 * part): with `leadingKeys`, under exactly that `dynamodb:LeadingKeys` condition; without, under none.
 */
function allows(roleId: string, action: string, target: string, leadingKeys?: readonly string[]): boolean {
  return statementsOfRole(template, roleId).some(
    (statement) =>
      statement.effect === "Allow" &&
      statement.actions.includes(action) &&
      (refersTo(statement.resource, target) || JSON.stringify(statement.resource).includes(target)) &&
      JSON.stringify(leadingKeysOf(statement.condition)) === JSON.stringify(leadingKeys),
  );
}

function leadingKeysOf(condition: unknown): string[] | undefined {
  return (condition as { "ForAllValues:StringLike"?: { "dynamodb:LeadingKeys"?: string[] } } | undefined)?.[
    "ForAllValues:StringLike"
  ]?.["dynamodb:LeadingKeys"];
}

describe("handler catalogue", () => {
  it("lists the nightly-scan handlers, each once", () => {
    // Act
    const names = NIGHTLY_SCAN_HANDLERS.map((spec) => spec.name);

    // Assess
    expect(names).toEqual([
      "start-scan",
      "collect-source",
      "record-source-failure",
      "check-guard-rails",
      "abort-scan",
      "reconcile-partition",
      "persist-findings",
      "check-revocations",
      "publish-report",
      "export-findings",
      "plan-manager-digests",
      "send-manager-digests",
      "record-manager-digests-failure",
      "plan-remediation-tasks",
      "sync-remediation-tasks",
      "record-remediation-tasks-failure",
      "finish-remediation-tasks",
      "plan-security-hub-import",
      "import-security-hub-findings",
      "finish-scan",
      "record-scan-failure",
    ]);
    expect(new Set(names).size).toBe(names.length);
  });

  it("sizes the digest chunks to the timeout of the function that sends them", () => {
    // Act
    const sender = HANDLER_CATALOGUE.find((spec) => spec.name === "send-manager-digests");

    // Assess
    expect(sender?.timeoutSeconds).toBe(SEND_MANAGER_DIGESTS_TIMEOUT_SECONDS);
    const syncer = HANDLER_CATALOGUE.find((spec) => spec.name === "sync-remediation-tasks");
    expect(syncer?.timeoutSeconds).toBe(SYNC_REMEDIATION_TASKS_TIMEOUT_SECONDS);
  });

  it.each(HANDLER_CATALOGUE)("$name: entry and placeholder follow the naming convention", (spec) => {
    // Assess
    expect(spec.entry).toBe(`functions/handlers/${spec.name}.ts`);
    expect(spec.placeholder).toBe(`${constructIdFor(spec.name)}FunctionArn`);
    expect(spec.grants.length).toBe(new Set(spec.grants).size);
  });
});

describe("every function", () => {
  it("exists once per catalogue row", () => {
    // Assess: the access reviews' among them (review-workflow.test.ts)
    expect(Object.keys(functions)).toHaveLength(HANDLER_CATALOGUE.length);
    expect(handlers.map((handler) => handler.spec.name)).toEqual(
      NIGHTLY_SCAN_HANDLERS.map((spec) => spec.name),
    );
  });

  it.each(handlers)(
    "$spec.name: Node.js 22 on ARM64 with the row's memory and timeout",
    ({ spec, functionId }) => {
      // Act
      const properties = functions[functionId]?.Properties;

      // Assess
      expect(properties).toMatchObject({
        Runtime: "nodejs22.x",
        Architectures: ["arm64"],
        Handler: "index.handler",
        MemorySize: spec.memoryMb,
        Timeout: spec.timeoutSeconds,
      });
    },
  );

  it.each(handlers)(
    "$spec.name: JSON logs into its own log group with a retention",
    ({ functionId, logGroupId }) => {
      // Act
      const properties = functions[functionId]?.Properties;

      // Assess
      expect(properties?.LoggingConfig).toEqual({
        LogFormat: "JSON",
        LogGroup: { Ref: logGroupId },
        ApplicationLogLevel: "INFO",
        SystemLogLevel: "INFO",
      });
      expect(logGroups[logGroupId]?.Properties.RetentionInDays).toBe(90);
    },
  );

  it.each(handlers)("$spec.name: gets the shared environment", ({ functionId }) => {
    // Act
    const variables = functions[functionId]?.Properties.Environment.Variables;

    // Assess
    expect(variables).toEqual({
      STATE_TABLE: { Ref: ids.stateTable },
      AUDIT_TABLE: { Ref: ids.auditTable },
      AUDIT_BUCKET: { Ref: ids.auditBucket },
      BLOB_BUCKET: { Ref: ids.bucket },
      CONFIG_KEY: "config/deprov.config.json",
      MAIL_FROM: "deprov@acme.com",
      REPORT_TO: "compliance@acme.com,security@acme.com",
      POWERTOOLS_SERVICE_NAME: "deprov",
      LOG_LEVEL: "INFO",
      NODE_OPTIONS: "--enable-source-maps",
    });
  });
});

describe("least privilege", () => {
  /** One observable permission per grant kind: present exactly when the row asks for it. */
  const SIGNATURE: Record<
    HandlerGrant,
    { action: string; target: () => string; leadingKeys?: readonly string[] }
  > = {
    "state:read": { action: "dynamodb:Query", target: () => ids.stateTable },
    "state:write": { action: "dynamodb:UpdateItem", target: () => ids.stateTable },
    "state:read:review-campaigns": {
      action: "dynamodb:Query",
      target: () => ids.stateTable,
      leadingKeys: [REVIEW_PARTITION_PATTERNS.campaigns, REVIEW_PARTITION_PATTERNS.perCampaign],
    },
    "state:write:review-decisions": {
      action: "dynamodb:UpdateItem",
      target: () => ids.stateTable,
      leadingKeys: [REVIEW_PARTITION_PATTERNS.perCampaign],
    },
    "audit:append": { action: "dynamodb:PutItem", target: () => ids.auditTable },
    "audit:read": { action: "dynamodb:Query", target: () => ids.auditTable },
    // Quoted: the whole bucket, not a key pattern in it.
    "blobs:read": { action: "s3:GetObject", target: () => '"/*"' },
    "blobs:read:review-items": { action: "s3:GetObject", target: () => '"/reviews/*/items/*"' },
    ...(Object.fromEntries(
      (Object.keys(BLOB_WRITE_SCOPES) as BlobWriteScope[]).map((scope) => [
        `blobs:write:${scope}`,
        // Quoted: `reports/*` is also the start of `reports/*/tasks.json`.
        { action: "s3:PutObject", target: () => `"/${BLOB_WRITE_SCOPES[scope][0]}"` },
      ]),
    ) as Record<`blobs:write:${BlobWriteScope}`, { action: string; target: () => string }>),
    "secrets:read-source-credentials": {
      action: "secretsmanager:GetSecretValue",
      target: () => ":secret:deprov/*",
    },
    "secrets:read-review-link-key": {
      action: "secretsmanager:GetSecretValue",
      target: () => ':secret:deprov/review-link-key-??????"',
    },
    "sts:assume-source-roles": { action: "sts:AssumeRole", target: () => ":role/deprov-credential-report" },
    "mail:send": { action: "ses:SendRawEmail", target: () => ids.identity },
    "mail:read-quota": { action: "ses:GetSendQuota", target: () => "*" },
    "securityhub:import": { action: "securityhub:BatchImportFindings", target: () => ":product/" },
  };
  const cases = everyHandler.flatMap((handler) =>
    (Object.keys(SIGNATURE) as HandlerGrant[]).map((grant) => ({
      name: handler.spec.name,
      grant,
      roleId: handler.roleId,
      granted: handler.spec.grants.includes(grant),
    })),
  );

  it.each(cases)("$name: $grant granted = $granted", ({ roleId, grant, granted }) => {
    // Act
    const signature = SIGNATURE[grant];

    // Assess
    expect(allows(roleId, signature.action, signature.target(), signature.leadingKeys)).toBe(granted);
  });

  /** Actions that support no resource-level permission, so must name Resource "*": reads only. */
  const RESOURCELESS_ACTIONS = ["ses:GetSendQuota"];

  it.each(everyHandler)(
    '$spec.name: no wildcard actions, no Resource "*", no managed policies',
    ({ roleId }) => {
      // Act
      const statements = statementsOfRole(template, roleId);

      // Assess
      expect(
        statements.flatMap((statement) => statement.actions).filter((action) => action.includes("*")),
      ).toEqual([]);
      expect(
        statements.filter(
          (statement) =>
            JSON.stringify(statement.resource) === '"*"' &&
            !statement.actions.every((action) => RESOURCELESS_ACTIONS.includes(action)),
        ),
      ).toEqual([]);
      expect(roles[roleId]?.Properties.ManagedPolicyArns).toBeUndefined();
    },
  );

  it.each(everyHandler)("$spec.name: may write only to its own log group", ({ roleId, logGroupId }) => {
    // Act
    const logStatements = statementsOfRole(template, roleId).filter((statement) =>
      statement.actions.some((action) => action.startsWith("logs:")),
    );

    // Assess
    expect(logStatements).toEqual([
      {
        effect: "Allow",
        actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
        resource: { "Fn::GetAtt": [logGroupId, "Arn"] },
      },
    ]);
  });

  it("only the report, digest, guard-rail, abort and revocation-check handlers send email; only they and the source and task handlers read secrets", () => {
    // Act
    const mailers = handlers.filter((handler) => allows(handler.roleId, "ses:SendRawEmail", ids.identity));
    const secretReaders = handlers.filter((handler) =>
      allows(handler.roleId, "secretsmanager:GetSecretValue", ":secret:deprov/*"),
    );

    // Assess
    expect(mailers.map((handler) => handler.spec.name).sort()).toEqual([
      "abort-scan",
      "check-guard-rails",
      "check-revocations",
      "publish-report",
      "send-manager-digests",
    ]);
    expect(secretReaders.map((handler) => handler.spec.name).sort()).toEqual([
      "check-revocations",
      "collect-source",
      "sync-remediation-tasks",
    ]);
  });

  it.each(everyHandler)(
    "$spec.name: may put blobs only under the key patterns of what its step writes, never config/ or the whole bucket",
    ({ spec, roleId }) => {
      // Act
      const puts = statementsOfRole(template, roleId).filter(
        (statement) => statement.actions.includes("s3:PutObject") && refersTo(statement.resource, ids.bucket),
      );
      const patterns = puts.flatMap((statement) =>
        (Array.isArray(statement.resource) ? statement.resource : [statement.resource]).map((resource) => {
          const parts = (resource as { "Fn::Join": [string, unknown[]] })["Fn::Join"][1];
          return String(parts.at(-1)).replace(/^\//, "");
        }),
      );

      // Assess
      const scopes = spec.grants.flatMap((grant) =>
        grant.startsWith("blobs:write:") ? [grant.slice("blobs:write:".length) as BlobWriteScope] : [],
      );
      expect(patterns.sort()).toEqual(scopes.flatMap((scope) => BLOB_WRITE_SCOPES[scope]).sort());
      for (const pattern of patterns) {
        expect(pattern).not.toBe("*");
        expect(pattern.startsWith("config/")).toBe(false);
      }
    },
  );

  it("reconcile-partition reads the snapshots and writes its partition's findings, nothing else", () => {
    // Act
    const reconcile = handlers.find((handler) => handler.spec.name === "reconcile-partition");

    // Assess
    expect(reconcile).toBeDefined();
    expect(allows(reconcile?.roleId ?? "", "s3:GetObject", ids.bucket)).toBe(true);
    expect(allows(reconcile?.roleId ?? "", "s3:PutObject", ids.bucket)).toBe(true);
    expect(allows(reconcile?.roleId ?? "", "ses:SendRawEmail", ids.identity)).toBe(false);
    expect(allows(reconcile?.roleId ?? "", "dynamodb:PutItem", ids.auditTable)).toBe(false);
  });
});
