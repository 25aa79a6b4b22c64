/**
 * `deprov scan`, locally: executes statemachines/nightly-scan.asl.json in-process, each Lambda
 * placeholder served by the same handler code as in AWS, with local ports — the embedded
 * DynamoDB-compatible store and files under the state folder.
 */

import { statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { type LoadedConfig, resolveConfigPath } from "../../functions/config/load-config.ts";
import { abortScanHandler } from "../../functions/handlers/abort-scan.ts";
import { checkGuardRailsHandler } from "../../functions/handlers/check-guard-rails.ts";
import { checkRevocationsHandler } from "../../functions/handlers/check-revocations.ts";
import { collectSourceHandler } from "../../functions/handlers/collect-source.ts";
import { exportFindingsHandler } from "../../functions/handlers/export-findings.ts";
import { finishRemediationTasksHandler } from "../../functions/handlers/finish-remediation-tasks.ts";
import { finishScanHandler } from "../../functions/handlers/finish-scan.ts";
import { importSecurityHubFindingsHandler } from "../../functions/handlers/import-security-hub-findings.ts";
import { persistFindingsHandler } from "../../functions/handlers/persist-findings.ts";
import { planManagerDigestsHandler } from "../../functions/handlers/plan-manager-digests.ts";
import { planRemediationTasksHandler } from "../../functions/handlers/plan-remediation-tasks.ts";
import { planSecurityHubImportHandler } from "../../functions/handlers/plan-security-hub-import.ts";
import { publishReportHandler } from "../../functions/handlers/publish-report.ts";
import { reconcilePartitionHandler } from "../../functions/handlers/reconcile-partition.ts";
import { recordManagerDigestsFailureHandler } from "../../functions/handlers/record-manager-digests-failure.ts";
import { recordRemediationTasksFailureHandler } from "../../functions/handlers/record-remediation-tasks-failure.ts";
import { recordScanFailureHandler } from "../../functions/handlers/record-scan-failure.ts";
import { recordSourceFailureHandler } from "../../functions/handlers/record-source-failure.ts";
import { sendManagerDigestsHandler } from "../../functions/handlers/send-manager-digests.ts";
import { startScanHandler } from "../../functions/handlers/start-scan.ts";
import { syncRemediationTasksHandler } from "../../functions/handlers/sync-remediation-tasks.ts";
import type { TableNames } from "../../functions/ports/dynamodb-tables.ts";
import type { ScanDependencies } from "../../functions/scan/scan-dependencies.ts";
import { type AslMachine, readAslDefinition } from "./asl-definition.ts";
import { collectGarbage } from "./collect-garbage.ts";
import type { LocalState } from "./embedded-dynamodb.ts";
import { HandlerWorkerPool, MAIL_WORKER_PLACEHOLDERS, WORKER_PLACEHOLDERS } from "./handler-worker-pool.ts";
import { type LocalDependencyOptions, localDependencies } from "./local-dependencies.ts";
import {
  type LocalHandler,
  type LocalRunResult,
  type RunEvent,
  runStateMachineLocally,
} from "./run-state-machine.ts";
import type { WorkerMailOptions } from "./worker-messages.ts";

export const NIGHTLY_SCAN_ASL = join(
  import.meta.dirname,
  "..",
  "..",
  "statemachines",
  "nightly-scan.asl.json",
);

export interface LocalScanOptions extends Omit<LocalDependencyOptions, "config"> {
  config: LoadedConfig;
  now: number;
  scanId?: string;
  acceptRosterChange?: { by: string; reason: string };
  acceptSourceChanges?: { sourceId: string; by: string; reason: string }[];
  onEvent?: (event: RunEvent) => void;
  /** Tests: wrap a handler (e.g. to crash once, as a Lambda might). */
  wrapHandler?: (placeholder: string, handler: LocalHandler) => LocalHandler;
  retryIntervalMs?: number;
  definition?: AslMachine;
  /**
   * Serve CollectSource and the remediation-task steps from worker threads (see handler-worker-pool.ts):
   * they then use the other cores. Needs what a worker reaches on its own — the embedded store's
   * endpoint and the blob folder. Omitted: every handler runs on the main thread.
   */
  workers?: LocalWorkerOptions;
}

export interface LocalWorkerOptions {
  size: number;
  dynamoDb: { endpoint: string; tables: TableNames };
  blobRoot: string;
  /** Told the DynamoDB items each worker invocation wrote (the main client does not see them). */
  onItemsWritten?: (items: number) => void;
  /**
   * How the workers mail, when the caller mails with a LocalMailer: the manager digests may then
   * be sent from a worker too (a custom mailer stays on this thread, and so do the digests).
   */
  mail?: WorkerMailOptions;
}

export interface LocalScanResult {
  run: LocalRunResult;
  deps: ScanDependencies;
}

export async function runLocalScan(options: LocalScanOptions): Promise<LocalScanResult> {
  const deps = localDependencies(options);
  const handlers: Record<string, LocalHandler> = {
    StartScanFunctionArn: startScanHandler.withDependencies(deps),
    CollectSourceFunctionArn: collectSourceHandler.withDependencies(deps),
    RecordSourceFailureFunctionArn: recordSourceFailureHandler.withDependencies(deps),
    CheckGuardRailsFunctionArn: checkGuardRailsHandler.withDependencies(deps),
    AbortScanFunctionArn: abortScanHandler.withDependencies(deps),
    ReconcilePartitionFunctionArn: reconcilePartitionHandler.withDependencies(deps),
    PersistFindingsFunctionArn: persistFindingsHandler.withDependencies(deps),
    CheckRevocationsFunctionArn: checkRevocationsHandler.withDependencies(deps),
    PublishReportFunctionArn: publishReportHandler.withDependencies(deps),
    ExportFindingsFunctionArn: exportFindingsHandler.withDependencies(deps),
    PlanManagerDigestsFunctionArn: planManagerDigestsHandler.withDependencies(deps),
    SendManagerDigestsFunctionArn: sendManagerDigestsHandler.withDependencies(deps),
    RecordManagerDigestsFailureFunctionArn: recordManagerDigestsFailureHandler.withDependencies(deps),
    PlanRemediationTasksFunctionArn: planRemediationTasksHandler.withDependencies(deps),
    SyncRemediationTasksFunctionArn: syncRemediationTasksHandler.withDependencies(deps),
    RecordRemediationTasksFailureFunctionArn: recordRemediationTasksFailureHandler.withDependencies(deps),
    FinishRemediationTasksFunctionArn: finishRemediationTasksHandler.withDependencies(deps),
    PlanSecurityHubImportFunctionArn: planSecurityHubImportHandler.withDependencies(deps),
    ImportSecurityHubFindingsFunctionArn: importSecurityHubFindingsHandler.withDependencies(deps),
    FinishScanFunctionArn: finishScanHandler.withDependencies(deps),
    RecordScanFailureFunctionArn: recordScanFailureHandler.withDependencies(deps),
  };
  handlers.PersistFindingsFunctionArn = thenCollectGarbage(handlers.PersistFindingsFunctionArn);
  const pool = options.workers ? startWorkerPool(options, options.workers, deps) : undefined;
  if (pool) {
    const served = { ...WORKER_PLACEHOLDERS, ...(options.workers?.mail ? MAIL_WORKER_PLACEHOLDERS : {}) };
    for (const [placeholder, { mainThreadToo }] of Object.entries(served))
      handlers[placeholder] = pool.handlerFor(placeholder, handlers[placeholder], mainThreadToo);
  }
  if (options.wrapHandler) {
    for (const [placeholder, handler] of Object.entries(handlers))
      handlers[placeholder] = options.wrapHandler(placeholder, handler);
  }
  const input: Record<string, unknown> = {
    now: new Date(options.now).toISOString(),
    trigger: "cli",
    ...(options.scanId !== undefined ? { scanId: options.scanId } : {}),
    ...(options.acceptRosterChange ? { acceptRosterChange: options.acceptRosterChange } : {}),
    ...(options.acceptSourceChanges !== undefined && options.acceptSourceChanges.length > 0
      ? { acceptSourceChanges: options.acceptSourceChanges }
      : {}),
  };
  try {
    const run = await runStateMachineLocally({
      definition: options.definition ?? readAslDefinition(NIGHTLY_SCAN_ASL),
      // test/statemachines/nightly-scan-definition.test.ts validates the shipped definition.
      prevalidated: options.definition === undefined,
      handlers,
      input,
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
      ...(options.retryIntervalMs !== undefined ? { retryIntervalMs: options.retryIntervalMs } : {}),
    });
    return { run, deps };
  } finally {
    await pool?.close();
  }
}

function startWorkerPool(options: LocalScanOptions, workers: LocalWorkerOptions, deps: ScanDependencies) {
  const pool = new HandlerWorkerPool(
    workers.size,
    {
      config: options.config,
      dynamoDb: workers.dynamoDb,
      blobRoot: workers.blobRoot,
      outDir: options.outDir,
      ...(workers.mail ? { mail: workers.mail } : {}),
    },
    {
      log: deps.log,
      ...(workers.onItemsWritten ? { itemsWritten: workers.onItemsWritten } : {}),
    },
  );
  return {
    close: () => pool.close(),
    /** `mainThreadToo`: this thread may take an invocation too; otherwise only if no worker starts. */
    handlerFor:
      (placeholder: string, handler: LocalHandler | undefined, mainThreadToo: boolean): LocalHandler =>
      async (event) => {
        const here = handler ? () => handler(event) : undefined;
        const invoked = await pool.invoke(placeholder, event, {
          ...(here ? (mainThreadToo ? { inProcess: here } : { fallback: here }) : {}),
          weight: exportBytes(options.config, event),
          memory: referencedMemory(event, deps.memory),
        });
        // The worker's parsed records and results, as if this thread had computed them.
        for (const [key, value] of invoked.memory) deps.memory.set(key, value);
        return invoked.result;
      },
  };
}

/**
 * What this thread holds of the blobs an event refers to (a Map item's `chunk.key`), for the worker
 * that takes it: in one process the plan step left the chunk in memory instead of writing it.
 */
function referencedMemory(event: unknown, memory: ReadonlyMap<string, unknown>): [string, unknown][] {
  const key = (event as { chunk?: { key?: unknown } } | null)?.chunk?.key;
  if (typeof key !== "string") return [];
  const value = memory.get(key);
  return value === undefined ? [] : [[key, value]];
}

/** The size of the export a CollectSource event names (0 for other events): parse work grows with it. */
function exportBytes(config: LoadedConfig, event: unknown): number {
  const sourceId = (event as { sourceId?: unknown } | null)?.sourceId;
  const path = config.sources.find((source) => source.id === sourceId)?.path;
  if (path === undefined) return 0;
  try {
    return statSync(resolveConfigPath(config, path)).size;
  } catch {
    return 0;
  }
}

/**
 * PersistFindings drops the scan's parsed exports; collecting them at once keeps them from adding
 * to the report's and the tasks' memory (the peak of a large scan).
 */
function thenCollectGarbage(handler: LocalHandler | undefined): LocalHandler {
  if (!handler) throw new Error("no PersistFindings handler");
  return async (event) => {
    const result = await handler(event);
    collectGarbage();
    return result;
  };
}

/**
 * Worker threads for a local scan over this state: one per core besides the main thread's (which
 * parses sources too), at least one (the remediation tasks run in it, beside the report).
 */
export function localWorkers(
  state: LocalState,
  size = Math.max(1, availableParallelism() - 1),
  mail?: WorkerMailOptions,
): LocalWorkerOptions {
  return {
    size,
    dynamoDb: state.dynamoDb,
    blobRoot: state.blobStore.root,
    onItemsWritten: (items) => state.writes.add(items),
    ...(mail ? { mail } : {}),
  };
}
