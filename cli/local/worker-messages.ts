/** The messages between the local runtime and its handler worker threads. */
import type { LoadedConfig } from "../../functions/config/load-config.ts";
import type { TableNames } from "../../functions/ports/dynamodb-tables.ts";

/** Everything a worker needs to build its own dependencies: plain data, cloned into the thread. */
export interface HandlerWorkerData {
  entry: string;
  config: LoadedConfig;
  dynamoDb: { endpoint: string; tables: TableNames };
  blobRoot: string;
  outDir: string;
}

export interface WorkerRequest {
  id: number;
  placeholder: string;
  event: unknown;
}

export type WorkerReply =
  | { type: "ready" }
  | { type: "log"; message: string }
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
