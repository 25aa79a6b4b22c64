/**
 * What the steps after PersistFindings start from, for tests of those steps: a scan run, the blobs
 * PersistFindings leaves (scan metadata, leavers, findings, transitions) and step dependencies with
 * nothing kept in memory between steps, as in Lambda.
 */
import type { LifecycleFinding, Transition } from "../../functions/core/lifecycle/types.ts";
import type { BlobStore } from "../../functions/ports/blob-store.ts";
import { putJson } from "../../functions/ports/json-blob.ts";
import { writeFindingsBlob, writeTransitionsBlob } from "../../functions/ports/result-blob.ts";
import type { StateStore } from "../../functions/ports/state-store.ts";
import { blobKeys } from "../../functions/scan/contract/blob-keys.ts";
import type { PersonSummary } from "../../functions/scan/contract/scan-result.ts";
import type { ScanDependencies } from "../../functions/scan/scan-dependencies.ts";
import type { ScanMeta } from "../../functions/scan/steps/persist-findings.ts";
import { MemoryTaskStore } from "./memory-task-store.ts";

export interface PersistedScan {
  scanId: string;
  evaluatedAt: number;
  findings: readonly LifecycleFinding[];
  transitions?: readonly Transition[];
  people?: Record<string, PersonSummary>;
  timezone?: string;
  /** Whether the leavers blob is written too (PersistFindings always writes it). @default true */
  leavers?: boolean;
}

/** Starts the scan run and writes the blobs PersistFindings would have written for it. */
export async function persistedScan(stateStore: StateStore, blobStore: BlobStore, scan: PersistedScan) {
  const { scanId, evaluatedAt } = scan;
  await stateStore.startScanRun({ scanId, status: "running", startedAt: evaluatedAt, evaluatedAt });
  const meta: ScanMeta = {
    schemaVersion: 1,
    scanId,
    organization: "Acme Corp",
    evaluatedAt: new Date(evaluatedAt).toISOString(),
    timezone: scan.timezone ?? "UTC",
    sources: [],
    rules: [],
    notEvaluated: [],
    ruleErrors: [],
    people: scan.people ?? {},
  };
  await Promise.all([
    putJson(blobStore, blobKeys.scanMeta(scanId), meta),
    scan.leavers === false
      ? undefined
      : putJson(blobStore, blobKeys.leavers(scanId), { departures: [], events: {}, terminatedAt: {} }),
    writeFindingsBlob(blobStore, scanId, scan.findings),
    scan.transitions === undefined ? undefined : writeTransitionsBlob(blobStore, scanId, scan.transitions),
  ]);
}

/** Step dependencies as a Lambda has them: no memory shared between steps, no exports to read. */
export function stepDependencies(
  ports: Pick<ScanDependencies, "stateStore" | "blobStore" | "loadConfig"> & Partial<ScanDependencies>,
): ScanDependencies {
  return {
    readExport: async () => {
      throw new Error("not used");
    },
    readConfigFile: async () => {
      throw new Error("not used");
    },
    memory: new Map(),
    partitionSize: 1000,
    singleProcess: false,
    exclusive: (work) => work(),
    taskStore: new MemoryTaskStore(),
    resolveCredential: async () => "",
    reportLink: () => "file:///report.html",
    log: () => {},
    ...ports,
  };
}
