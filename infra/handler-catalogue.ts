/**
 * The one table of Lambda handlers: what the function factory builds, what the state machine's
 * placeholders resolve to, and which permissions each function gets. Adding a handler is one row.
 */

/** A permission a handler may be given; each maps to a narrowly scoped IAM statement. */
export type HandlerGrant =
  /** GetItem/Query/BatchGetItem on the state table and its gsi1. */
  | "state:read"
  /** PutItem/UpdateItem/DeleteItem/BatchWriteItem on the state table. */
  | "state:write"
  /** PutItem only on the audit table: append, never update or delete. */
  | "audit:append"
  /** GetItem/Query on the audit table. */
  | "audit:read"
  /** GetObject (and ListBucket, so a missing key is a 404 rather than a 403) on the blob bucket. */
  | "blobs:read"
  /** PutObject on the blob bucket. */
  | "blobs:write"
  /** secretsmanager:GetSecretValue on secrets named deprov/* (live source and task sink credentials). */
  | "secrets:read-source-credentials"
  /** sts:AssumeRole on the roles that read AWS credential reports (deploy setting `sourceRoleArns`). */
  | "sts:assume-source-roles"
  /** ses:SendRawEmail from the sender domain identity. */
  | "mail:send"
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
      "blobs:write",
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
    grants: ["state:read", "state:write", "audit:append"],
  },
  {
    name: "check-guard-rails",
    entry: "functions/handlers/check-guard-rails.ts",
    placeholder: "CheckGuardRailsFunctionArn",
    description: "Stops the scan when the roster failed or shrank too much; plans the partitions.",
    memoryMb: 1024,
    timeoutSeconds: 120,
    grants: ["state:read", "state:write", "audit:append", "blobs:read"],
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
    grants: ["state:read", "state:write", "blobs:read", "blobs:write"],
  },
  {
    name: "persist-findings",
    entry: "functions/handlers/persist-findings.ts",
    placeholder: "PersistFindingsFunctionArn",
    description: "Writes finding state transitions (new, resolved, reopened, waived) and the scan result.",
    memoryMb: 2048,
    timeoutSeconds: 600,
    grants: ["state:read", "state:write", "audit:append", "blobs:read", "blobs:write"],
  },
  {
    name: "publish-report",
    entry: "functions/handlers/publish-report.ts",
    placeholder: "PublishReportFunctionArn",
    description: "Renders the HTML/CSV report, stores it and emails it once per scan.",
    memoryMb: 2048,
    timeoutSeconds: 300,
    grants: [
      "state:read",
      "state:write",
      "audit:append",
      "blobs:read",
      "blobs:write",
      "mail:send",
      "securityhub:import",
    ],
  },
  {
    name: "sync-remediation-tasks",
    entry: "functions/handlers/sync-remediation-tasks.ts",
    placeholder: "SyncRemediationTasksFunctionArn",
    description: "Opens, updates and closes remediation tasks, one per leaver and system.",
    memoryMb: 512,
    timeoutSeconds: 600,
    grants: [
      "state:read",
      "state:write",
      "audit:append",
      "blobs:read",
      "blobs:write",
      "secrets:read-source-credentials",
    ],
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
