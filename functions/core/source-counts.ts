/**
 * The record counts each scan compares its sources with (SPEC §5), carried from one successful
 * scan to the next on the latest-success pointer (a few numbers per source: no item of its own).
 *
 * - Every source: the count of its last successful collection — `ok`, or suspect and accepted
 *   with `--accept-source-change`. A failed or (unaccepted) suspect collection leaves it as it was,
 *   so a source that empties and then comes back half full is compared with its last good count.
 * - The roster: also the counts of the successful scans of the last `lookbackDays`, so its shrink
 *   is measured against the largest of them, not only last night's: a roster that loses 10 % a
 *   night is caught on the third night. An accepted roster change restarts the window from the
 *   accepted count, so a legitimate shrink accepted once is not flagged again every night.
 */
import type { Instant } from "./model.ts";
import { plusDays } from "./time.ts";

export interface RosterCount {
  evaluatedAt: Instant;
  records: number;
}

export interface SourceCounts {
  /** Per source id: records of its last successful collection. */
  sources: Record<string, number>;
  /**
   * Roster counts of successful scans, oldest first, each smaller than the one before it: a count
   * that is not the largest of any window ending later is never a reference, so it is not kept.
   */
  roster: RosterCount[];
}

export const NO_SOURCE_COUNTS: SourceCounts = { sources: {}, roster: [] };

/** How a source came out of this scan, for the next scan's reference. */
export interface CollectedCount {
  sourceId: string;
  records: number;
  /** ok, or suspect but accepted: this count becomes the reference. */
  successful: boolean;
  /** An accepted change: the roster window restarts here. */
  accepted: boolean;
}

/** The largest roster count of a successful scan within `lookbackDays` before `now`. */
export function rosterReference(
  counts: SourceCounts,
  now: Instant,
  lookbackDays: number,
  zone: string,
): number | undefined {
  const windowStart = plusDays(now, -lookbackDays, zone);
  // Oldest first and decreasing: the first one inside the window is the largest.
  return counts.roster.find((entry) => entry.evaluatedAt >= windowStart)?.records;
}

/** The counts the next scan compares with, after this scan succeeded. */
export function nextSourceCounts(
  previous: SourceCounts,
  collected: readonly CollectedCount[],
  roster: { sourceId: string; evaluatedAt: Instant; lookbackDays: number; zone: string },
): SourceCounts {
  const sources: Record<string, number> = {};
  let window = previous.roster;
  for (const source of collected) {
    const before = previous.sources[source.sourceId];
    if (source.successful) sources[source.sourceId] = source.records;
    else if (before !== undefined) sources[source.sourceId] = before;
    if (source.sourceId !== roster.sourceId || !source.successful) continue;
    const entry = { evaluatedAt: roster.evaluatedAt, records: source.records };
    window = source.accepted ? [entry] : pushRosterCount(window, entry);
  }
  const windowStart = plusDays(roster.evaluatedAt, -roster.lookbackDays, roster.zone);
  return { sources, roster: window.filter((entry) => entry.evaluatedAt >= windowStart) };
}

/** Appends `entry`, dropping the earlier counts it makes irrelevant (not larger than it). */
function pushRosterCount(window: readonly RosterCount[], entry: RosterCount): RosterCount[] {
  const kept = window.filter(
    (earlier) => earlier.evaluatedAt < entry.evaluatedAt && earlier.records > entry.records,
  );
  kept.push(entry);
  return kept;
}
