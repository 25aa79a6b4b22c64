/**
 * The one table of Lambda handlers, for the nightly scan and the access review alike: what the
 * CDK function factory builds (infra/), what each state machine's placeholders resolve to in AWS and
 * in the local runtime (cli/local/), where the local runtime may run each one, what the cost
 * estimate bills, and which permissions each function gets. Adding a handler is one row here plus
 * its file `functions/handlers/<name>.ts` (the Lambda entry, exporting `handler`).
 */
import type { BlobReadScope, BlobWriteScope } from "../scan/contract/blob-keys.ts";
import { IMPORT_SECURITY_HUB_TIMEOUT_SECONDS } from "../scan/steps/import-security-hub-findings.ts";
import { SEND_MANAGER_DIGESTS_TIMEOUT_SECONDS } from "../scan/steps/plan-manager-digests.ts";
import { SYNC_REMEDIATION_TASKS_TIMEOUT_SECONDS } from "../scan/steps/plan-remediation-tasks.ts";
import { abortScanHandler } from "./abort-scan.ts";
import { checkCampaignHandler } from "./check-campaign.ts";
import { checkGuardRailsHandler } from "./check-guard-rails.ts";
import { checkRevocationsHandler } from "./check-revocations.ts";
import { closeCampaignHandler } from "./close-campaign.ts";
import { collectSourceHandler } from "./collect-source.ts";
import type { DefinedHandler } from "./define-handler.ts";
import { exportFindingsHandler } from "./export-findings.ts";
import { finishRemediationTasksHandler } from "./finish-remediation-tasks.ts";
import { finishScanHandler } from "./finish-scan.ts";
import { importSecurityHubFindingsHandler } from "./import-security-hub-findings.ts";
import { persistFindingsHandler } from "./persist-findings.ts";
import { planManagerDigestsHandler } from "./plan-manager-digests.ts";
import { planRemediationTasksHandler } from "./plan-remediation-tasks.ts";
import { planSecurityHubImportHandler } from "./plan-security-hub-import.ts";
import { publishReportHandler } from "./publish-report.ts";
import { reconcilePartitionHandler } from "./reconcile-partition.ts";
import { recordManagerDigestsFailureHandler } from "./record-manager-digests-failure.ts";
import { recordRemediationTasksFailureHandler } from "./record-remediation-tasks-failure.ts";
import { recordScanFailureHandler } from "./record-scan-failure.ts";
import { recordSourceFailureHandler } from "./record-source-failure.ts";
import { sendManagerDigestsHandler } from "./send-manager-digests.ts";
import { sendPacketChunkHandler } from "./send-packet-chunk.ts";
import { startCampaignHandler } from "./start-campaign.ts";
import { startScanHandler } from "./start-scan.ts";
import { syncRemediationTasksHandler } from "./sync-remediation-tasks.ts";

/** A permission a handler may be given; each maps to a narrowly scoped IAM statement. */
export type HandlerGrant =
  /** GetItem/Query/BatchGetItem on the state table and its gsi1. */
  | "state:read"
  /** PutItem/UpdateItem/DeleteItem/BatchWriteItem on the state table. */
  | "state:write"
  /**
   * GetItem/Query on the state table under a `dynamodb:LeadingKeys` condition: only the review
   * store's partitions (`CAMPAIGN`, `CAMPAIGN#*`: campaigns, reviewers, decisions, link uses).
   */
  | "state:read:review-campaigns"
  /**
   * PutItem/UpdateItem on the state table under a `dynamodb:LeadingKeys` condition: only the
   * per-campaign partitions (`CAMPAIGN#*`: decisions, link uses, reviewers' counts). No deletes,
   * and not the campaign records themselves (their status, due date).
   */
  | "state:write:review-decisions"
  /**
   * PutItem on the audit table (DynamoDB cannot make it conditional by policy: the table copy is
   * tamper-evident instead) and create-only puts under audit/ in the Object Lock bucket.
   */
  | "audit:append"
  /** GetItem/Query on the audit table. */
  | "audit:read"
  /** GetObject (and ListBucket, so a missing key is a 404 rather than a 403) on the blob bucket. */
  | "blobs:read"
  /**
   * GetObject on the config object and the key patterns of one read scope only (BLOB_READ_SCOPES),
   * and ListBucket as `blobs:read` has it.
   */
  | `blobs:read:${BlobReadScope}`
  /** PutObject on the blob bucket, on the key patterns of one scope only (BLOB_WRITE_SCOPES). */
  | `blobs:write:${BlobWriteScope}`
  /** secretsmanager:GetSecretValue on secrets named deprov/* (live source, task sink and decision-link keys). */
  | "secrets:read-source-credentials"
  /**
   * secretsmanager:GetSecretValue on the one secret deprov/review-link-key (`-??????`: the six
   * characters Secrets Manager appends), the key that signs and checks decision links.
   */
  | "secrets:read-review-link-key"
  /** sts:AssumeRole on the roles that read AWS credential reports (deploy setting `sourceRoleArns`). */
  | "sts:assume-source-roles"
  /** ses:SendRawEmail from the sender domain identity. */
  | "mail:send"
  /** ses:GetSendQuota: the account's send rate, which bulk senders pace themselves by. */
  | "mail:read-quota"
  /** securityhub:BatchImportFindings into this account's default product (config `exports.securityHub`). */
  | "securityhub:import";

/** Which definition calls the handler: a state machine's Task, or the decision page's function URL. */
export type HandlerWorkflow = "nightly-scan" | "access-review" | "decision-page";

/**
 * Where the local runtime may run a handler besides the main thread (ADR 0004). Absent: on the main
 * thread only.
 */
export interface LocalPlacement {
  /**
   * `workers`: on a worker thread (the main thread only if no worker starts), so it runs beside
   * what needs the main thread; `any`: whichever thread is free first.
   */
  readonly threads: "workers" | "any";
  /** Only when the workers mail as the caller does: a custom mailer stays on the main thread. */
  readonly onlyWhenWorkersMail?: boolean;
}

interface HandlerRow {
  /** Kebab-case handler name: the entry file's, the construct id's and the placeholder's source. */
  readonly name: string;
  readonly workflow: HandlerWorkflow;
  readonly description: string;
  readonly memoryMb: number;
  /** Kept below the Task state's TimeoutSeconds so the Lambda fails before the state times out. */
  readonly timeoutSeconds: number;
  /** /tmp size; live reads write their snapshot there before it is stored. @default 512 */
  readonly ephemeralStorageMb?: number;
  readonly grants: readonly HandlerGrant[];
}

export interface StateHandlerRow extends HandlerRow {
  readonly workflow: "nightly-scan" | "access-review";
  /** The handler itself, for the local runtime: the same validation and step as the Lambda entry. */
  readonly handler: DefinedHandler<unknown>;
  readonly localPlacement?: LocalPlacement;
}

export interface FunctionUrlHandlerRow extends HandlerRow {
  readonly workflow: "decision-page";
}

/** What follows from a row's name. */
interface DerivedFromName {
  /** Entry file, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  /** The `${...}` placeholder in the ASL definition that resolves to this function's ARN. */
  readonly placeholder: string;
}

/** A catalogue row with what follows from its name. */
export type HandlerSpec = (StateHandlerRow | FunctionUrlHandlerRow) & DerivedFromName;

export type StateHandlerSpec = StateHandlerRow & DerivedFromName;

function row<R extends StateHandlerRow | FunctionUrlHandlerRow>(spec: R): R & DerivedFromName {
  return {
    ...spec,
    entry: `functions/handlers/${spec.name}.ts`,
    placeholder: `${pascalCase(spec.name)}FunctionArn`,
  };
}

/** `collect-source` → `CollectSource`: the placeholder's and the CDK construct id's form of a name. */
export function pascalCase(handlerName: string): string {
  return handlerName
    .split("-")
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join("");
}

export const HANDLER_CATALOGUE: readonly HandlerSpec[] = [
  row({
    name: "start-scan",
    workflow: "nightly-scan",
    handler: startScanHandler,
    description: "Loads the config, opens the scan record and lists the sources to collect.",
    memoryMb: 512,
    timeoutSeconds: 60,
    grants: ["state:read", "state:write", "audit:append", "blobs:read"],
  }),
  row({
    name: "collect-source",
    workflow: "nightly-scan",
    handler: collectSourceHandler,
    description: "Parses one source export (or reads its live API) and stores the snapshot.",
    memoryMb: 2048,
    timeoutSeconds: 600,
    // Room for a live read's snapshot (capped at 480 MiB) in /tmp.
    ephemeralStorageMb: 1024,
    // Sources are parsed side by side on every thread, heaviest export first.
    localPlacement: { threads: "any" },
    grants: [
      "state:read",
      "state:write",
      // A source that cannot be read or parsed is recorded in the trail (`source.failed`).
      "audit:append",
      "blobs:read",
      "blobs:write:source-snapshots",
      "blobs:write:source-summaries",
      "secrets:read-source-credentials",
      "sts:assume-source-roles",
    ],
  }),
  row({
    name: "record-source-failure",
    workflow: "nightly-scan",
    handler: recordSourceFailureHandler,
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
  }),
  row({
    name: "check-guard-rails",
    workflow: "nightly-scan",
    handler: checkGuardRailsHandler,
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
  }),
  row({
    name: "abort-scan",
    workflow: "nightly-scan",
    handler: abortScanHandler,
    description: "Marks the scan aborted by a guard rail and emails the alert.",
    memoryMb: 512,
    timeoutSeconds: 120,
    grants: ["state:read", "state:write", "audit:append", "blobs:read", "mail:send"],
  }),
  row({
    name: "reconcile-partition",
    workflow: "nightly-scan",
    handler: reconcilePartitionHandler,
    description: "Evaluates every rule for one partition of people against the collected snapshots.",
    memoryMb: 2048,
    timeoutSeconds: 600,
    grants: ["state:read", "state:write", "blobs:read", "blobs:write:partitions"],
  }),
  row({
    name: "persist-findings",
    workflow: "nightly-scan",
    handler: persistFindingsHandler,
    description: "Writes finding state transitions (new, resolved, reopened, waived) and the scan result.",
    memoryMb: 2048,
    timeoutSeconds: 600,
    grants: ["state:read", "state:write", "audit:append", "blobs:read", "blobs:write:results"],
  }),
  row({
    name: "check-revocations",
    workflow: "nightly-scan",
    handler: checkRevocationsHandler,
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
  }),
  row({
    name: "publish-report",
    workflow: "nightly-scan",
    handler: publishReportHandler,
    description: "Renders the HTML report, stores it and emails the compliance digest once per scan.",
    memoryMb: 2048,
    timeoutSeconds: 300,
    grants: ["state:read", "state:write", "audit:append", "blobs:read", "blobs:write:reports", "mail:send"],
  }),
  row({
    name: "export-findings",
    workflow: "nightly-scan",
    handler: exportFindingsHandler,
    description: "Writes every finding as findings.json, findings.csv and (exports.ocsf) OCSF JSON lines.",
    memoryMb: 3008,
    timeoutSeconds: 300,
    // On a worker, so that it runs beside the report, which the main thread renders.
    localPlacement: { threads: "workers" },
    grants: ["state:read", "blobs:read", "blobs:write:reports"],
  }),
  row({
    name: "plan-manager-digests",
    workflow: "nightly-scan",
    handler: planManagerDigestsHandler,
    description:
      "Decides which managers get a digest tonight and cuts them into chunks sized to the send rate.",
    memoryMb: 2048,
    timeoutSeconds: 300,
    grants: ["state:read", "audit:append", "blobs:read", "blobs:write:digest-plans", "mail:read-quota"],
  }),
  row({
    name: "send-manager-digests",
    workflow: "nightly-scan",
    handler: sendManagerDigestsHandler,
    description: "Sends one chunk of manager digests at the SES send rate, skipping those already sent.",
    memoryMb: 1024,
    // Chunks are sized to use at most 60 % of this at the account's send rate (work-chunks.ts).
    timeoutSeconds: SEND_MANAGER_DIGESTS_TIMEOUT_SECONDS,
    // Whichever thread is free sends the next chunk.
    localPlacement: { threads: "any", onlyWhenWorkersMail: true },
    grants: [
      "state:read",
      "state:write",
      "audit:append",
      "blobs:read",
      "blobs:write:digest-audits",
      "mail:send",
    ],
  }),
  row({
    name: "record-manager-digests-failure",
    workflow: "nightly-scan",
    handler: recordManagerDigestsFailureHandler,
    description:
      "Puts what a failed chunk of manager digests sent into the audit trail, and records the rest as owed to the next scan.",
    memoryMb: 512,
    timeoutSeconds: 60,
    grants: ["state:read", "state:write", "audit:append", "blobs:read", "blobs:write:digest-audits"],
  }),
  row({
    name: "plan-remediation-tasks",
    workflow: "nightly-scan",
    handler: planRemediationTasksHandler,
    description:
      "Plans the night's task changes, one task per leaver and system, in chunks sized to the sink's rate.",
    memoryMb: 2048,
    timeoutSeconds: 300,
    grants: ["state:read", "blobs:read", "blobs:write:task-plans"],
  }),
  row({
    name: "sync-remediation-tasks",
    workflow: "nightly-scan",
    handler: syncRemediationTasksHandler,
    description:
      "Opens, updates and closes one chunk of remediation tasks at the sink's rate, skipping those done.",
    memoryMb: 512,
    // Chunks are sized to use at most 60 % of this at the sink's rate (work-chunks.ts).
    timeoutSeconds: SYNC_REMEDIATION_TASKS_TIMEOUT_SECONDS,
    // The chunks of bulk work go to whichever thread is free first.
    localPlacement: { threads: "any" },
    grants: [
      "state:read",
      "state:write",
      "audit:append",
      "blobs:read",
      "blobs:write:task-changes",
      "secrets:read-source-credentials",
    ],
  }),
  row({
    name: "record-remediation-tasks-failure",
    workflow: "nightly-scan",
    handler: recordRemediationTasksFailureHandler,
    description: "Puts what a failed chunk of task changes did into the audit trail.",
    memoryMb: 512,
    timeoutSeconds: 60,
    grants: ["state:read", "audit:append", "blobs:read", "blobs:write:task-changes"],
  }),
  row({
    name: "finish-remediation-tasks",
    workflow: "nightly-scan",
    handler: finishRemediationTasksHandler,
    description: "Adds up the night's task changes.",
    memoryMb: 256,
    timeoutSeconds: 60,
    grants: ["state:read", "blobs:read", "blobs:write:tasks-file"],
  }),
  row({
    name: "plan-security-hub-import",
    workflow: "nightly-scan",
    handler: planSecurityHubImportHandler,
    description:
      "Picks the findings that changed since the last scan and cuts them into chunks for Security Hub.",
    memoryMb: 2048,
    timeoutSeconds: 300,
    grants: ["state:read", "blobs:read", "blobs:write:security-hub-plans"],
  }),
  row({
    name: "import-security-hub-findings",
    workflow: "nightly-scan",
    handler: importSecurityHubFindingsHandler,
    description: "Imports one chunk of changed findings into AWS Security Hub (BatchImportFindings).",
    memoryMb: 1024,
    timeoutSeconds: IMPORT_SECURITY_HUB_TIMEOUT_SECONDS,
    grants: ["blobs:read", "securityhub:import"],
  }),
  row({
    name: "finish-scan",
    workflow: "nightly-scan",
    handler: finishScanHandler,
    description: "Closes the scan record with its counts and outcome.",
    memoryMb: 512,
    timeoutSeconds: 120,
    grants: ["state:read", "state:write", "audit:append", "blobs:read"],
  }),
  row({
    name: "record-scan-failure",
    workflow: "nightly-scan",
    handler: recordScanFailureHandler,
    description: "Records that the scan failed, with the failing state's error.",
    memoryMb: 256,
    timeoutSeconds: 30,
    grants: ["state:read", "state:write", "audit:append"],
  }),

  // Access reviews (statemachines/access-review.asl.json).

  row({
    name: "start-campaign",
    workflow: "access-review",
    handler: startCampaignHandler,
    description: "Draws a campaign's items from the latest scan's snapshots and assigns reviewers.",
    memoryMb: 3008,
    timeoutSeconds: 600,
    grants: ["state:read", "state:write", "audit:append", "blobs:read", "blobs:write:review-items"],
  }),
  row({
    name: "send-packet-chunk",
    workflow: "access-review",
    handler: sendPacketChunkHandler,
    description: "Emails one chunk of reviewers their packet (HTML + CSV, signed decision links).",
    memoryMb: 1024,
    timeoutSeconds: 600,
    grants: [
      "state:read",
      "state:write",
      "audit:append",
      "blobs:read",
      "mail:send",
      "secrets:read-source-credentials",
    ],
  }),
  row({
    name: "check-campaign",
    workflow: "access-review",
    handler: checkCampaignHandler,
    description: "Sends the reminders and escalations due, and says when to check again or close.",
    memoryMb: 1024,
    timeoutSeconds: 600,
    grants: [
      "state:read",
      "state:write",
      "audit:append",
      "blobs:read",
      "mail:send",
      "secrets:read-source-credentials",
    ],
  }),
  row({
    name: "close-campaign",
    workflow: "access-review",
    handler: closeCampaignHandler,
    description: "Closes a campaign: revocations become remediation tasks; writes and emails the report.",
    memoryMb: 2048,
    timeoutSeconds: 600,
    grants: [
      "state:read",
      "state:write",
      "audit:append",
      "blobs:read",
      "blobs:write:review-tasks",
      "blobs:write:review-reports",
      "mail:send",
      "secrets:read-source-credentials",
    ],
  }),

  // Behind the decision page's function URL, not in a state machine: no placeholder is substituted for it.
  row({
    name: "decide-review-item",
    workflow: "decision-page",
    description: "The decision page behind signed review links: shows the form, records the decision once.",
    memoryMb: 512,
    timeoutSeconds: 30,
    // Anyone on the internet can call it, so it holds only what a link needs: the link key, the
    // config and the campaign's items, the review partitions of the state table, the audit trail.
    grants: [
      "state:read:review-campaigns",
      "state:write:review-decisions",
      "audit:append",
      "blobs:read:review-items",
      "secrets:read-review-link-key",
    ],
  }),
];

/** The rows a state machine's Tasks resolve to. */
export function stateHandlers(workflow: StateHandlerRow["workflow"]): readonly StateHandlerSpec[] {
  return HANDLER_CATALOGUE.filter(
    (spec): spec is StateHandlerSpec => spec.workflow === workflow && "handler" in spec,
  );
}

export const NIGHTLY_SCAN_HANDLERS = stateHandlers("nightly-scan");
export const ACCESS_REVIEW_HANDLERS = stateHandlers("access-review");

export const DECISION_PAGE_HANDLER: HandlerSpec = catalogueRow("decide-review-item");

/** The row of that name; throws for a name the catalogue lacks. */
export function catalogueRow(name: string): HandlerSpec {
  const spec = HANDLER_CATALOGUE.find((candidate) => candidate.name === name);
  if (!spec) throw new Error(`no handler named ${name} in the catalogue`);
  return spec;
}
