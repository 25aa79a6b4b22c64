/** The metadata of the scan a scan is compared with: the last successful one before it. */
import { getJson } from "../ports/json-blob.ts";
import { blobKeys } from "./contract/blob-keys.ts";
import type { ScanDependencies } from "./scan-dependencies.ts";
import type { ScanMeta } from "./steps/persist-findings.ts";

export async function previousScanMeta(
  deps: ScanDependencies,
  scanId: string,
): Promise<ScanMeta | undefined> {
  const latest = await deps.stateStore.latestSuccessfulScan();
  // A retry of an already-finished scan compares with the scan before it, as its baseline does.
  const previous = latest?.scanId === scanId ? latest.previous : latest;
  if (previous === undefined) return undefined;
  return getJson<ScanMeta>(deps.blobStore, blobKeys.scanMeta(previous.scanId));
}
