/**
 * The write-once copy of the audit trail (ADR 0009). Every entry is also an object of its own in
 * a WORM store — in AWS an S3 bucket with Object Lock in compliance mode, which no one can
 * overwrite or delete before the retention ends, and whose policy refuses a put that is not
 * `If-None-Match: *`; locally the blob folder stands in for it. When a scan ends, a seal lists
 * the SHA-256 of each of its entries. The DynamoDB table stays the one the code queries; the
 * archive is the authority `deprov audit verify` checks it against.
 *
 * Keys (`/`-separated, blob-key safe):
 *   audit/scans/<scanId>/entries/<at: yyyymmddThhmmssSSSZ>-<id>.json   an entry of a scan
 *   audit/entries/<yyyy-mm-dd>/<at>-<id>.json                          any other entry (a waiver)
 *   audit/scans/<scanId>/seals/<digest prefix>.json                    a scan's seal
 */
import type { Instant } from "../core/model.ts";
import type { BlobStore } from "./blob-store.ts";
import { sha256Hex } from "./json-lines-blob.ts";
import type { AuditEntry } from "./state-store.ts";

export const AUDIT_PREFIX = "audit/";

export interface AuditSeal {
  scanId: string;
  sealedAt: Instant;
  /** Every entry of the scan at sealing time, by key, sorted. */
  entries: { key: string; sha256: string }[];
  /** SHA-256 over the `key sha256` lines: what the seal's own key is named after. */
  digest: string;
}

export interface ArchivedEntry {
  key: string;
  sha256: string;
  entry: AuditEntry;
}

export interface AuditArchive {
  /**
   * Archives the entry unless an entry with its key is archived already. Returns the archived
   * entry: the first writer's, which the table's copy must then equal.
   */
  archive(entry: AuditEntry): Promise<AuditEntry>;
  /** Seals the scan's entries as they are now; sealing the same entries again changes nothing. */
  seal(scanId: string, sealedAt: Instant): Promise<AuditSeal>;
  entries(): Promise<ArchivedEntry[]>;
  seals(): Promise<AuditSeal[]>;
}

function compactInstant(at: Instant): string {
  return new Date(at).toISOString().replace(/[-:.]/g, "");
}

export function archivedEntryKey(entry: Pick<AuditEntry, "at" | "id" | "scanId">): string {
  const name = `${compactInstant(entry.at)}-${entry.id}.json`;
  return entry.scanId === undefined
    ? `${AUDIT_PREFIX}entries/${new Date(entry.at).toISOString().slice(0, 10)}/${name}`
    : `${scanEntriesPrefix(entry.scanId)}${name}`;
}

function scanEntriesPrefix(scanId: string): string {
  return `${AUDIT_PREFIX}scans/${scanId}/entries/`;
}

export function sealDigest(entries: readonly { key: string; sha256: string }[]): string {
  return sha256Hex(Buffer.from(entries.map((e) => `${e.key} ${e.sha256}\n`).join(""), "utf8"));
}

export function sealKey(scanId: string, digest: string): string {
  return `${AUDIT_PREFIX}scans/${scanId}/seals/${digest.slice(0, 32)}.json`;
}

const SEAL_KEY = /^audit\/scans\/[^/]+\/seals\/[0-9a-f]+\.json$/;
const ENTRY_KEY = /^audit\/(?:scans\/[^/]+\/entries|entries\/\d{4}-\d{2}-\d{2})\/[^/]+\.json$/;

/** The archive on a blob store that can write once (`putIfAbsent`). */
export class BlobAuditArchive implements AuditArchive {
  constructor(private readonly store: BlobStore) {
    if (store.putIfAbsent === undefined) {
      throw new Error("the audit archive needs a blob store that writes once (putIfAbsent)");
    }
  }

  async archive(entry: AuditEntry): Promise<AuditEntry> {
    const key = archivedEntryKey(entry);
    if (await this.putOnce(key, JSON.stringify(entry))) return entry;
    const existing = await this.store.get(key);
    if (existing === undefined) throw new Error(`audit archive: ${key} exists but could not be read back`);
    return JSON.parse(existing.toString("utf8")) as AuditEntry;
  }

  async seal(scanId: string, sealedAt: Instant): Promise<AuditSeal> {
    const keys = await this.store.list(scanEntriesPrefix(scanId));
    const entries: { key: string; sha256: string }[] = [];
    for (const key of keys) {
      const body = await this.store.get(key);
      if (body === undefined) throw new Error(`audit archive: ${key} was listed but could not be read`);
      entries.push({ key, sha256: sha256Hex(body) });
    }
    const digest = sealDigest(entries);
    const seal: AuditSeal = { scanId, sealedAt, entries, digest };
    await this.putOnce(sealKey(scanId, digest), JSON.stringify(seal));
    return seal;
  }

  async entries(): Promise<ArchivedEntry[]> {
    const objects = await this.readAll(ENTRY_KEY);
    return objects.map(({ key, body }) => ({
      key,
      sha256: sha256Hex(body),
      entry: JSON.parse(body.toString("utf8")) as AuditEntry,
    }));
  }

  async seals(): Promise<AuditSeal[]> {
    const objects = await this.readAll(SEAL_KEY);
    return objects.map(({ body }) => JSON.parse(body.toString("utf8")) as AuditSeal);
  }

  /** Every archived object whose key matches, with its bytes. */
  private async readAll(keys: RegExp): Promise<{ key: string; body: Buffer }[]> {
    const objects: { key: string; body: Buffer }[] = [];
    for (const key of await this.store.list(AUDIT_PREFIX)) {
      if (!keys.test(key)) continue;
      const body = await this.store.get(key);
      if (body !== undefined) objects.push({ key, body });
    }
    return objects;
  }

  private putOnce(key: string, body: string): Promise<boolean> {
    const putIfAbsent = this.store.putIfAbsent?.bind(this.store);
    if (putIfAbsent === undefined) throw new Error("the audit archive needs a blob store that writes once");
    return putIfAbsent(key, body, { contentType: "application/json" });
  }
}
