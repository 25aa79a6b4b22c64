/**
 * Imports a scan's findings into AWS Security Hub with BatchImportFindings: the open and waived
 * findings, then the ones this scan resolved (ARCHIVED), 100 per call (the API's maximum).
 *
 * A throttled batch (or one hit by a passing server fault) is retried with exponential backoff.
 * Nothing is thrown for a service error: the result carries every per-finding rejection with
 * Security Hub's error code, and every failed batch with the error that failed it, so the caller
 * reports them. An error every later batch would repeat (Security Hub not enabled, no permission)
 * stops the export instead of failing a thousand more calls the same way.
 */
import { setTimeout as delay } from "node:timers/promises";
import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
  type BatchImportFindingsCommandOutput,
} from "@aws-sdk/client-securityhub";
import type { Instant } from "../../core/model.ts";
import type { ResolvedFinding, ScanResult } from "../../scan/contract/scan-result.ts";
import {
  errorCodeOf,
  errorMessageOf,
  isAccountLevelError,
  isAccountLevelFindingError,
  isTransientError,
} from "../aws-errors.ts";
import { type AsffContext, asffContext, asffFinding, asffResolvedFinding } from "./asff.ts";

/** BatchImportFindings accepts at most 100 findings per call. */
export const SECURITY_HUB_BATCH_SIZE = 100;

/** What the exporter maps: a scan's identity and rules, its open and waived findings, and those it resolved. */
export type SecurityHubScan = Pick<
  ScanResult,
  "scanId" | "organization" | "evaluatedAt" | "rules" | "findings"
> & {
  history?: { resolved: readonly ResolvedFinding[] };
};

/** The one call the exporter makes; a `SecurityHubClient` is one, and so is a test double. */
export interface SecurityHubPort {
  send(command: BatchImportFindingsCommand): Promise<BatchImportFindingsCommandOutput>;
}

export interface SecurityHubExportInput {
  client: SecurityHubPort;
  /** The account the findings belong to (and that calls BatchImportFindings): 12 digits. */
  accountId: string;
  region: string;
  result: SecurityHubScan;
  /** This export's instant: every finding's UpdatedAt. */
  now: Instant;
  /** Waits between attempts; injectable so tests do not wait. */
  sleep?: (ms: number) => Promise<void>;
  /** Attempts per batch when throttled, including the first (default 6). */
  maxAttempts?: number;
  /** First backoff, doubled per retry up to `maxDelayMs` (defaults 500 ms and 10 s). */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export interface FailedFindingReport {
  id: string;
  errorCode: string;
  errorMessage: string;
}

export interface BatchErrorReport {
  /** 1-based, in sending order. */
  batch: number;
  findings: number;
  firstFindingId: string;
  errorCode: string;
  errorMessage: string;
  attempts: number;
}

export interface SecurityHubExportResult {
  /** Findings Security Hub accepted. */
  imported: number;
  /** Findings not imported: rejected one by one, in a failed batch, or not sent after an abort. */
  failed: number;
  /** BatchImportFindings batches sent (each counted once, however many attempts it took). */
  batches: number;
  /** Findings Security Hub rejected individually (FailedFindings), with its error code and message. */
  failedFindings: FailedFindingReport[];
  /** Batches whose call failed after all its attempts; every finding in them counts as failed. */
  batchErrors: BatchErrorReport[];
  /** True when an account-level error (the last batch error) stopped the export early. */
  aborted: boolean;
  /** Findings never sent because the export stopped (included in `failed`). */
  notSent: number;
}

const DEFAULTS = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 10_000 };

export async function exportToSecurityHub(input: SecurityHubExportInput): Promise<SecurityHubExportResult> {
  assertTarget(input.accountId, input.region);
  const context = asffContext(input);
  const total = input.result.findings.length + (input.result.history?.resolved.length ?? 0);
  const outcome: SecurityHubExportResult = {
    imported: 0,
    failed: 0,
    batches: 0,
    failedFindings: [],
    batchErrors: [],
    aborted: false,
    notSent: 0,
  };
  let sent = 0;
  for (const batch of batchesOf(asffFindings(input.result, context), SECURITY_HUB_BATCH_SIZE)) {
    outcome.batches++;
    sent += batch.length;
    const stop = await sendBatch(batch, outcome, input);
    if (stop) {
      outcome.aborted = true;
      outcome.notSent = total - sent;
      outcome.failed += outcome.notSent;
      break;
    }
  }
  return outcome;
}

/** Sends one batch, retrying transient errors; returns true when the export must stop. */
async function sendBatch(
  batch: AwsSecurityFinding[],
  outcome: SecurityHubExportResult,
  input: SecurityHubExportInput,
): Promise<boolean> {
  const maxAttempts = Math.max(1, input.maxAttempts ?? DEFAULTS.maxAttempts);
  const sleep = input.sleep ?? ((ms: number) => delay(ms).then(() => undefined));
  const command = new BatchImportFindingsCommand({ Findings: batch });
  for (let attempt = 1; ; attempt++) {
    try {
      return recordResponse(batch, await input.client.send(command), outcome);
    } catch (error) {
      if (isTransientError(error) && attempt < maxAttempts) {
        await sleep(backoffMs(attempt, input));
        continue;
      }
      outcome.failed += batch.length;
      outcome.batchErrors.push({
        batch: outcome.batches,
        findings: batch.length,
        firstFindingId: batch[0]?.Id ?? "",
        errorCode: errorCodeOf(error),
        errorMessage: errorMessageOf(error),
        attempts: attempt,
      });
      return isAccountLevelError(error);
    }
  }
}

/** Counts the response; returns true when every finding failed for a reason every batch would repeat. */
function recordResponse(
  batch: AwsSecurityFinding[],
  response: BatchImportFindingsCommandOutput,
  outcome: SecurityHubExportResult,
): boolean {
  const rejected = response.FailedFindings ?? [];
  for (const failure of rejected) {
    outcome.failedFindings.push({
      id: failure.Id ?? "",
      errorCode: failure.ErrorCode ?? "UnknownError",
      errorMessage: failure.ErrorMessage ?? "no message",
    });
  }
  const failed = response.FailedCount ?? rejected.length;
  outcome.failed += failed;
  outcome.imported += response.SuccessCount ?? batch.length - failed;
  return (
    rejected.length === batch.length &&
    rejected.every((failure) => isAccountLevelFindingError(failure.ErrorCode))
  );
}

/** Exponential: base, 2×base, 4×base … capped, so a throttled export slows down instead of hammering. */
export function backoffMs(
  attempt: number,
  options: Pick<SecurityHubExportInput, "baseDelayMs" | "maxDelayMs">,
): number {
  const base = options.baseDelayMs ?? DEFAULTS.baseDelayMs;
  const max = options.maxDelayMs ?? DEFAULTS.maxDelayMs;
  return Math.min(max, base * 2 ** (attempt - 1));
}

/** Open and waived findings first, then the resolved ones, mapped lazily as batches are sent. */
function* asffFindings(result: SecurityHubScan, context: AsffContext): Generator<AwsSecurityFinding> {
  for (const finding of result.findings) yield asffFinding(finding, context);
  for (const resolved of result.history?.resolved ?? []) yield asffResolvedFinding(resolved, context);
}

function* batchesOf<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** A wrong account or region would send every finding to the wrong place; refuse before the first call. */
function assertTarget(accountId: string, region: string): void {
  if (!/^\d{12}$/.test(accountId)) {
    throw new Error(`Security Hub export: accountId: expected a 12-digit AWS account id, got "${accountId}"`);
  }
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
    throw new Error(`Security Hub export: region: expected an AWS region such as us-east-1, got "${region}"`);
  }
}
