/**
 * The scan's ports for a local run: the embedded DynamoDB-compatible store, files for blobs and
 * exports, and this process's memory between steps. Used by the main thread and by each handler
 * worker thread (which imports only this, not the whole runtime).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { LoadedConfig } from "../../functions/config/load-config.ts";
import { resolveConfigPath } from "../../functions/config/load-config.ts";
import { isLiveSource } from "../../functions/config/schema.ts";
import type { BlobStore } from "../../functions/ports/blob-store.ts";
import type { Mailer } from "../../functions/ports/mail/mailer.ts";
import type { StateStore } from "../../functions/ports/state-store.ts";
import { credentialResolver } from "../../functions/ports/tasks/resolve-credential.ts";
import type { TaskStore } from "../../functions/ports/tasks/task-store.ts";
import type { ReviewPorts } from "../../functions/reviews/review-ports.ts";
import { readExportFile } from "../../functions/scan/parse-source-export.ts";
import { type LiveReadSettings, readLiveExport } from "../../functions/scan/read-live-export.ts";
import type { ScanDependencies } from "../../functions/scan/scan-dependencies.ts";

/**
 * Locally one partition: partitions fan out over Lambdas in AWS, but in one process they only add
 * work. Tests set a small size to prove partitioned and single results are the same.
 */
export const DEFAULT_LOCAL_PARTITION_SIZE = Number.POSITIVE_INFINITY;

export interface LocalDependencyOptions {
  /** The config, or a loader for it when it is read only if a step needs it. */
  config: LoadedConfig | (() => Promise<LoadedConfig>);
  stateStore: StateStore;
  blobStore: BlobStore;
  taskStore: TaskStore;
  outDir: string;
  partitionSize?: number;
  log?: (message: string) => void;
  mailer?: Mailer;
  /** Live reads: the credential resolver (environment variables by default), clients, clock, limits. */
  live?: Partial<LiveReadSettings>;
  /** Access-review campaigns (the nightly scan checks their revocations). */
  reviews?: ReviewPorts;
}

export function localDependencies(options: LocalDependencyOptions): ScanDependencies {
  const { config } = options;
  // A command that may not need the config (deprov review status) passes it as a loader.
  const loadConfig = typeof config === "function" ? config : async () => config;
  const resolveCredential = options.live?.resolveCredential ?? credentialResolver();
  return {
    stateStore: options.stateStore,
    blobStore: options.blobStore,
    loadConfig,
    readExport: async (c, source) =>
      isLiveSource(source)
        ? readLiveExport(source, { ...options.live, resolveCredential })
        : readExportFile(c, source),
    readConfigFile: async (c, path) => {
      const file = resolveConfigPath(c, path);
      return { file, bytes: await readFile(file) };
    },
    taskStore: options.taskStore,
    resolveCredential,
    reportLink: () => pathToFileURL(join(options.outDir, "report.html")).href,
    memory: new Map(),
    partitionSize: options.partitionSize ?? DEFAULT_LOCAL_PARTITION_SIZE,
    singleProcess: true,
    exclusive: serialQueue(),
    outputDir: options.outDir,
    log: options.log ?? (() => {}),
    ...(options.mailer ? { mailer: options.mailer } : {}),
    ...(options.reviews ? { reviews: options.reviews } : {}),
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
