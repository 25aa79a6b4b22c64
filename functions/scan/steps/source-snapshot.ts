/**
 * A collected source as stored between steps: the export exactly as read (the snapshot) and a
 * small summary — status, counts, rejected-record messages, what the source provides.
 */

import type { AccountField, Instant, SourceKind } from "../../core/model.ts";
import type { SourceInfo } from "../../core/scan-context.ts";
import type { BlobStore } from "../../ports/blob-store.ts";
import type { CollectedSource } from "../collect-source.ts";
import type { SourceSuspicion } from "../contract/scan-result.ts";

export interface SourceSummaryBlob {
  info: Omit<SourceInfo, "provides"> & { provides: AccountField[] };
  recordCount: number;
  rejectedCount: number;
  errors: string[];
  /** The read's warnings and those about kept records (capped; `warningCount` is exact). */
  warnings: string[];
  warningCount: number;
  /** Subject keys whose findings this source cannot vouch for (see HeldSubjects). */
  held: string[];
  heldAll: boolean;
  /** Set by CheckGuardRails when a count check tripped (the status is then `suspect`, unless accepted). */
  suspect?: SourceSuspicion;
  durationMs: number;
  file?: string;
  /** Present when the export was read (even if it then failed to parse). */
  snapshotKey?: string;
  modifiedAt?: Instant;
}

export function toSummaryBlob(
  collected: CollectedSource,
  snapshotKey?: string,
  modifiedAt?: Instant,
): SourceSummaryBlob {
  return {
    info: { ...collected.info, provides: [...collected.info.provides] },
    recordCount: collected.recordCount,
    rejectedCount: collected.rejectedCount,
    errors: collected.errors,
    warnings: collected.warnings,
    warningCount: collected.warningCount,
    held: collected.held,
    heldAll: collected.heldAll,
    ...(collected.suspect !== undefined ? { suspect: collected.suspect } : {}),
    durationMs: Math.round(collected.durationMs),
    ...(collected.file !== undefined ? { file: collected.file } : {}),
    ...(snapshotKey !== undefined ? { snapshotKey } : {}),
    ...(modifiedAt !== undefined ? { modifiedAt } : {}),
  };
}

export function sourceInfoOf(summary: SourceSummaryBlob): SourceInfo {
  return { ...summary.info, provides: new Set(summary.info.provides) };
}

export function failedSummary(
  sourceId: string,
  kind: SourceKind,
  format: string,
  reason: string,
): SourceSummaryBlob {
  return {
    info: { id: sourceId, kind, format, status: "failed", provides: [] },
    recordCount: 0,
    rejectedCount: 0,
    errors: [reason],
    warnings: [],
    warningCount: 0,
    held: [],
    heldAll: false,
    durationMs: 0,
  };
}

export async function putJson(store: BlobStore, key: string, value: unknown): Promise<void> {
  await store.put(key, JSON.stringify(value), { contentType: "application/json" });
}

export async function getJson<T>(store: BlobStore, key: string): Promise<T | undefined> {
  const body = await store.get(key);
  return body === undefined ? undefined : (JSON.parse(body.toString("utf8")) as T);
}
