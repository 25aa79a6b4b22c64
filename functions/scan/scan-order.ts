/**
 * Scans of one state go forward in time. A scan evaluated before the last successful one would
 * compare older data with a newer baseline: findings the later scan saw would resolve, tasks would
 * close, and the audit trail — append-only — would keep that forever. Re-running the same instant
 * is allowed (a night run again), going back is not; replaying the past takes a state of its own.
 */

import type { Instant } from "../core/model.ts";
import { toIso } from "../core/time.ts";
import type { LatestSuccess } from "../ports/state-store.ts";

export class ScanBeforeLastScanError extends Error {
  override name = "ScanBeforeLastScan";
}

/** Throws when `evaluatedAt` is before the last successful scan of this state (other than `scanId` itself). */
export function assertAfterLastScan(
  evaluatedAt: Instant,
  latest: Pick<LatestSuccess, "scanId" | "evaluatedAt"> | undefined,
  scanId?: string,
): void {
  if (latest === undefined || latest.scanId === scanId || evaluatedAt >= latest.evaluatedAt) return;
  throw new ScanBeforeLastScanError(
    `the scan's instant ${toIso(evaluatedAt)} is before the last scan of this state (${latest.scanId}, ` +
      `${toIso(latest.evaluatedAt)}): scanning back in time would resolve what the later scan found ` +
      "and close its tasks. Scan at or after that instant, or give the past its own state folder (--state DIR).",
  );
}
