/**
 * `deprov scan`, locally: executes statemachines/nightly-scan.asl.json in-process, each Lambda
 * placeholder served by the same handler code as in AWS, with local ports — the embedded
 * DynamoDB-compatible store and files under the state folder.
 */

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { LoadedConfig } from "../../functions/config/load-config.ts";
import { resolveConfigPath } from "../../functions/config/load-config.ts";
import { abortScanHandler } from "../../functions/handlers/abort-scan.ts";
import { checkGuardRailsHandler } from "../../functions/handlers/check-guard-rails.ts";
import { collectSourceHandler } from "../../functions/handlers/collect-source.ts";
import { finishScanHandler } from "../../functions/handlers/finish-scan.ts";
import { persistFindingsHandler } from "../../functions/handlers/persist-findings.ts";
import { publishReportHandler } from "../../functions/handlers/publish-report.ts";
import { reconcilePartitionHandler } from "../../functions/handlers/reconcile-partition.ts";
import { recordScanFailureHandler } from "../../functions/handlers/record-scan-failure.ts";
import { recordSourceFailureHandler } from "../../functions/handlers/record-source-failure.ts";
import { startScanHandler } from "../../functions/handlers/start-scan.ts";
import { syncRemediationTasksHandler } from "../../functions/handlers/sync-remediation-tasks.ts";
import type { BlobStore } from "../../functions/ports/blob-store.ts";
import type { TableNames } from "../../functions/ports/dynamodb-tables.ts";
import type { Mailer } from "../../functions/ports/mail/mailer.ts";
import type { StateStore } from "../../functions/ports/state-store.ts";
import { credentialResolver } from "../../functions/ports/tasks/resolve-credential.ts";
import type { TaskStore } from "../../functions/ports/tasks/task-store.ts";
import { readExportFile } from "../../functions/scan/collect-source.ts";
import type { ScanDependencies } from "../../functions/scan/scan-dependencies.ts";
import { type AslMachine, readAslDefinition } from "./asl-definition.ts";
import { HandlerWorkerPool, WORKER_PLACEHOLDERS } from "./handler-worker-pool.ts";
import {
  type LocalHandler,
  type LocalRunResult,
  type RunEvent,
  runStateMachineLocally,
} from "./run-state-machine.ts";

export const NIGHTLY_SCAN_ASL = join(
  import.meta.dirname,
  "..",
  "..",
  "statemachines",
  "nightly-scan.asl.json",
);

/**
 * Locally one partition: partitions fan out over Lambdas in AWS, but in one process they only add
 * work. Tests set a small size to prove partitioned and single results are the same.
 */
export const DEFAULT_LOCAL_PARTITION_SIZE = Number.POSITIVE_INFINITY;

export interface LocalScanOptions {
  config: LoadedConfig;
  stateStore: StateStore;
  blobStore: BlobStore;
  outDir: string;
  now: number;
  scanId?: string;
  acceptRosterChange?: { by: string; reason: string };
  partitionSize?: number;
  onEvent?: (event: RunEvent) => void;
  log?: (message: string) => void;
  mailer?: Mailer;
  taskStore: TaskStore;
  /** Tests: wrap a handler (e.g. to crash once, as a Lambda might). */
  wrapHandler?: (placeholder: string, handler: LocalHandler) => LocalHandler;
  retryIntervalMs?: number;
  definition?: AslMachine;
  /**
   * Serve CollectSource and RemediationTasks from worker threads (see handler-worker-pool.ts):
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
}

export interface LocalScanResult {
  run: LocalRunResult;
  deps: ScanDependencies;
}

export function localDependencies(options: LocalScanOptions): ScanDependencies {
  const { config } = options;
  return {
    stateStore: options.stateStore,
    blobStore: options.blobStore,
    loadConfig: async () => config,
    readExport: async (c, source) => readExportFile(c, source),
    readConfigFile: async (c, path) => {
      const file = resolveConfigPath(c, path);
      return { file, text: await readFile(file, "utf8") };
    },
    taskStore: options.taskStore,
    resolveCredential: credentialResolver(),
    reportLink: () => pathToFileURL(join(options.outDir, "report.html")).href,
    memory: new Map(),
    partitionSize: options.partitionSize ?? DEFAULT_LOCAL_PARTITION_SIZE,
    singleProcess: true,
    exclusive: serialQueue(),
    outputDir: options.outDir,
    log: options.log ?? (() => {}),
    ...(options.mailer ? { mailer: options.mailer } : {}),
  };
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
    PublishReportFunctionArn: publishReportHandler.withDependencies(deps),
    SyncRemediationTasksFunctionArn: syncRemediationTasksHandler.withDependencies(deps),
    FinishScanFunctionArn: finishScanHandler.withDependencies(deps),
    RecordScanFailureFunctionArn: recordScanFailureHandler.withDependencies(deps),
  };
  const pool = options.workers ? startWorkerPool(options, options.workers, deps) : undefined;
  if (pool) {
    for (const [placeholder, { mainThreadToo }] of Object.entries(WORKER_PLACEHOLDERS))
      handlers[placeholder] = pool.handlerFor(placeholder, mainThreadToo ? handlers[placeholder] : undefined);
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
  };
  try {
    const run = await runStateMachineLocally({
      definition: options.definition ?? readAslDefinition(NIGHTLY_SCAN_ASL),
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
    },
    {
      log: deps.log,
      ...(workers.onItemsWritten ? { itemsWritten: workers.onItemsWritten } : {}),
    },
  );
  return {
    close: () => pool.close(),
    handlerFor:
      (placeholder: string, inProcess?: LocalHandler): LocalHandler =>
      async (event) => {
        const invoked = await pool.invoke(placeholder, event, inProcess && (() => inProcess(event)));
        // The worker's parsed records and results, as if this thread had computed them.
        for (const [key, value] of invoked.memory) deps.memory.set(key, value);
        return invoked.result;
      },
  };
}

/** A queue that runs one piece of work at a time, in arrival order. */
function serialQueue(): <T>(work: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>) => {
    const next = tail.then(work, work);
    tail = next.catch(() => {});
    return next;
  };
}
