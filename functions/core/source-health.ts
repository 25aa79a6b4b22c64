/**
 * Whether a source that parsed can be trusted to say what is *not* there (SPEC §5). An export that
 * is empty, cut short or mostly rejected still parses; read as healthy, it would resolve the findings
 * of every record it lost. Such a source is *suspect*: its records are used, but nothing it feeds is
 * resolved and none of its tasks is closed until a healthy collection, or an accepted change.
 */
import type { Policy } from "./policy.ts";

export interface SourceCountsToJudge {
  /** Records kept in this scan. */
  records: number;
  /** Records rejected in this scan. */
  rejected: number;
  /** Records of the reference collection (the last successful one), when there is one. */
  previousRecords?: number;
}

export interface SourceVerdict {
  suspect: boolean;
  /** One sentence per check that tripped, with the numbers. */
  reasons: string[];
}

export function judgeSource(
  counts: SourceCountsToJudge,
  policy: Pick<Policy, "maxSourceShrinkPercent" | "maxRejectedPercent">,
): SourceVerdict {
  const reasons: string[] = [];
  const { records, rejected, previousRecords } = counts;
  if (previousRecords !== undefined && previousRecords > 0) {
    if (records === 0) {
      reasons.push(`returned 0 records where its last successful collection had ${previousRecords}`);
    } else {
      const shrink = shrinkPercent(previousRecords, records);
      if (shrink > policy.maxSourceShrinkPercent) {
        reasons.push(
          `shrank by ${shrink.toFixed(1)}% (from ${previousRecords} to ${records} records) since its last successful collection, more than maxSourceShrinkPercent (${policy.maxSourceShrinkPercent}%)`,
        );
      }
    }
  }
  const read = records + rejected;
  if (rejected > 0) {
    const share = (rejected / read) * 100;
    if (share > policy.maxRejectedPercent) {
      reasons.push(
        `rejected ${rejected} of ${read} records (${share.toFixed(1)}%), more than maxRejectedPercent (${policy.maxRejectedPercent}%)`,
      );
    }
  }
  return { suspect: reasons.length > 0, reasons };
}

/** How much smaller `now` is than `before`, in percent (negative when it grew). */
export function shrinkPercent(before: number, now: number): number {
  return before === 0 ? 0 : ((before - now) / before) * 100;
}
