/**
 * A collected source as stored between steps: the export exactly as read (the snapshot) and a
 * small summary (contract/source-summary-blob.ts) — status, counts, rejected-record messages,
 * what the source provides.
 */

import type { Instant } from "../core/model.ts";
import type { SourceInfo } from "../core/scan-context.ts";
import type { SourceSummaryBlob } from "./contract/source-summary-blob.ts";
import type { CollectedSource } from "./parse-source-export.ts";

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
