/**
 * The one table of Lambda handlers: what the function factory builds, what the state machine's
 * placeholders resolve to, and which permissions each function gets. Adding a handler is one row.
 */

import type { BlobWriteScope } from "../functions/scan/contract/blob-keys.ts";

/** A permission a handler may be given; each maps to a narrowly scoped IAM statement. */
export type HandlerGrant =
  /** GetItem/Query/BatchGetItem on the state table and its gsi1. */
  | "state:read"
  /** PutItem/UpdateItem/DeleteItem/BatchWriteItem on the state table. */
  | "state:write"
  /**
   * PutItem on the audit table (DynamoDB cannot make it conditional by policy: the table copy is
   * tamper-evident instead) and create-only puts under audit/ in the Object Lock bucket.
   */
  | "audit:append"
  /** GetItem/Query on the audit table. */
  | "audit:read"
  /** GetObject (and ListBucket, so a missing key is a 404 rather than a 403) on the blob bucket. */
  | "blobs:read"
  /** PutObject on the blob bucket, on the key patterns of one scope only (BLOB_WRITE_SCOPES). */
  | `blobs:write:${BlobWriteScope}`
  /** secretsmanager:GetSecretValue on secrets named deprov/* (live source, task sink and decision-link keys). */
  | "secrets:read-source-credentials"
  /** sts:AssumeRole on the roles that read AWS credential reports (deploy setting `sourceRoleArns`). */
  | "sts:assume-source-roles"
  /** ses:SendRawEmail from the sender domain identity. */
  | "mail:send"
  /** ses:GetSendQuota: the account's send rate, which bulk senders pace themselves by. */
  | "mail:read-quota"
  /** securityhub:BatchImportFindings into this account's default product (config `exports.securityHub`). */
  | "securityhub:import";

export interface HandlerSpec {
  /** Kebab-case handler name; also the construct id's source. */
  readonly name: string;
  /** Entry file, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  /** The `${...}` placeholder in the ASL definition that resolves to this function's ARN. */
  readonly placeholder: string;
  readonly description: string;
  readonly memoryMb: number;
  /** Kept below the Task state's TimeoutSeconds so the Lambda fails before the state times out. */
  readonly timeoutSeconds: number;
  /** /tmp size; live reads write their snapshot there before it is stored. @default 512 */
  readonly ephemeralStorageMb?: number;
  readonly grants: readonly HandlerGrant[];
}

export const HANDLER_CATALOGUE: readonly HandlerSpec[] = [
  {
    name: "start-scan",
    entry: "functions/handlers/start-scan.ts",
    placeholder: "StartScanFunctionArn",
    description: "Loads the config, opens the scan record and lists the sources to collect.",
    memoryMb: 512,
    timeoutSeconds: 60,
    grants: ["state:read", "state:write", "audit:append", "blobs:read"],
  },
  {
    name: "collect-source",
    entry: "functions/handlers/collect-source.ts",
    placeholder: "CollectSourceFunctionArn",
    description: "Parses one source export (or reads its live API) and stores the snapshot.",
    memoryMb: 2048,
    timeoutSeconds: 600,
    // Room for a live read's snapshot (capped at 480 MiB) in /tmp.
    ephemeralStorageMb: 1024,
    grants: [
      "state:read",
      "state:write",
      "blobs:read",
      "blobs:write:source-snapshots",
      "blobs:write:source-summaries",
      "secrets:read-source-credentials",
      "sts:assume-source-roles",
    ],
  },
  {
    name: "record-source-failure",
    entry: "functions/handlers/record-source-failure.ts",
    placeholder: "RecordSourceFailureFunctionArn",
    description: "Records that a source failed so that dependent rules are reported not evaluated.",
    memoryMb: 256,
    timeoutSeconds: 30,
    grants: [
      "state:read",
      "state:write",
      "audit:append",
      // It reads the config and writes the failed source's summary, which PersistFindings reads.
      "blobs:read",
      "blobs:write:source-summaries",
    ],
  },
  {
    name: "check-guard-rails",
    entry: "functions/handlers/check-guard-rails.ts",
    placeholder: "CheckGuardRailsFunctionArn",
    description:
      "Stops the scan when the roster failed or shrank too much; marks suspect sources and alerts; plans the partitions.",
    memoryMb: 1024,
    timeoutSeconds: 120,
    grants: [
      "state:read",
      "state:write",
      "audit:append",
      "blobs:read",
      "blobs:write:source-summaries",
      "mail:send",
    ],
  },
  {
    name: "abort-scan",
    entry: "functions/handlers/abort-scan.ts",
    placeholder: "AbortScanFunctionArn",
    description: "Marks the scan aborted by a guard rail and emails the alert.",
    memoryMb: 512,
    timeoutSeconds: 120,
    grants: ["state:read", "state:write", "audit:append", "blobs:read", "mail:send"],
  },
  {
    name: "reconcile-partition",
    entry: "functions/handlers/reconcile-partition.ts",
    placeholder: "ReconcilePartitionFunctionArn",
    description: "Evaluates every rule for one partition of people against the collected snapshots.",
    memoryMb: 2048,
    timeoutSeconds: 600,
    grants: ["state:read", "state:write", "blobs:read", "blobs:write:partitions"],
  },
  {
    name: "persist-findings",
    entry: "functions/handlers/persist-findings.ts",
    placeholder: "PersistFindingsFunctionArn",
    description: "Writes finding state transitions (new, resolved, reopened, waived) and the scan result.",
    memoryMb: 2048,
    timeoutSeconds: 600,
    grants: ["state:read", "state:write", "audit:append", "blobs:read", "blobs:write:results"],
  },
  {
    name: "check-revocations",
    entry: "functions/handlers/check-revocations.ts",
    placeholder: "CheckRevocationsFunctionArn",
    description: "Records when access revoked in a closed access review is gone; flags what is overdue.",
    memoryMb: 2048,
    timeoutSeconds: 600,
    grants: [
      "state:read",
      "state:write",
      "audit:append",
      "blobs:read",
      "blobs:write:review-reports",
      "mail:send",
      "secrets:read-source-credentials",
    ],
  },
  {
    name: "publish-report",
    entry: "functions/handlers/publish-report.ts",
    placeholder: "PublishReportFunctionArn",
    description: "Renders the HTML report, stores it and emails the compliance digest once per scan.",
    memoryMb: 2048,
    timeoutSeconds: 300,
    grants: ["state:read", "state:write", "audit:append", "blobs:read", "blobs:write:reports", "mail:send"],
  },
  {
    name: "export-findings",
    entry: "functions/handlers/export-findings.ts",
    placeholder: "ExportFindingsFunctionArn",
    description: "Writes every finding as findings.json, findings.csv and (exports.ocsf) OCSF JSON lines.",
    memoryMb: 3008,
    timeoutSeconds: 300,
    grants: ["state:read", "blobs:read", "blobs:write:reports"],
  },
  {
    name: "plan-manager-digests",
    entry: "functions/handlers/plan-manager-digests.ts",
    placeholder: "PlanManagerDigestsFunctionArn",
    description:
      "Decides which managers get a digest tonight and cuts them into chunks sized to the send rate.",
    memoryMb: 2048,
    timeoutSeconds: 300,
    grants: ["state:read", "audit:append", "blobs:read", "blobs:write:digest-plans", "mail:read-quota"],
  },
  {
    name: "send-manager-digests",
    entry: "functions/handlers/send-manager-digests.ts",
    placeholder: "SendManagerDigestsFunctionArn",
    description: "Sends one chunk of manager digests at the SES send rate, skipping those already sent.",
    memoryMb: 1024,
    // Chunks are sized to use at most 60 % of this at the account's send rate (work-chunks.ts).
    timeoutSeconds: 300,
    grants: [
      "state:read",
      "state:write",
      "audit:append",
      "blobs:read",
      "blobs:write:digest-audits",
      "mail:send",
    ],
  },
  {
    name: "record-manager-digests-failure",
    entry: "functions/handlers/record-manager-digests-failure.ts",
    placeholder: "RecordManagerDigestsFailureFunctionArn",
    description: "Puts what a failed chunk of manager digests sent into the audit trail.",
    memoryMb: 512,
    timeoutSeconds: 60,
    grants: ["state:read", "audit:append", "blobs:read", "blobs:write:digest-audits"],
  },
  {
    name: "plan-remediation-tasks",
    entry: "functions/handlers/plan-remediation-tasks.ts",
    placeholder: "PlanRemediationTasksFunctionArn",
    description:
      "Plans the night's task changes, one task per leaver and system, in chunks sized to the sink's rate.",
    memoryMb: 2048,
    timeoutSeconds: 300,
    grants: ["state:read", "blobs:read", "blobs:write:task-plans"],
  },
  {
    name: "sync-remediation-tasks",
    entry: "functions/handlers/sync-remediation-tasks.ts",
    placeholder: "SyncRemediationTasksFunctionArn",
    description:
      "Opens, updates and closes one chunk of remediation tasks at the sink's rate, skipping those done.",
    memoryMb: 512,
    // Chunks are sized to use at most 60 % of this at the sink's rate (work-chunks.ts).
    timeoutSeconds: 600,
    grants: [
      "state:read",
      "state:write",
      "audit:append",
      "blobs:read",
      "blobs:write:task-changes",
      "secrets:read-source-credentials",
    ],
  },
  {
    name: "record-remediation-tasks-failure",
    entry: "functions/handlers/record-remediation-tasks-failure.ts",
    placeholder: "RecordRemediationTasksFailureFunctionArn",
    description: "Puts what a failed chunk of task changes did into the audit trail.",
    memoryMb: 512,
    timeoutSeconds: 60,
    grants: ["state:read", "audit:append", "blobs:read", "blobs:write:task-changes"],
  },
  {
    name: "finish-remediation-tasks",
    entry: "functions/handlers/finish-remediation-tasks.ts",
    placeholder: "FinishRemediationTasksFunctionArn",
    description: "Adds up the night's task changes.",
    memoryMb: 256,
    timeoutSeconds: 60,
    grants: ["state:read", "blobs:read", "blobs:write:tasks-file"],
  },
  {
    name: "plan-security-hub-import",
    entry: "functions/handlers/plan-security-hub-import.ts",
    placeholder: "PlanSecurityHubImportFunctionArn",
    description:
      "Picks the findings that changed since the last scan and cuts them into chunks for Security Hub.",
    memoryMb: 2048,
    timeoutSeconds: 300,
    grants: ["state:read", "blobs:read", "blobs:write:security-hub-plans"],
  },
  {
    name: "import-security-hub-findings",
    entry: "functions/handlers/import-security-hub-findings.ts",
    placeholder: "ImportSecurityHubFindingsFunctionArn",
    description: "Imports one chunk of changed findings into AWS Security Hub (BatchImportFindings).",
    memoryMb: 1024,
    timeoutSeconds: 300,
    grants: ["blobs:read", "securityhub:import"],
  },
  {
    name: "finish-scan",
    entry: "functions/handlers/finish-scan.ts",
    placeholder: "FinishScanFunctionArn",
    description: "Closes the scan record with its counts and outcome.",
    memoryMb: 512,
    timeoutSeconds: 120,
    grants: ["state:read", "state:write", "audit:append", "blobs:read"],
  },
  {
    name: "record-scan-failure",
    entry: "functions/handlers/record-scan-failure.ts",
    placeholder: "RecordScanFailureFunctionArn",
    description: "Records that the scan failed, with the failing state's error.",
    memoryMb: 256,
    timeoutSeconds: 30,
    grants: ["state:read", "state:write", "audit:append"],
  },
];
