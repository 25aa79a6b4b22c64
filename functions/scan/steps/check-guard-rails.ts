/**
 * CheckGuardRails (SPEC §5): before any finding changes, stop the scan when the roster could not
 * be read, or shrank by more than `maxRosterShrinkPercent` since the last successful scan — rows
 * missing from a truncated export would otherwise turn every missing person's accounts into
 * orphans and resolve their findings. Also plans the reconcile partitions.
 */
import type { ScanDependencies } from "../scan-dependencies.ts";
import { ACCEPT_ROSTER_CHANGE_STEP } from "./start-scan.ts";

export interface CheckGuardRailsInput {
  scanId: string;
  collected: { sourceId: string; status: string; records: number }[];
}

export interface CheckGuardRailsOutput {
  proceed: boolean;
  reason?: string;
  rosterRecords: number;
  previousRosterRecords?: number;
  partitions: number[];
  partitionCount: number;
}

export async function checkGuardRails(
  deps: ScanDependencies,
  input: CheckGuardRailsInput,
): Promise<CheckGuardRailsOutput> {
  const config = await deps.loadConfig();
  const roster = config.sources.find((s) => s.kind === "roster");
  const rosterResult = input.collected.find((c) => c.sourceId === roster?.id);
  const rosterRecords = rosterResult?.records ?? 0;
  const stop = (reason: string, previousRosterRecords?: number): CheckGuardRailsOutput => ({
    proceed: false,
    reason,
    rosterRecords,
    ...(previousRosterRecords !== undefined ? { previousRosterRecords } : {}),
    partitions: [],
    partitionCount: 0,
  });

  if (!roster || !rosterResult || rosterResult.status !== "ok") {
    return stop(`the roster source "${roster?.id ?? "?"}" could not be collected`);
  }
  if (rosterRecords === 0) return stop(`the roster source "${roster.id}" has no valid records`);

  const previous = await deps.stateStore.latestSuccessfulScan();
  // A retry of an already-finished scan compares with the scan before it.
  const baseline = previous?.scanId === input.scanId ? previous.previous : previous;
  const previousRosterRecords = baseline?.rosterRecords;
  if (previousRosterRecords !== undefined && previousRosterRecords > 0) {
    const shrinkPercent = ((previousRosterRecords - rosterRecords) / previousRosterRecords) * 100;
    if (shrinkPercent > config.policy.maxRosterShrinkPercent) {
      const accepted = await deps.stateStore.getStep(input.scanId, ACCEPT_ROSTER_CHANGE_STEP);
      if (accepted === undefined) {
        return stop(
          `the roster shrank by ${shrinkPercent.toFixed(1)}% (from ${previousRosterRecords} to ${rosterRecords} records), ` +
            `more than maxRosterShrinkPercent (${config.policy.maxRosterShrinkPercent}%)`,
          previousRosterRecords,
        );
      }
    }
  }

  const accounts = input.collected
    .filter((c) => config.sources.find((s) => s.id === c.sourceId)?.kind === "accounts")
    .reduce((sum, c) => sum + c.records, 0);
  const partitionCount = Math.max(1, Math.ceil(accounts / deps.partitionSize));
  return {
    proceed: true,
    rosterRecords,
    ...(previousRosterRecords !== undefined ? { previousRosterRecords } : {}),
    partitions: Array.from({ length: partitionCount }, (_, i) => i),
    partitionCount,
  };
}
