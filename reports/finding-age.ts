/**
 * Ageing of open findings: how long each has been open, in the buckets an auditor asks about
 * ("how many critical findings are older than 30 days?"). Age counts from `firstSeenAt`.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

export const AGE_BUCKETS = ["< 7 days", "7–30 days", "30–90 days", "> 90 days", "unknown"] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];

/** Upper bounds (exclusive, in days) of the dated buckets, in `AGE_BUCKETS` order. */
const UPPER_DAYS = [7, 30, 90] as const;

/** Index into `AGE_BUCKETS`. No `firstSeenAt` (a scan without persisted state) is "unknown". */
export function ageBucketIndex(firstSeenAt: number | undefined, evaluatedAtMs: number): number {
  if (firstSeenAt === undefined || !Number.isFinite(firstSeenAt) || !Number.isFinite(evaluatedAtMs)) {
    return AGE_BUCKETS.length - 1;
  }
  const ageDays = (evaluatedAtMs - firstSeenAt) / DAY_MS;
  for (const [i, upper] of UPPER_DAYS.entries()) {
    if (ageDays < upper) return i;
  }
  return UPPER_DAYS.length;
}
