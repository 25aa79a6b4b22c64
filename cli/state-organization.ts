/**
 * A state folder keeps one organization's history: its baseline, lifecycle, tasks and audit trail.
 * Scanning another organization into it compares two orgs that share source and employee ids — the
 * demo's findings resolve, its tasks close, its people carry the other org's accounts — and the
 * append-only trail keeps that for good. So a scan refuses a state whose last scan was of another
 * organization, before anything runs.
 */
import type { LatestSuccess, StateStore } from "../functions/ports/state-store.ts";
import { UsageError } from "./args.ts";
import { terminalText } from "./terminal-text.ts";

export async function refuseOtherOrganization(
  stateStore: StateStore,
  latest: LatestSuccess | undefined,
  organization: string,
  stateDir: string,
): Promise<void> {
  if (latest === undefined) return;
  const owner = (await stateStore.getScanRun(latest.scanId))?.organization;
  if (owner === undefined || owner === organization) return;
  throw new UsageError(
    `the state folder ${stateDir} holds the scans of "${terminalText(owner)}", not of "${terminalText(organization)}": ` +
      "give each organization a state folder of its own (--state DIR). deprov tells organizations apart by the " +
      'config\'s "organization": if you renamed it, scan under the old name.',
  );
}
