/**
 * The state store on DynamoDB (`@aws-sdk/client-dynamodb` through the document client). The same
 * code runs in AWS and locally against the embedded store, so it keeps to what both support:
 * conditional single-item writes, BatchWriteItem and queries; never TransactWriteItems.
 *
 * Item layout (state table):
 *   finding      pk=FINDING#<rule>  sk=<findingId>       gsi1pk=STATUS#<status>  gsi1sk=<findingId>
 *   scan run     pk=SCAN            sk=<scanId>
 *   latest ok    pk=SCAN            sk=LATEST_SUCCESS   (the last persisted scan: the baseline)
 *   scan lock    pk=LOCK            sk=SCAN             (one scan at a time; `expiresAt` TTL)
 *   waiver       pk=WAIVER          sk=<findingId>
 *   step marker  pk=STEP#<scanId>   sk=<step>
 * Audit table: pk=AUDIT#<yyyy-mm-dd, UTC>  sk=<ISO instant>#<id>, written only with
 * `attribute_not_exists(pk)` puts: the trail is append-only by construction.
 */
import { createHash } from "node:crypto";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import {
  STORED_STATUSES,
  type StoredFinding,
  type StoredStatus,
  type Waiver,
} from "../core/lifecycle/types.ts";
import type { Instant } from "../core/model.ts";
import type { AuditArchive, AuditSeal } from "./audit-archive.ts";
import { DEFAULT_TABLE_NAMES, ensureTables, STATE_GSI, type TableNames } from "./dynamodb-tables.ts";
import { fitItem } from "./fit-item.ts";
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
} from "./state-store.ts";
import { lastPublished, recentSucceeded } from "./state-store.ts";

export interface DynamoDbStateStoreOptions {
  client: DynamoDBClient;
  tables?: Partial<TableNames>;
  /** Clock for step markers; injectable for tests. */
  now?: () => Instant;
  /** Parallel requests for batch and audit writes. */
  concurrency?: number;
  /**
   * Days until a step marker's `expiresAt` (epoch seconds, the table's TTL attribute); omitted:
   * markers never expire. Keep it well beyond any retry or duplicate-schedule window.
   */
  stepMarkerTtlDays?: number;
  /** The write-once copy of the audit trail (ADR 0009); every appended entry goes there first. */
  auditArchive?: AuditArchive;
}

type Item = Record<string, unknown>;

const LATEST_SUCCESS = "LATEST_SUCCESS";
const LOCK_KEY = { pk: "LOCK", sk: "SCAN" } as const;
/** The lock item is deleted by TTL a day after it expired, if nobody released it. */
const LOCK_ITEM_GRACE_SECONDS = 86_400;
const KEY_ATTRIBUTES = ["pk", "sk", "gsi1pk", "gsi1sk", "type"] as const;
const BATCH_SIZE = 25;
const MAX_BATCH_ATTEMPTS = 8;

export class DynamoDbStateStore implements StateStore {
  private readonly client: DynamoDBClient;
  private readonly doc: DynamoDBDocumentClient;
  private readonly tables: TableNames;
  private readonly now: () => Instant;
  private readonly concurrency: number;
  private readonly stepMarkerTtlDays: number | undefined;
  readonly auditArchive: AuditArchive | undefined;

  constructor(options: DynamoDbStateStoreOptions) {
    this.client = options.client;
    this.doc = DynamoDBDocumentClient.from(options.client, {
      marshallOptions: { removeUndefinedValues: true },
    });
    this.tables = { ...DEFAULT_TABLE_NAMES, ...options.tables };
    this.now = options.now ?? Date.now;
    this.concurrency = options.concurrency ?? 8;
    this.stepMarkerTtlDays = options.stepMarkerTtlDays;
    this.auditArchive = options.auditArchive;
  }

  ensureTables(): Promise<void> {
    return ensureTables(this.client, this.tables);
  }

  async startScanRun(run: ScanRun): Promise<{ run: ScanRun; created: boolean }> {
    assertScanId(run.scanId);
    const created = await this.putIfAbsent(this.tables.state, {
      pk: "SCAN",
      sk: run.scanId,
      type: "scan",
      ...fitItem(run),
    });
    if (created) {
      return { run, created };
    }
    const existing = await this.getScanRun(run.scanId);
    if (existing === undefined) throw new Error(`scan run ${run.scanId} exists but could not be read back`);
    return { run: existing, created };
  }

  async getScanRun(scanId: string): Promise<ScanRun | undefined> {
    const item = await this.getItem(this.tables.state, "SCAN", scanId);
    return item === undefined ? undefined : (withoutKeys(item) as unknown as ScanRun);
  }

  async recentSuccessfulScans(limit: number): Promise<ScanRun[]> {
    return recentSucceeded(await this.allScanRuns(), limit);
  }

  async lastPublishedScan(run: Pick<ScanRun, "scanId" | "evaluatedAt">): Promise<ScanRun | undefined> {
    return lastPublished(await this.allScanRuns(), run);
  }

  async recordPersisted(scanId: string, persisted: ScanRunPersisted): Promise<ScanRun> {
    const run = await this.updateRun(scanId, { ...persisted });
    await this.advanceLatestSuccess(run, persisted.persistedAt);
    return run;
  }

  async markPublished(scanId: string, publishedAt: Instant): Promise<void> {
    assertScanId(scanId);
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tables.state,
          Key: { pk: "SCAN", sk: scanId },
          UpdateExpression: "SET publishedAt = if_not_exists(publishedAt, :at)",
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeValues: { ":at": publishedAt },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new Error(`scan run ${scanId} was never started`);
      throw error;
    }
  }

  async acquireScanLock(lock: ScanLock): Promise<ScanLockAttempt> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tables.state,
          Item: {
            ...LOCK_KEY,
            type: "lock",
            ...lock,
            expiresAt: Math.ceil(lock.until / 1000) + LOCK_ITEM_GRACE_SECONDS,
          },
          // Free, expired, or already ours (a retried StartScan): one conditional put decides.
          ConditionExpression: "attribute_not_exists(pk) OR #until <= :now OR holder = :holder",
          ExpressionAttributeNames: { "#until": "until" },
          ExpressionAttributeValues: { ":now": lock.acquiredAt, ":holder": lock.holder },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const current = await this.currentScanLock();
      // Released between the put and the read: the caller may simply try again.
      if (current === undefined) return this.acquireScanLock(lock);
      return { acquired: false, current };
    }
    return { acquired: true };
  }

  async releaseScanLock(holder: string): Promise<boolean> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.tables.state,
          Key: LOCK_KEY,
          ConditionExpression: "holder = :holder",
          ExpressionAttributeValues: { ":holder": holder },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async currentScanLock(): Promise<ScanLock | undefined> {
    const item = await this.getItem(this.tables.state, LOCK_KEY.pk, LOCK_KEY.sk);
    if (item === undefined) return undefined;
    return {
      holder: String(item.holder),
      scanId: String(item.scanId),
      acquiredAt: Number(item.acquiredAt),
      until: Number(item.until),
    };
  }

  /** One partition holds every run: a nightly scan adds ~365 small items a year. */
  private async allScanRuns(): Promise<ScanRun[]> {
    const items = await this.queryAll({
      TableName: this.tables.state,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": "SCAN" },
    });
    return items
      .filter((item) => item.type === "scan")
      .map((item) => withoutKeys(item) as unknown as ScanRun);
  }

  async finishScanRun(scanId: string, finish: ScanRunFinish): Promise<ScanRun> {
    const run = await this.updateRun(scanId, fitItem(finish));
    if (run.status === "succeeded" && run.resultKey !== undefined) await this.advanceLatestSuccess(run);
    return run;
  }

  /** Sets the given fields on an existing run item and returns the whole run. */
  private async updateRun(scanId: string, fields: object): Promise<ScanRun> {
    assertScanId(scanId);
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const sets: string[] = [];
    for (const [field, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      sets.push(`#${field} = :${field}`);
    }
    let updated: Item | undefined;
    try {
      const output = await this.doc.send(
        new UpdateCommand({
          TableName: this.tables.state,
          Key: { pk: "SCAN", sk: scanId },
          UpdateExpression: `SET ${sets.join(", ")}`,
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: "ALL_NEW",
        }),
      );
      updated = output.Attributes;
    } catch (error) {
      if (isConditionFailure(error)) throw new Error(`scan run ${scanId} was never started`);
      throw error;
    }
    return withoutKeys(updated ?? {}) as unknown as ScanRun;
  }

  async latestSuccessfulScan(): Promise<LatestSuccess | undefined> {
    const item = await this.getItem(this.tables.state, "SCAN", LATEST_SUCCESS);
    return item === undefined ? undefined : (withoutKeys(item) as unknown as LatestSuccess);
  }

  async getStoredFindings(): Promise<Map<string, StoredFinding>> {
    const byId = new Map<string, StoredFinding>();
    for (const status of STORED_STATUSES) {
      for (const finding of await this.listStoredFindings(status)) byId.set(finding.finding.id, finding);
    }
    return byId;
  }

  async listStoredFindings(status: StoredStatus): Promise<StoredFinding[]> {
    const items = await this.queryAll({
      TableName: this.tables.state,
      IndexName: STATE_GSI,
      KeyConditionExpression: "gsi1pk = :status",
      ExpressionAttributeValues: { ":status": `STATUS#${status}` },
    });
    return items.map((item) => withoutKeys(item) as unknown as StoredFinding);
  }

  async getStoredFinding(findingId: string): Promise<StoredFinding | undefined> {
    const item = await this.getItem(this.tables.state, `FINDING#${ruleOf(findingId)}`, findingId);
    return item === undefined ? undefined : (withoutKeys(item) as unknown as StoredFinding);
  }

  async putStoredFindings(findings: readonly StoredFinding[]): Promise<number> {
    const items = findings.map((stored) => ({
      pk: `FINDING#${stored.finding.rule}`,
      sk: stored.finding.id,
      gsi1pk: `STATUS#${stored.status}`,
      gsi1sk: stored.finding.id,
      type: "finding",
      // Evidence and subjects are source text: a runaway field is cut rather than fail the write.
      ...fitItem(stored),
    }));
    const batches: Item[][] = [];
    for (let i = 0; i < items.length; i += BATCH_SIZE) batches.push(items.slice(i, i + BATCH_SIZE));
    await forEachLimited(batches, this.concurrency, (batch) => this.batchPut(batch));
    return items.length;
  }

  async putWaiver(waiver: Waiver): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tables.state,
        Item: { pk: "WAIVER", sk: waiver.findingId, type: "waiver", ...fitItem(waiver) },
      }),
    );
  }

  async getWaiver(findingId: string): Promise<Waiver | undefined> {
    const item = await this.getItem(this.tables.state, "WAIVER", findingId);
    return item === undefined ? undefined : (withoutKeys(item) as unknown as Waiver);
  }

  async listWaivers(): Promise<Map<string, Waiver>> {
    const items = await this.queryAll({
      TableName: this.tables.state,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": "WAIVER" },
    });
    const byId = new Map<string, Waiver>();
    for (const item of items) {
      const waiver = withoutKeys(item) as unknown as Waiver;
      byId.set(waiver.findingId, waiver);
    }
    return byId;
  }

  async appendAudit(entries: readonly AuditEntry[]): Promise<AppendResult> {
    const result: AppendResult = { written: 0, duplicates: 0 };
    await forEachLimited(entries.map(fitAuditEntry), this.concurrency, async (fitted) => {
      assertAuditEntry(fitted);
      const entry = this.auditArchive ? await this.auditArchive.archive(fitted) : fitted;
      const created = await this.putIfAbsent(this.tables.audit, { ...auditKey(entry), ...entry });
      if (created) {
        result.written++;
      } else {
        result.duplicates++;
      }
    });
    return result;
  }

  async listAudit(range: { from: Instant; to: Instant }): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = [];
    for (const day of utcDays(range.from, range.to)) {
      const items = await this.queryAll({
        TableName: this.tables.audit,
        KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
        ExpressionAttributeValues: {
          ":pk": `AUDIT#${day}`,
          ":from": new Date(range.from).toISOString(),
          ":to": `${new Date(range.to).toISOString()}#~`,
        },
      });
      for (const item of items) entries.push(withoutKeys(item) as unknown as AuditEntry);
    }
    return entries;
  }

  async sealAudit(scanId: string, at: Instant): Promise<AuditSeal | undefined> {
    return this.auditArchive?.seal(scanId, at);
  }

  async markStep<T extends JsonValue>(
    scanId: string,
    step: string,
    result: T,
  ): Promise<{ created: boolean; result: T }> {
    const at = this.now();
    const created = await this.putIfAbsent(this.tables.state, {
      pk: `STEP#${scanId}`,
      sk: step,
      type: "step",
      scanId,
      step,
      result,
      at,
      expiresAt:
        this.stepMarkerTtlDays === undefined
          ? undefined
          : Math.floor(at / 1000) + Math.round(this.stepMarkerTtlDays * 86_400),
    });
    if (created) {
      return { created, result };
    }
    const stored = await this.getStep<T>(scanId, step);
    if (stored === undefined)
      throw new Error(`step marker ${scanId}/${step} exists but could not be read back`);
    return { created, result: stored };
  }

  async getStep<T extends JsonValue>(scanId: string, step: string): Promise<T | undefined> {
    const item = await this.getItem(this.tables.state, `STEP#${scanId}`, step);
    return item === undefined ? undefined : (item.result as T);
  }

  async recordDone<T extends JsonValue>(
    scanId: string,
    group: string,
    entries: ReadonlyMap<string, T>,
  ): Promise<void> {
    if (entries.size === 0) return;
    const at = this.now();
    const keys = [...entries.keys()].sort();
    // Named by its entries: a repeated call with the same entries rewrites the same item.
    const batch = createHash("sha256").update(keys.join("\u0000")).digest("hex").slice(0, 24);
    await this.doc.send(
      new PutCommand({
        TableName: this.tables.state,
        Item: {
          pk: `STEP#${scanId}`,
          sk: `${group}#${batch}`,
          type: "done",
          scanId,
          group,
          entries: Object.fromEntries(entries),
          at,
          expiresAt:
            this.stepMarkerTtlDays === undefined
              ? undefined
              : Math.floor(at / 1000) + Math.round(this.stepMarkerTtlDays * 86_400),
        },
      }),
    );
  }

  async listDone<T extends JsonValue>(scanId: string, group: string): Promise<Map<string, T>> {
    const items = await this.queryAll({
      TableName: this.tables.state,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :group)",
      ExpressionAttributeValues: { ":pk": `STEP#${scanId}`, ":group": `${group}#` },
      ConsistentRead: true,
    });
    const done = new Map<string, T>();
    for (const item of items) {
      for (const [entry, value] of Object.entries((item.entries ?? {}) as Record<string, T>))
        done.set(entry, value);
    }
    return done;
  }

  /** Moves the pointer to `run` unless it is already there or newer; the old pointer becomes `previous`. */
  private async advanceLatestSuccess(run: ScanRun, at = run.finishedAt ?? run.evaluatedAt): Promise<void> {
    const current = await this.latestSuccessfulScan();
    // A late duplicate of an older scan must not turn back the baseline of the scans after it.
    if (current !== undefined && (current.scanId === run.scanId || current.evaluatedAt > run.evaluatedAt))
      return;
    const pointer: LatestSuccess = {
      scanId: run.scanId,
      evaluatedAt: run.evaluatedAt,
      finishedAt: at,
      resultKey: run.resultKey ?? "",
      resultSha256: run.resultSha256,
      rosterRecords: run.rosterRecords,
      sourceCounts: run.sourceCounts,
      timezone: run.timezone,
    };
    if (current !== undefined) {
      pointer.previous = {
        scanId: current.scanId,
        resultKey: current.resultKey,
        rosterRecords: current.rosterRecords,
        sourceCounts: current.sourceCounts,
      };
    }
    try {
      // Optimistic: only replace the pointer we read, so two finishing scans cannot lose one's `previous`.
      await this.doc.send(
        new PutCommand({
          TableName: this.tables.state,
          Item: { pk: "SCAN", sk: LATEST_SUCCESS, type: "pointer", ...pointer },
          ConditionExpression: current === undefined ? "attribute_not_exists(pk)" : "scanId = :current",
          ExpressionAttributeValues: current === undefined ? undefined : { ":current": current.scanId },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new Error(
          `scan ${run.scanId}: another scan finished at the same time; the latest-success pointer was not moved`,
        );
      }
      throw error;
    }
  }

  private async putIfAbsent(table: string, item: Item): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({ TableName: table, Item: item, ConditionExpression: "attribute_not_exists(pk)" }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  private async getItem(table: string, pk: string, sk: string): Promise<Item | undefined> {
    const output = await this.doc.send(
      new GetCommand({ TableName: table, Key: { pk, sk }, ConsistentRead: true }),
    );
    return output.Item;
  }

  private async queryAll(input: QueryCommandInput): Promise<Item[]> {
    const items: Item[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const output = await this.doc.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
      for (const item of output.Items ?? []) items.push(item);
      startKey = output.LastEvaluatedKey;
    } while (startKey !== undefined);
    return items;
  }

  /** One BatchWriteItem, re-sending unprocessed items with backoff; fails loudly if they never go through. */
  private async batchPut(batch: Item[]): Promise<void> {
    let requests = batch.map((item) => ({ PutRequest: { Item: item } }));
    for (let attempt = 1; requests.length > 0; attempt++) {
      if (attempt > MAX_BATCH_ATTEMPTS) {
        throw new Error(
          `BatchWriteItem: ${requests.length} items still unprocessed after ${MAX_BATCH_ATTEMPTS} attempts`,
        );
      }
      if (attempt > 1) await sleep(Math.min(1000, 10 * 2 ** attempt));
      const output = await this.doc.send(
        new BatchWriteCommand({ RequestItems: { [this.tables.state]: requests } }),
      );
      const unprocessed = output.UnprocessedItems?.[this.tables.state] ?? [];
      requests = unprocessed.flatMap((request) =>
        request.PutRequest?.Item === undefined ? [] : [{ PutRequest: { Item: request.PutRequest.Item } }],
      );
    }
  }
}

/** Finding ids are `<rule>:<digest>` (core/finding.ts), which gives the item's partition. */
export function ruleOf(findingId: string): string {
  const colon = findingId.indexOf(":");
  return colon > 0 ? findingId.slice(0, colon) : findingId;
}

/** An entry as both copies store it: cut to fit a DynamoDB item, so the copies stay equal. */
export function fitAuditEntry(entry: AuditEntry): AuditEntry {
  return fitItem(entry);
}

export function auditKey(entry: Pick<AuditEntry, "at" | "id">): { pk: string; sk: string } {
  const iso = new Date(entry.at).toISOString();
  return { pk: `AUDIT#${iso.slice(0, 10)}`, sk: `${iso}#${entry.id}` };
}

function withoutKeys(item: Item): Item {
  const copy: Item = { ...item };
  for (const key of KEY_ATTRIBUTES) delete copy[key];
  return copy;
}

function assertScanId(scanId: string): void {
  if (!/^[A-Za-z0-9._-]+$/.test(scanId) || scanId === LATEST_SUCCESS) {
    throw new Error(`scan id "${scanId}": expected letters, digits and ._- only`);
  }
}

function assertAuditEntry(entry: AuditEntry): void {
  if (
    entry.id.length === 0 ||
    entry.kind.length === 0 ||
    entry.actor.length === 0 ||
    !Number.isFinite(entry.at)
  ) {
    throw new Error(
      `audit entry "${entry.kind}" for "${entry.subject}": id, kind, actor and at are required`,
    );
  }
}

function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === "ConditionalCheckFailedException";
}

/** The UTC days from `from` to `to`, inclusive, as `YYYY-MM-DD`. */
function utcDays(from: Instant, to: Instant): string[] {
  const days: string[] = [];
  const DAY = 86_400_000;
  for (let day = Math.floor(from / DAY) * DAY; day <= to; day += DAY) {
    days.push(new Date(day).toISOString().slice(0, 10));
  }
  return days;
}

async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
