/**
 * ReconcilePartition: correlates one partition of the collected records to people and runs the
 * rules on it. Record rules run in every partition; rules that need a whole system or the whole
 * roster run in partition 0 only. The partition's findings go to a blob; the state carries counts.
 */

import { buildScanContext } from "../../core/build-context.ts";
import { type RuleNotEvaluated, runRules } from "../../core/engine.ts";
import { type LeaverFacts, leaverFacts } from "../../core/leaver-timeline.ts";
import { partitionInputs } from "../../core/partition.ts";
import { ALL_RULES } from "../../core/rules/registry.ts";
import { type VanishedDeparture, vanishedDepartures } from "../../core/vanished-departures.ts";
import { putJson } from "../../ports/json-blob.ts";
import { writeJsonLinesBlob } from "../../ports/json-lines-blob.ts";
import { blobKeys } from "../contract/blob-keys.ts";
import type { PersonSummary } from "../contract/scan-result.ts";
import { loadCollected } from "../load-collected.ts";
import { readIdentityMap } from "../load-identity-map.ts";
import { previousScanMeta } from "../previous-scan-meta.ts";
import { peopleInFindings, removedPeople, scanInputsFor } from "../run-scan.ts";
import type { ScanDependencies } from "../scan-dependencies.ts";

export interface ReconcilePartitionInput {
  scanId: string;
  partition: number;
  partitionCount: number;
}

export interface ReconcilePartitionOutput {
  partition: number;
  partitionCount: number;
  findings: number;
  ruleErrors: number;
  findingsKey: string;
  metaKey: string;
}

export interface PartitionMeta {
  notEvaluated: RuleNotEvaluated[];
  ruleErrors: { rule: string; message: string }[];
  people: Record<string, PersonSummary>;
  identityMapRejected: string[];
  leavers: LeaverFacts;
  /** Partition 0 only: people the last scan knew as departed whose departure the roster no longer shows. */
  vanishedDepartures?: VanishedDeparture[];
  /** Partition 0 only: those of them no longer on the roster, as the last scan knew them (with managers). */
  removedPeople?: Record<string, PersonSummary>;
}

export function reconcilePartition(
  deps: ScanDependencies,
  input: ReconcilePartitionInput,
): Promise<ReconcilePartitionOutput> {
  return deps.exclusive(() => reconcilePartitionWork(deps, input));
}

async function reconcilePartitionWork(
  deps: ScanDependencies,
  input: ReconcilePartitionInput,
): Promise<ReconcilePartitionOutput> {
  const { scanId, partition, partitionCount } = input;
  const config = await deps.loadConfig();
  const run = await deps.stateStore.getScanRun(scanId);
  if (!run) throw new Error(`ReconcilePartition: scan ${scanId} was never started`);
  // The whole roster is in every partition: partition 0 compares it with the last scan's leavers.
  const previousMeta = partition === 0 ? previousScanMeta(deps, scanId) : Promise.resolve(undefined);
  previousMeta.catch(() => {});
  const collected = await loadCollected(deps, config, scanId);
  const roster = collected.find((c) => c.info.kind === "roster");
  if (roster?.records?.kind !== "roster")
    throw new Error(`ReconcilePartition: scan ${scanId} has no collected roster`);

  const { entries: identityMap, rejected: identityMapRejected } = await readIdentityMap(
    deps.readConfigFile,
    config,
  );

  const inputs = partitionInputs(
    scanInputsFor(config, collected, roster.records.records, identityMap, run.evaluatedAt),
    partition,
    partitionCount,
  );
  const context = buildScanContext(inputs);
  const rules = partition === 0 ? ALL_RULES : ALL_RULES.filter((r) => (r.scope ?? "records") === "records");
  const engine = runRules(context, rules);

  const findingsKey = blobKeys.partitionFindings(scanId, partition, partitionCount);
  const metaKey = blobKeys.partitionMeta(scanId, partition, partitionCount);
  const meta: PartitionMeta = {
    notEvaluated: engine.notEvaluated,
    ruleErrors: engine.ruleErrors,
    people: peopleInFindings(context, engine.findings),
    identityMapRejected,
    leavers: leaverFacts(context, partition === 0),
  };
  const previousPeople = (await previousMeta)?.people;
  if (previousPeople !== undefined) {
    const vanished = vanishedDepartures(previousPeople, context.peopleById);
    const removed = vanished.filter((v) => v.kind === "removed").map((v) => v.employeeId);
    meta.vanishedDepartures = vanished;
    if (removed.length > 0) meta.removedPeople = removedPeople(removed, previousPeople, context);
  }
  deps.memory.set(findingsKey, engine.findings);
  // Partition results are only read by the next step: in one process, memory is enough.
  if (!deps.singleProcess) await writeJsonLinesBlob(deps.blobStore, findingsKey, engine.findings);
  await putJson(deps.blobStore, metaKey, meta);
  deps.log(
    `partition ${partition + 1}/${partitionCount}: ${context.accounts.length} accounts, ${engine.findings.length} findings`,
  );
  return {
    partition,
    partitionCount,
    findings: engine.findings.length,
    ruleErrors: engine.ruleErrors.length,
    findingsKey,
    metaKey,
  };
}
