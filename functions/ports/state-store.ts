/**
 * The state a blob chain cannot hold: scan runs, the few findings that left "open since first
 * seen" (resolved, reopened, waived), waivers, idempotency markers for retried steps, and the
 * append-only audit trail. One implementation talks DynamoDB (in AWS, and locally against the
 * embedded store); an in-memory one backs fast unit tests. Both pass the same contract suite.
 */
import { createHash } from "node:crypto";
import type { StoredFinding, StoredStatus, Waiver } from "../core/lifecycle/types.ts";
import type { Instant } from "../core/model.ts";
import type { SourceCounts } from "../core/source-counts.ts";
import type { AuditArchive, AuditSeal } from "./audit-archive.ts";

export const SCAN_RUN_STATUSES = ["running", "succeeded", "failed", "aborted"] as const;
export type ScanRunStatus = (typeof SCAN_RUN_STATUSES)[number];

export interface ScanRun {
  scanId: string;
  status: ScanRunStatus;
  /** When the run was first started (a duplicate start keeps the first one's). */
  startedAt: Instant;
  /** The scan's evaluation instant (`--now`). */
  evaluatedAt: Instant;
  /** What started it, e.g. `schedule`, `cli`. */
  trigger?: string;
  organization?: string;
  /** IANA zone of the organization: dates a user types (waiver expiry) are read in it. */
  timezone?: string;
  finishedAt?: Instant;
  /** Why it failed or was aborted. */
  reason?: string;
  /** The result blob (`scans/<scanId>/findings.jsonl.gz`) and its SHA-256. */
  resultKey?: string;
  resultSha256?: string;
  /** Roster records collected: the next scan's shrink guard rail compares against it. */
  rosterRecords?: number;
  /** The record counts the next scan compares each source with (SPEC §5 suspect sources). */
  sourceCounts?: SourceCounts;
  counts?: Record<string, number>;
  /** The Step Functions execution that started it (the scan lock's holder). */
  execution?: string;
  /** When PersistFindings completed: from then on its result blob is the next scan's baseline. */
  persistedAt?: Instant;
  /** When its report and emails went out: what later reports count "new" and "resolved" from. */
  publishedAt?: Instant;
}

/** What PersistFindings records on the run when it completes. */
export interface ScanRunPersisted {
  persistedAt: Instant;
  resultKey: string;
  resultSha256: string;
  rosterRecords: number;
  /** The per-source counts the next scan's guard rails compare with (they move with the baseline). */
  sourceCounts?: SourceCounts;
}

/**
 * The scan lock: one scan at a time (two at once would each plan tasks and announce findings
 * against the same baseline). Held by a Step Functions execution until it ends; `until` bounds a
 * holder that died without releasing it.
 */
export interface ScanLock {
  holder: string;
  scanId: string;
  acquiredAt: Instant;
  until: Instant;
}

export type ScanLockAttempt = { acquired: true } | { acquired: false; current: ScanLock };

export interface ScanRunFinish {
  status: Exclude<ScanRunStatus, "running">;
  finishedAt: Instant;
  reason?: string;
  resultKey?: string;
  resultSha256?: string;
  rosterRecords?: number;
  sourceCounts?: SourceCounts;
  counts?: Record<string, number>;
}

/**
 * The pointer to the last scan whose findings were persisted (PersistFindings completed, whether
 * or not its report went out): the baseline of the next one.
 */
export interface LatestSuccess {
  scanId: string;
  evaluatedAt: Instant;
  finishedAt: Instant;
  resultKey: string;
  resultSha256?: string;
  rosterRecords?: number;
  /** Carried from the scan run: what the next scan's sources are compared with. */
  sourceCounts?: SourceCounts;
  timezone?: string;
  /** The pointer this one replaced: a retry of the same scan takes its baseline from there. */
  previous?: { scanId: string; resultKey: string; rosterRecords?: number; sourceCounts?: SourceCounts };
}

/**
 * The last successful scan before `scanId`: the latest one, unless that is `scanId` itself (a retry
 * of a finished step), when it is the one the pointer replaced.
 */
export function successBefore(
  latest: LatestSuccess | undefined,
  scanId: string,
): LatestSuccess | LatestSuccess["previous"] {
  return latest?.scanId === scanId ? latest.previous : latest;
}

export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { [key: string]: JsonValue };

/**
 * One fact in the audit trail. Append-only: an entry is never changed or removed, and writing
 * the same `id` at the same `at` again is a no-op, so a retried scan creates no duplicates.
 * Derive `id` with `auditEntryId` from what makes the event unique, and take `at` from
 * something the retry repeats too (the scan run's `startedAt`, the waiver's `createdAt`).
 */
export interface AuditEntry {
  id: string;
  at: Instant;
  /** What happened, dotted: `scan.started`, `findings.resolved`, `waiver.created`, `email.sent`… */
  kind: string;
  /** Who did it: `scan:<scanId>` or `user:<name>`. */
  actor: string;
  /** What it happened to: a finding id, a scan id, a task key. */
  subject: string;
  scanId?: string;
  detail?: Record<string, JsonValue>;
}

export interface AppendResult {
  written: number;
  /** Entries whose id already existed: kept as first written. */
  duplicates: number;
}

export interface StateStore {
  /** Creates the tables when missing (local store only; in AWS the stack owns them). */
  ensureTables(): Promise<void>;

  /** Records a new run; a duplicate start of the same scanId returns the existing run unchanged. */
  startScanRun(run: ScanRun): Promise<{ run: ScanRun; created: boolean }>;
  getScanRun(scanId: string): Promise<ScanRun | undefined>;
  /**
   * Completes a run. A succeeded run with a result blob also becomes the latest-success pointer,
   * unless the pointer already names a scan evaluated later (a late duplicate of an old scan).
   */
  finishScanRun(scanId: string, finish: ScanRunFinish): Promise<ScanRun>;
  /**
   * Records that the run's findings are persisted, and makes it the latest-success pointer (the
   * next scan's baseline) unless the pointer already names a scan evaluated later. A night whose
   * report fails afterwards is still the baseline: its findings are not new again the next night.
   */
  recordPersisted(scanId: string, persisted: ScanRunPersisted): Promise<ScanRun>;
  /** The latest scan whose findings were persisted (see `recordPersisted`). */
  latestSuccessfulScan(): Promise<LatestSuccess | undefined>;
  /** The most recent `limit` succeeded runs, oldest first (for the report's trend). */
  recentSuccessfulScans(limit: number): Promise<ScanRun[]>;
  /** Records when the run's report and emails went out; the first instant stays. */
  markPublished(scanId: string, publishedAt: Instant): Promise<void>;
  /**
   * The latest published run before `run` (evaluated at or before it, another scan): what the
   * report and the emails say is new or resolved "since the last report".
   */
  lastPublishedScan(run: Pick<ScanRun, "scanId" | "evaluatedAt">): Promise<ScanRun | undefined>;

  /**
   * Takes the scan lock for `holder`, unless another holder has it and its `until` has not
   * passed; the same holder taking it again (a retried start) extends it.
   */
  acquireScanLock(lock: ScanLock): Promise<ScanLockAttempt>;
  /** Releases the lock if `holder` has it; `false` when it did not (expired and taken, or never held). */
  releaseScanLock(holder: string): Promise<boolean>;
  currentScanLock(): Promise<ScanLock | undefined>;

  /** Every resolved, reopened and waived finding item, by finding id. */
  getStoredFindings(): Promise<Map<string, StoredFinding>>;
  listStoredFindings(status: StoredStatus): Promise<StoredFinding[]>;
  getStoredFinding(findingId: string): Promise<StoredFinding | undefined>;
  /** Writes (overwrites) finding items in batches; returns how many were written. */
  putStoredFindings(findings: readonly StoredFinding[]): Promise<number>;

  /** Records or replaces the waiver of a finding. */
  putWaiver(waiver: Waiver): Promise<void>;
  getWaiver(findingId: string): Promise<Waiver | undefined>;
  listWaivers(): Promise<Map<string, Waiver>>;

  /**
   * Appends to the trail: each entry is archived first (the write-once copy, when the store has
   * one), then put into the table as archived — a retry that recomputed an entry differently
   * gets the first version in both copies.
   */
  appendAudit(entries: readonly AuditEntry[]): Promise<AppendResult>;
  /** Entries with `from <= at <= to`, oldest first. */
  listAudit(range: { from: Instant; to: Instant }): Promise<AuditEntry[]>;
  /** The write-once copy of the trail, when this store keeps one. */
  readonly auditArchive?: AuditArchive;
  /** Seals a finished scan's entries in the archive; `undefined` when the store keeps no archive. */
  sealAudit(scanId: string, at: Instant): Promise<AuditSeal | undefined>;

  /**
   * Records that a step of a scan completed, with its small result. The first marker wins: a
   * retried step gets `created: false` and the stored result, and skips its side effects.
   */
  markStep<T extends JsonValue>(
    scanId: string,
    step: string,
    result: T,
  ): Promise<{ created: boolean; result: T }>;
  getStep<T extends JsonValue>(scanId: string, step: string): Promise<T | undefined>;
  /**
   * Records that many small side effects of a scan's step were done — an email sent each — as one
   * item per call, however many entries: a bulk step marks its progress in batches as it goes,
   * and a night of thousands of emails writes hundreds of items, not thousands. Unconditional: a
   * step records an entry once, after its side effect, and skips what is recorded.
   */
  recordDone<T extends JsonValue>(
    scanId: string,
    group: string,
    entries: ReadonlyMap<string, T>,
  ): Promise<void>;
  /** Every entry recorded under `group` for the scan, by entry key. */
  listDone<T extends JsonValue>(scanId: string, group: string): Promise<Map<string, T>>;
}

/** Deterministic: the same event (e.g. scan id, kind, subject) always gets the same id. */
export function auditEntryId(...parts: readonly string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 26);
}

/** When a run's report went out: recorded by the report step, or (before it recorded it) the run's success. */
export function publishedAtOf(run: ScanRun): Instant | undefined {
  return run.publishedAt ?? (run.status === "succeeded" ? (run.finishedAt ?? run.evaluatedAt) : undefined);
}

/** The latest published run evaluated at or before `run`, other than `run` itself. */
export function lastPublished(
  runs: readonly ScanRun[],
  run: Pick<ScanRun, "scanId" | "evaluatedAt">,
): ScanRun | undefined {
  return runs
    .filter(
      (r) => r.scanId !== run.scanId && r.evaluatedAt <= run.evaluatedAt && publishedAtOf(r) !== undefined,
    )
    .sort((a, b) => a.evaluatedAt - b.evaluatedAt || a.startedAt - b.startedAt)
    .at(-1);
}

/** Succeeded runs by evaluation instant, the last `limit` of them, oldest first. */
export function recentSucceeded(runs: readonly ScanRun[], limit: number): ScanRun[] {
  return runs
    .filter((run) => run.status === "succeeded")
    .sort((a, b) => a.evaluatedAt - b.evaluatedAt || a.startedAt - b.startedAt)
    .slice(-limit);
}
