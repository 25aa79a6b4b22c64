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
  /** Rejected-record messages (capped), or the failure reason. */
  errors: string[];
  /**
   * What a reader should know about the data (capped; `warningCount` is exact): the read's own
   * warnings (a field a live system could not provide), then those about records that were kept
   * (unknown status words, dropped values, bytes that are not UTF-8).
   */
  warnings: string[];
  warningCount: number;
  /** Subject keys whose findings this source cannot vouch for (see HeldSubjects; capped). */
  held: string[];
  /** More subjects were held than kept: the source holds everything it feeds. */
  heldAll: boolean;
  /** Set by CheckGuardRails when a count check tripped (the status is then `suspect`, unless accepted). */
  suspect?: SourceSuspicion;
  durationMs: number;
  file?: string;
  /** Present when the export was read (even if it then failed to parse). */
  snapshotKey?: string;
  modifiedAt?: Instant;
}
