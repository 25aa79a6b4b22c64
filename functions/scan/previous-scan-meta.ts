/** The metadata of the scan a scan is compared with: the last successful one before it. */
import { getJson } from "../ports/json-blob.ts";
import { successBefore } from "../ports/state-store.ts";
import { blobKeys } from "./contract/blob-keys.ts";
import type { ScanDependencies } from "./scan-dependencies.ts";
import type { ScanMeta } from "./steps/persist-findings.ts";

export async function previousScanMeta(
  deps: ScanDependencies,
  scanId: string,
): Promise<ScanMeta | undefined> {
  const latest = await deps.stateStore.latestSuccessfulScan();
  const previous = successBefore(latest, scanId);
  if (previous === undefined) return undefined;
  return getJson<ScanMeta>(deps.blobStore, blobKeys.scanMeta(previous.scanId));
}
