/**
 * The state store in memory, for fast unit tests of code that uses a store. It keeps the
 * DynamoDB store's semantics (first write wins for runs, markers and audit entries; values are
 * copied in and out; undefined attributes dropped) and passes the same contract suite.
 */
import {
  STORED_STATUSES,
  type StoredFinding,
  type StoredStatus,
  type Waiver,
} from "../../functions/core/lifecycle/types.ts";
import type { Instant } from "../../functions/core/model.ts";
import { compareText } from "../../functions/core/order.ts";
import type { AuditArchive, AuditSeal } from "../../functions/ports/audit-archive.ts";
import { fitItem } from "../../functions/ports/fit-item.ts";
import type {
  AppendResult,
  AuditEntry,
  JsonValue,
  LatestSuccess,
  ScanLock,
  ScanLockAttempt,
  ScanRun,
  ScanRunFinish,
  ScanRunPersisted,
  StateStore,
} from "../../functions/ports/state-store.ts";
import { lastPublished, recentSucceeded } from "../../functions/ports/state-store.ts";

export interface MemoryStateStoreOptions {
  /** The write-once copy of the audit trail; every appended entry goes there first. */
  auditArchive?: AuditArchive;
}

export class MemoryStateStore implements StateStore {
  private readonly runs = new Map<string, ScanRun>();
  private latest: LatestSuccess | undefined;
  private readonly findings = new Map<string, StoredFinding>();
  private readonly waivers = new Map<string, Waiver>();
  private readonly audit = new Map<string, AuditEntry>();
  private readonly steps = new Map<string, JsonValue>();
  private readonly done = new Map<string, Map<string, JsonValue>>();
  private lock: ScanLock | undefined;
  /** Items written, as the DynamoDB client's write count would have them (cli/local/count-dynamodb-writes.ts). */
  private written = 0;
  readonly auditArchive: AuditArchive | undefined;

  constructor(options: MemoryStateStoreOptions = {}) {
    this.auditArchive = options.auditArchive;
  }

  async ensureTables(): Promise<void> {}

  async startScanRun(run: ScanRun): Promise<{ run: ScanRun; created: boolean }> {
    const existing = this.runs.get(run.scanId);
    if (existing !== undefined) return { run: copy(existing), created: false };
    this.runs.set(run.scanId, copy(fitItem(run)));
    this.written += 1;
    return { run: copy(run), created: true };
  }

  async getScanRun(scanId: string): Promise<ScanRun | undefined> {
    const run = this.runs.get(scanId);
    return run === undefined ? undefined : copy(run);
  }

  async recentSuccessfulScans(limit: number): Promise<ScanRun[]> {
    return recentSucceeded([...this.runs.values()].map(copy), limit);
  }

  async finishScanRun(scanId: string, finish: ScanRunFinish): Promise<ScanRun> {
    const run = this.updateRun(scanId, fitItem(finish));
    if (run.status === "succeeded" && run.resultKey !== undefined) this.advanceLatestSuccess(run);
    return copy(run);
  }

  async recordPersisted(scanId: string, persisted: ScanRunPersisted): Promise<ScanRun> {
    const run = this.updateRun(scanId, persisted);
    this.advanceLatestSuccess(run, persisted.persistedAt);
    return copy(run);
  }

  async markPublished(scanId: string, publishedAt: Instant): Promise<void> {
    const existing = this.runs.get(scanId);
    if (existing === undefined) throw new Error(`scan run ${scanId} was never started`);
    this.updateRun(scanId, { publishedAt: existing.publishedAt ?? publishedAt });
  }

  async lastPublishedScan(run: Pick<ScanRun, "scanId" | "evaluatedAt">): Promise<ScanRun | undefined> {
    const found = lastPublished([...this.runs.values()], run);
    return found === undefined ? undefined : copy(found);
  }

  async acquireScanLock(lock: ScanLock): Promise<ScanLockAttempt> {
    const current = this.lock;
    if (current !== undefined && current.until > lock.acquiredAt && current.holder !== lock.holder) {
      return { acquired: false, current: copy(current) };
    }
    this.lock = copy(lock);
    this.written += 1;
    return { acquired: true };
  }

  async releaseScanLock(holder: string): Promise<boolean> {
    if (this.lock?.holder !== holder) return false;
    this.lock = undefined;
    return true;
  }

  async currentScanLock(): Promise<ScanLock | undefined> {
    return this.lock === undefined ? undefined : copy(this.lock);
  }

  private updateRun(scanId: string, fields: object): ScanRun {
    const existing = this.runs.get(scanId);
    if (existing === undefined) throw new Error(`scan run ${scanId} was never started`);
    const run = copy({ ...existing, ...fields });
    this.runs.set(scanId, run);
    this.written += 1;
    return run;
  }

  /** Moves the pointer to `run` unless it is already there or newer; the old pointer becomes `previous`. */
  private advanceLatestSuccess(run: ScanRun, at = run.finishedAt ?? run.evaluatedAt): void {
    const stale =
      this.latest !== undefined &&
      (this.latest.scanId === run.scanId || this.latest.evaluatedAt > run.evaluatedAt);
    if (stale || run.resultKey === undefined) return;
    const pointer: LatestSuccess = {
      scanId: run.scanId,
      evaluatedAt: run.evaluatedAt,
      finishedAt: at,
      resultKey: run.resultKey,
      resultSha256: run.resultSha256,
      rosterRecords: run.rosterRecords,
      sourceCounts: run.sourceCounts,
      timezone: run.timezone,
    };
    if (this.latest !== undefined) {
      const { scanId: previousId, resultKey, rosterRecords, sourceCounts } = this.latest;
      pointer.previous = { scanId: previousId, resultKey, rosterRecords, sourceCounts };
    }
    this.latest = copy(pointer);
    this.written += 1;
  }

  async latestSuccessfulScan(): Promise<LatestSuccess | undefined> {
    return this.latest === undefined ? undefined : copy(this.latest);
  }

  async getStoredFindings(): Promise<Map<string, StoredFinding>> {
    const byId = new Map<string, StoredFinding>();
    for (const status of STORED_STATUSES) {
      for (const finding of await this.listStoredFindings(status)) byId.set(finding.finding.id, finding);
    }
    return byId;
  }

  async listStoredFindings(status: StoredStatus): Promise<StoredFinding[]> {
    return [...this.findings.values()]
      .filter((finding) => finding.status === status)
      .sort((a, b) => compareText(a.finding.id, b.finding.id))
      .map(copy);
  }

  async getStoredFinding(findingId: string): Promise<StoredFinding | undefined> {
    const finding = this.findings.get(findingId);
    return finding === undefined ? undefined : copy(finding);
  }

  async putStoredFindings(findings: readonly StoredFinding[]): Promise<number> {
    // Cut as the DynamoDB store cuts them, so both keep the same values.
    for (const finding of findings) this.findings.set(finding.finding.id, copy(fitItem(finding)));
    this.written += findings.length;
    return findings.length;
  }

  async putWaiver(waiver: Waiver): Promise<void> {
    this.waivers.set(waiver.findingId, copy(fitItem(waiver)));
    this.written += 1;
  }

  async getWaiver(findingId: string): Promise<Waiver | undefined> {
    const waiver = this.waivers.get(findingId);
    return waiver === undefined ? undefined : copy(waiver);
  }

  async listWaivers(): Promise<Map<string, Waiver>> {
    return new Map([...this.waivers].map(([id, waiver]) => [id, copy(waiver)]));
  }

  async appendAudit(entries: readonly AuditEntry[]): Promise<AppendResult> {
    const result: AppendResult = { written: 0, duplicates: 0 };
    for (const fitted of entries.map((e) => fitItem(e))) {
      const entry = this.auditArchive ? await this.auditArchive.archive(fitted) : fitted;
      const key = `${new Date(entry.at).toISOString()}#${entry.id}`;
      if (this.audit.has(key)) {
        result.duplicates++;
        continue;
      }
      this.audit.set(key, copy(entry));
      this.written += 1;
      result.written++;
    }
    return result;
  }

  async listAudit(range: { from: Instant; to: Instant }): Promise<AuditEntry[]> {
    return [...this.audit.entries()]
      .filter(([, entry]) => entry.at >= range.from && entry.at <= range.to)
      .sort(([a], [b]) => compareText(a, b))
      .map(([, entry]) => copy(entry));
  }

  async sealAudit(scanId: string, at: Instant): Promise<AuditSeal | undefined> {
    return this.auditArchive?.seal(scanId, at);
  }

  async markStep<T extends JsonValue>(
    scanId: string,
    step: string,
    result: T,
  ): Promise<{ created: boolean; result: T }> {
    const key = `${scanId}\u0000${step}`;
    if (this.steps.has(key)) return { created: false, result: copy(this.steps.get(key)) as T };
    this.steps.set(key, copy(result));
    this.written += 1;
    return { created: true, result };
  }

  async getStep<T extends JsonValue>(scanId: string, step: string): Promise<T | undefined> {
    const value = this.steps.get(`${scanId}\u0000${step}`);
    return value === undefined ? undefined : (copy(value) as T);
  }

  async recordDone<T extends JsonValue>(
    scanId: string,
    group: string,
    entries: ReadonlyMap<string, T>,
  ): Promise<void> {
    if (entries.size === 0) return;
    const key = `${scanId}\u0000${group}`;
    const done = this.done.get(key) ?? new Map<string, JsonValue>();
    for (const [entry, value] of entries) done.set(entry, copy(value));
    this.done.set(key, done);
    this.written += 1;
  }

  async listDone<T extends JsonValue>(scanId: string, group: string): Promise<Map<string, T>> {
    const done = this.done.get(`${scanId}\u0000${group}`) ?? new Map<string, JsonValue>();
    return new Map([...done].map(([entry, value]) => [entry, copy(value) as T]));
  }

  itemsWritten(): number {
    return this.written;
  }
}

/** A JSON round trip: no aliasing between caller and store, and undefined attributes dropped like DynamoDB does. */
function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
