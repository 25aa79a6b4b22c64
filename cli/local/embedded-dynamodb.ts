/**
 * The embedded DynamoDB-compatible store for local runs: dynalite in-process on 127.0.0.1, its
 * data in LevelDB under `<stateDir>/dynamodb` (in memory when no folder is given, for tests).
 * The state store talks to it through the real `@aws-sdk/client-dynamodb`, so local and AWS
 * runs share one persistence code path.
 */

import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { BlobAuditArchive } from "../../functions/ports/audit-archive.ts";
import { DynamoDbStateStore } from "../../functions/ports/dynamodb-state-store.ts";
import { DEFAULT_TABLE_NAMES, ensureTables, type TableNames } from "../../functions/ports/dynamodb-tables.ts";
import { FileBlobStore } from "../../functions/ports/file-blob-store.ts";
import { DynamoDbReviewStore } from "../../functions/ports/reviews/dynamodb-review-store.ts";
import { DynamoDbTaskStore } from "../../functions/ports/tasks/dynamodb-task-store.ts";
import { REVIEW_TASK_PARTITION, type ReviewPorts } from "../../functions/reviews/review-ports.ts";
import { PRIVATE_DIR_MODE } from "../../functions/shared/private-files.ts";
import { UsageError } from "../args.ts";
import { countDynamoDbWrites, type WriteTally, writeTally } from "./count-dynamodb-writes.ts";
import { localAwsClient } from "./local-aws-client.ts";

/** The part of dynalite's server (a `node:http` Server) this wrapper uses. */
interface DynaliteServer {
  listen(port: number, host: string, callback: () => void): void;
  close(callback: (error?: Error | null) => void): void;
  address(): AddressInfo | string | null;
  once(event: "error", listener: (error: Error) => void): void;
  keepAliveTimeout: number;
}

type DynaliteFactory = (options: {
  path?: string;
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
}) => DynaliteServer;

export interface EmbeddedDynamoDb {
  client: DynamoDBClient;
  endpoint: string;
  tables: TableNames;
  close(): Promise<void>;
}

export interface EmbeddedDynamoDbOptions {
  /** The folder holding the LevelDB files; omitted: in memory (gone on close). */
  path?: string;
  /** Serve requests from a worker thread (the CLI); otherwise on this thread (tests). */
  ownThread?: boolean;
  tables?: TableNames;
}

/** `<stateDir>/dynamodb`: where `deprov` keeps its embedded tables. */
export function embeddedDynamoDbPath(stateDir: string): string {
  return join(stateDir, "dynamodb");
}

export async function startEmbeddedDynamoDb(
  options: EmbeddedDynamoDbOptions = {},
): Promise<EmbeddedDynamoDb> {
  const require = createRequire(import.meta.url);
  let lock: StateFolderLock | undefined;
  if (options.path !== undefined) {
    // The state is people's data: the folder is private to the user (its files inherit nothing
    // looser than the umask, and nobody else can enter the folder).
    await mkdir(options.path, { recursive: true, mode: PRIVATE_DIR_MODE });
    lock = await lockStateFolder(options.path, createRequire(require.resolve("dynalite")));
  }
  // dynalite is CommonJS without typings; the factory type above is the contract we rely on. On
  // its own thread, only that thread loads it.
  let server: RunningServer;
  try {
    server = options.ownThread
      ? await startOnOwnThread(options.path)
      : await startInProcess(require("dynalite") as DynaliteFactory, options.path);
  } catch (error) {
    await lock?.release();
    throw error;
  }
  const endpoint = `http://127.0.0.1:${server.port}`;
  const client = localClient(endpoint);
  const tables = options.tables ?? DEFAULT_TABLE_NAMES;
  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= (async () => {
      client.destroy();
      try {
        await server.close();
      } finally {
        await lock?.release();
      }
    })();
    return closed;
  };
  try {
    await ensureTables(client, tables);
  } catch (error) {
    await close();
    throw openError(options.path, error);
  }
  return { client, endpoint, tables, close };
}

interface RunningServer {
  port: number;
  close(): Promise<void>;
}

async function startInProcess(dynalite: DynaliteFactory, path: string | undefined): Promise<RunningServer> {
  const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  // As on its own thread (dynalite-thread.mjs): idle client connections stay open while this thread is busy.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("embedded DynamoDB: no TCP address");
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

type ThreadMessage =
  | { type: "listening"; port: number }
  | { type: "error"; message: string }
  | { type: "closed"; message?: string };

/** dynalite in dynalite-thread.mjs: its request handling then runs beside the scan, not in it. */
async function startOnOwnThread(path: string | undefined): Promise<RunningServer> {
  const worker = new Worker(new URL("./dynalite-thread.mjs", import.meta.url), { workerData: { path } });
  const next = (type: ThreadMessage["type"]) =>
    new Promise<ThreadMessage>((resolve, reject) => {
      const onMessage = (message: ThreadMessage) => {
        if (message.type !== type && message.type !== "error") return;
        worker.off("message", onMessage);
        if (message.type === "error") reject(new Error(`embedded DynamoDB: ${message.message}`));
        else resolve(message);
      };
      worker.on("message", onMessage);
      worker.once("error", reject);
    });
  const listening = await next("listening").catch(async (error: unknown) => {
    await worker.terminate();
    throw error;
  });
  // The scan's own work keeps the process alive; an idle store must not.
  worker.unref();
  return {
    port: (listening as { port: number }).port,
    close: async () => {
      const closed = next("closed");
      worker.postMessage("close");
      const reply = (await closed) as { message?: string };
      await worker.terminate();
      if (reply.message !== undefined) throw new Error(`embedded DynamoDB: ${reply.message}`);
    },
  };
}

function localClient(endpoint: string): DynamoDBClient {
  return localAwsClient((options) => new DynamoDBClient(options), endpoint);
}

interface LevelDatabase {
  open(): Promise<void>;
  close(): Promise<void>;
}

export interface StateFolderLock {
  release(): Promise<void>;
}

/**
 * Holds `<path>.lock` (a small LevelDB of its own) for as long as the store is open. LevelDB locks
 * its folder with an OS file lock, taken atomically and dropped by the OS when the process dies,
 * so there is no window between checking the folder and opening it, and no stale lock after a
 * crash. dynalite opens `<path>` only once this lock is held; without it, dynalite would throw
 * LevelDB's "locked" error out of its request handler and crash the process.
 */
export async function lockStateFolder(
  path: string,
  requireFromDynalite: NodeRequire,
): Promise<StateFolderLock> {
  const { Level } = requireFromDynalite("level") as { Level: new (path: string) => LevelDatabase };
  const database = new Level(`${path}.lock`);
  try {
    await database.open();
  } catch (error) {
    const cause = error instanceof Error && "cause" in error ? error.cause : undefined;
    const locked = cause instanceof Error && "code" in cause && cause.code === "LEVEL_LOCKED";
    if (locked) {
      // A usage problem, not a crash: the CLI prints it and exits 2.
      throw new UsageError(
        `${path}: the local state is in use by another deprov process; wait for it to finish`,
      );
    }
    throw new Error(
      `${path}: could not open the local state store: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  let released: Promise<void> | undefined;
  return { release: () => (released ??= database.close()) };
}

function openError(path: string | undefined, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`${path ?? "in-memory store"}: could not open the local state store: ${message}`);
}

export interface LocalState {
  stateStore: DynamoDbStateStore;
  taskStore: DynamoDbTaskStore;
  blobStore: FileBlobStore;
  /** Access-review campaigns and their revocation tasks, in the same tables. */
  reviews: ReviewPorts;
  stateDir: string;
  /** Where another thread reaches the same tables. */
  dynamoDb: { endpoint: string; tables: TableNames };
  /** DynamoDB items written through this state (all tables), plus what workers reported. */
  writes: WriteTally;
  close(): Promise<void>;
}

/**
 * The local stand-ins for the AWS state: DynamoDB tables under `<stateDir>/dynamodb`, blobs under
 * `<stateDir>/blobs`. With `existingOnly`, a state folder that was never written yields
 * `undefined` instead of being created (read-only commands must not leave folders behind).
 */
export async function openLocalState(
  stateDir: string,
  options: { existingOnly?: boolean } = {},
): Promise<LocalState | undefined> {
  const path = embeddedDynamoDbPath(stateDir);
  if (options.existingOnly && !existsSync(path)) return undefined;
  const db = await startEmbeddedDynamoDb({ path, ownThread: true });
  const writes = writeTally();
  countDynamoDbWrites(db.client, writes);
  const blobStore = new FileBlobStore(join(stateDir, "blobs"));
  return {
    // Locally the blob folder stands in for the WORM bucket that keeps the audit trail's copy.
    stateStore: new DynamoDbStateStore({
      client: db.client,
      tables: db.tables,
      auditArchive: new BlobAuditArchive(blobStore),
    }),
    taskStore: new DynamoDbTaskStore({ client: db.client, tableName: db.tables.state }),
    blobStore,
    reviews: {
      store: new DynamoDbReviewStore({ client: db.client, tableName: db.tables.state }),
      taskStore: new DynamoDbTaskStore({
        client: db.client,
        tableName: db.tables.state,
        partition: REVIEW_TASK_PARTITION,
      }),
    },
    stateDir,
    dynamoDb: { endpoint: db.endpoint, tables: db.tables },
    writes,
    close: db.close,
  };
}
