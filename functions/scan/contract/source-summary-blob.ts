/**
 * A collected source's summary as stored between steps (`blobKeys.sourceSummary`): status, counts,
 * rejected-record messages, what the source provides, where its snapshot is.
 */
import type { AccountField, Instant } from "../../core/model.ts";
import type { SourceInfo } from "../../core/scan-context.ts";
import type { SourceSuspicion } from "./scan-result.ts";

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
