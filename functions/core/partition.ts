/**
 * Partitioning a scan so reconcile fans out: every account, asset and resource belongs to one
 * partition by a hash of its source and id. Partition 0 also sees every privileged account,
 * because "no admin left in this system" needs all of a system's admins; findings computed twice
 * that way are identical (stable ids) and merge away.
 */
import type { ScanInputs } from "./build-context.ts";

/** FNV-1a: cheap, stable across processes and runtimes. */
export function partitionOf(key: string, partitionCount: number): number {
  if (partitionCount <= 1) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % partitionCount;
}

export function partitionInputs(inputs: ScanInputs, partition: number, partitionCount: number): ScanInputs {
  if (partitionCount <= 1) return inputs;
  const mine = (sourceId: string, id: string) =>
    partitionOf(`${sourceId}\u0000${id}`, partitionCount) === partition;
  return {
    ...inputs,
    accounts: inputs.accounts.filter(
      (a) => mine(a.sourceId, a.accountId) || (partition === 0 && a.privileged),
    ),
    assets: inputs.assets.filter((a) => mine(a.sourceId, a.assetId)),
    resources: inputs.resources.filter((r) => mine(r.sourceId, r.resourceId)),
  };
}
