/**
 * Checks that the audit trail is complete and unaltered (`deprov audit verify`, ADR 0009). The
 * write-once archive is the authority; against it:
 * - every archived entry is where its content says it belongs (its key is derived from it);
 * - the table holds exactly the archived entries, each equal to its archived copy;
 * - every seal still matches: each entry it lists is archived with the SHA-256 it recorded;
 * - every blob an entry references by key and SHA-256 (result, transitions, task changes) still
 *   hashes to it.
 * Entries written after their scan was sealed (a branch still finishing when another failed) are
 * reported as warnings: appending is what the scanner may do; changing and removing are not.
 */
import type { Instant } from "../core/model.ts";
import { compareText } from "../core/order.ts";
import { type AuditArchive, archivedEntryKey, sealDigest } from "./audit-archive.ts";
import type { BlobStore } from "./blob-store.ts";
import { sha256Hex } from "./json-lines-blob.ts";
import type { AuditEntry, StateStore } from "./state-store.ts";

export interface AuditProblem {
  /** The entry (or seal) the problem is about, as `deprov audit verify` names it. */
  subject: string;
  problem: string;
  at?: Instant;
}

export interface AuditVerification {
  ok: boolean;
  archivedEntries: number;
  tableEntries: number;
  seals: number;
  blobsChecked: number;
  /** Sorted oldest first: the first is the first bad entry. */
  problems: AuditProblem[];
  warnings: AuditProblem[];
}

export interface VerifyAuditInput {
  stateStore: StateStore;
  archive: AuditArchive;
  /** Where the blobs that entries reference live. */
  blobStore: BlobStore;
  /** The end of the time range read from the table. */
  now: Instant;
}

/** Detail fields that reference a blob by key, each with the field holding its SHA-256. */
const BLOB_REFERENCES = [
  ["resultKey", "resultSha256"],
  ["transitionsKey", "transitionsSha256"],
  ["changesKey", "changesSha256"],
] as const;

export async function verifyAuditTrail(input: VerifyAuditInput): Promise<AuditVerification> {
  const problems: AuditProblem[] = [];
  const warnings: AuditProblem[] = [];
  const [archived, seals, runs] = await Promise.all([
    input.archive.entries(),
    input.archive.seals(),
    input.stateStore.recentSuccessfulScans(Number.MAX_SAFE_INTEGER),
  ]);

  // The table is read over the whole span the archive and the scan runs cover.
  let from = input.now;
  let to = input.now;
  for (const at of [...archived.map((a) => a.entry.at), ...runs.map((run) => run.startedAt)]) {
    from = Math.min(from, at);
    to = Math.max(to, at);
  }
  const table = await input.stateStore.listAudit({ from, to });

  const archivedByKey = new Map(archived.map((a) => [a.key, a]));
  for (const { key, entry } of archived) {
    if (archivedEntryKey(entry) !== key) {
      problems.push({
        subject: key,
        at: entry.at,
        problem: "the archived object's content does not belong to its key",
      });
    }
  }
  const tableByKey = new Map(table.map((entry) => [archivedEntryKey(entry), entry]));
  for (const [key, entry] of tableByKey) {
    const copy = archivedByKey.get(key)?.entry;
    if (copy === undefined) {
      problems.push({
        subject: describe(entry),
        at: entry.at,
        problem:
          "is in the table but not in the WORM archive (added to the table alone, or written before the archive was kept)",
      });
      continue;
    }
    const differs = firstDifference(entry, copy);
    if (differs !== undefined) {
      problems.push({
        subject: describe(entry),
        at: entry.at,
        problem: `the table's copy differs from the WORM copy at ${differs}`,
      });
    }
  }
  for (const { key, entry } of archived) {
    if (!tableByKey.has(key)) {
      problems.push({
        subject: describe(entry),
        at: entry.at,
        problem: "is in the WORM archive but missing from the table (deleted, or its table write failed)",
      });
    }
  }

  const sealed = new Set<string>();
  for (const seal of seals) {
    const subject = `seal of scan ${seal.scanId}`;
    if (sealDigest(seal.entries) !== seal.digest) {
      problems.push({
        subject,
        at: seal.sealedAt,
        problem: "its digest does not match the entries it lists",
      });
    }
    for (const listed of seal.entries) {
      sealed.add(listed.key);
      const now = archivedByKey.get(listed.key);
      if (now === undefined) {
        problems.push({
          subject: listed.key,
          at: seal.sealedAt,
          problem: `was removed after scan ${seal.scanId} was sealed`,
        });
      } else if (now.sha256 !== listed.sha256) {
        problems.push({
          subject: describe(now.entry),
          at: now.entry.at,
          problem: `was altered after scan ${seal.scanId} was sealed (SHA-256 ${now.sha256}, sealed as ${listed.sha256})`,
        });
      }
    }
  }
  const sealedScans = new Set(seals.map((seal) => seal.scanId));
  for (const { key, entry } of archived) {
    if (entry.scanId === undefined || sealed.has(key)) continue;
    if (sealedScans.has(entry.scanId)) {
      warnings.push({
        subject: describe(entry),
        at: entry.at,
        problem: `was appended after scan ${entry.scanId} was sealed`,
      });
    }
  }
  for (const run of runs) {
    if (!sealedScans.has(run.scanId)) {
      warnings.push({
        subject: `scan ${run.scanId}`,
        at: run.startedAt,
        problem: "succeeded but its audit entries were never sealed",
      });
    }
  }

  const blobsChecked = await checkReferencedBlobs(
    archived.map((a) => a.entry),
    input.blobStore,
    problems,
  );
  const byTime = (a: AuditProblem, b: AuditProblem) =>
    (a.at ?? 0) - (b.at ?? 0) || compareText(a.subject, b.subject);
  problems.sort(byTime);
  warnings.sort(byTime);
  return {
    ok: problems.length === 0,
    archivedEntries: archived.length,
    tableEntries: table.length,
    seals: seals.length,
    blobsChecked,
    problems,
    warnings,
  };
}

async function checkReferencedBlobs(
  entries: readonly AuditEntry[],
  blobStore: BlobStore,
  problems: AuditProblem[],
): Promise<number> {
  const hashes = new Map<string, string | undefined>();
  for (const entry of entries) {
    for (const [keyField, shaField] of BLOB_REFERENCES) {
      const key = entry.detail?.[keyField];
      const sha256 = entry.detail?.[shaField];
      if (typeof key !== "string" || typeof sha256 !== "string") continue;
      if (!hashes.has(key)) {
        const body = await blobStore.get(key);
        hashes.set(key, body === undefined ? undefined : sha256Hex(body));
      }
      const actual = hashes.get(key);
      if (actual === undefined) {
        problems.push({
          subject: describe(entry),
          at: entry.at,
          problem: `references ${key}, which is missing`,
        });
      } else if (actual !== sha256) {
        problems.push({
          subject: describe(entry),
          at: entry.at,
          problem: `references ${key} with SHA-256 ${sha256}, but the blob now hashes to ${actual}`,
        });
      }
    }
  }
  return hashes.size;
}

function describe(entry: AuditEntry): string {
  const scan = entry.scanId === undefined ? "" : `, scan ${entry.scanId}`;
  return `entry ${entry.id} (${entry.kind}${scan}, ${new Date(entry.at).toISOString()})`;
}

/** The path of the first field whose value differs, or `undefined` when the two are equal. */
function firstDifference(a: unknown, b: unknown, path = "$"): string | undefined {
  if (a === b) return undefined;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return path;
  if (Array.isArray(a) !== Array.isArray(b)) return path;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const key of keys) {
    const next = Array.isArray(a) ? `${path}[${key}]` : `${path}.${key}`;
    const differs = firstDifference(
      (a as Record<string, unknown>)[key],
      (b as Record<string, unknown>)[key],
      next,
    );
    if (differs !== undefined) return differs;
  }
  return undefined;
}
