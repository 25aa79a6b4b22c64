/** The messages between the local runtime and its handler worker threads. */
import type { LoadedConfig } from "../../functions/config/load-config.ts";
import type { TableNames } from "../../functions/ports/dynamodb-tables.ts";

/** Everything a worker needs to build its own dependencies: plain data, cloned into the thread. */
export interface HandlerWorkerData {
  entry: string;
  /** The claim board's shared memory (see claim-board.ts) and this worker's tag on it. */
  claims: SharedArrayBuffer;
  tag: number;
  config: LoadedConfig;
  dynamoDb: { endpoint: string; tables: TableNames };
  blobRoot: string;
  outDir: string;
  /** Set when the worker mails as the caller's LocalMailer does (see local-mailer.ts). */
  mail?: WorkerMailOptions;
}

/** A LocalMailer's settings, as plain data for a worker. */
export interface WorkerMailOptions {
  deliver: boolean;
  sendRatePerSecond?: number;
}

export interface WorkerRequest {
  id: number;
  placeholder: string;
  event: unknown;
  /**
   * Blobs the event refers to that the caller holds decoded (a chunk of work the plan step left in
   * memory), by key: the worker starts with them in its `memory`, as a Lambda would read the blob.
   */
  memory?: [string, unknown][];
}

/**
 * A request as offered: without the blobs it refers to, which only the worker that claims it asks
 * for (`memory-wanted`). A chunk of a night's digests is megabytes: copied into every offer, it
 * would be copied for chunks the main thread ends up running too, and the worker would decode
 * every chunk of a burst before it could start the first.
 */
export interface OfferedRequest extends Omit<WorkerRequest, "memory"> {
  /** The caller holds blobs for it: ask before serving. */
  hasMemory?: true;
}

/** New invocations any thread may claim; a worker takes the heaviest free one when it is idle. */
export interface WorkerOffers {
  type: "offers";
  offers: { id: number; weight: number; item: OfferedRequest }[];
}

/** The blobs of a request this worker claimed (the answer to `memory-wanted`). */
export interface WorkerMemory {
  type: "memory";
  id: number;
  memory: [string, unknown][];
}

/** Main thread to worker. */
export type WorkerInbound = WorkerOffers | WorkerMemory;

export type WorkerReply =
  | { type: "ready" }
  | { type: "log"; message: string }
  /** This worker claimed the request and needs its blobs. */
  | { type: "memory-wanted"; id: number }
  | {
      type: "result";
      id: number;
      result: unknown;
      /** What the handler put in its `memory`, by blob key. */
      memory: [string, unknown][];
      itemsWritten: number;
    }
  | {
      type: "error";
      id: number;
      error: { name: string; message: string; stack?: string };
      itemsWritten: number;
    };
