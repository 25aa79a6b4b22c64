/**
 * One scan at a time. Two scans at once would each plan remediation tasks and announce findings
 * against the same baseline, and the second to finish would move the baseline under the first.
 * StartScan takes the lock (a conditional put in the state store) for its Step Functions
 * execution; FinishScan, AbortScan and RecordScanFailure release it. An execution that ends
 * without releasing it — timed out, or stopped by hand — holds it until its TTL passes.
 */

/**
 * The nightly scan's own limit (`TimeoutSeconds` of statemachines/nightly-scan.asl.json): by then
 * its execution has ended one way or another, so the lock can go to the next scan.
 */
export const SCAN_LOCK_TTL_MS = 2 * 60 * 60 * 1000;

/** Raised by StartScan when another scan holds the lock; the state machine ends at ScanRefused. */
export class ScanAlreadyRunningError extends Error {
  override name = "ScanAlreadyRunning";
}

/** The lock's holder: the execution that runs the scan, or the scan itself when run without one. */
export function scanLockHolder(scanId: string, execution: string | undefined): string {
  return execution ?? `scan:${scanId}`;
}
