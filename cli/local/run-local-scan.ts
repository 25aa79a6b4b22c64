/**
 * `deprov scan`, locally: executes statemachines/nightly-scan.asl.json in-process, each Lambda
 * placeholder served by the same handler code as in AWS, with local ports — the embedded
 * DynamoDB-compatible store and files under the state folder.
 */

import { statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { type LoadedConfig, resolveConfigPath } from "../../functions/config/load-config.ts";
import { NIGHTLY_SCAN_HANDLERS } from "../../functions/handlers/catalogue.ts";
import type { DefinedHandler } from "../../functions/handlers/define-handler.ts";
import type { TableNames } from "../../functions/ports/dynamodb-tables.ts";
import { isSourceSnapshotKey } from "../../functions/scan/contract/blob-keys.ts";
import type { ScanDependencies } from "../../functions/scan/scan-dependencies.ts";
import { type AslMachine, readAslDefinition } from "./asl-definition.ts";
import { collectGarbage } from "./collect-garbage.ts";
import type { LocalState } from "./embedded-dynamodb.ts";
import { HandlerWorkerPool, workerPlaced } from "./handler-worker-pool.ts";
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
  /**
   * `memory` (the default): the steps hand their results on in this process's memory as well as in
   * the blob store. `blobs`: as in AWS, each invocation starts with nothing in memory and reads
   * what the steps before it wrote to the blob store (tests of the path Lambda takes).
   */
  handOff?: "memory" | "blobs";
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
  if (options.handOff === "blobs" && options.workers) {
    throw new Error(
      "runLocalScan: the blob hand-off runs every handler as its own Lambda, without worker threads",
    );
  }
  const handlers: Record<string, LocalHandler> = Object.fromEntries(
    NIGHTLY_SCAN_HANDLERS.map((spec) => [
      spec.placeholder,
      options.handOff === "blobs" ? asLambda(spec.handler, deps) : spec.handler.withDependencies(deps),
    ]),
  );
  handlers.PersistFindingsFunctionArn = withExportsCollectedFirst(
    handlers.PersistFindingsFunctionArn,
    deps.memory,
  );
  const pool = options.workers ? startWorkerPool(options, options.workers, deps) : undefined;
  if (pool) {
    for (const { placeholder, localPlacement } of workerPlaced(NIGHTLY_SCAN_HANDLERS, options.workers?.mail))
      handlers[placeholder] = pool.handlerFor(
        placeholder,
        handlers[placeholder],
        localPlacement.threads === "any",
      );
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

/** The handler as a Lambda runs it: a fresh process for each invocation, which keeps nothing. */
export function asLambda(handler: DefinedHandler<unknown>, deps: ScanDependencies): LocalHandler {
  return (event) => handler.withDependencies({ ...deps, singleProcess: false, memory: new Map() })(event);
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
 * Reconcile was the last reader of the scan's parsed exports (~1 GB at 100,000 people): they are
 * dropped and collected before PersistFindings allocates the lifecycle, so the two never share the
 * heap. Collecting after PersistFindings instead left the scan's memory peak ~0.1 GB higher on
 * average (six alternated runs at 100,000 people: 1.71 GB against 1.82 GB), at the same wall time.
 */
function withExportsCollectedFirst(
  handler: LocalHandler | undefined,
  memory: Map<string, unknown>,
): LocalHandler {
  if (!handler) throw new Error("no PersistFindings handler");
  return async (event) => {
    for (const key of [...memory.keys()]) if (isSourceSnapshotKey(key)) memory.delete(key);
    collectGarbage();
    return handler(event);
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
