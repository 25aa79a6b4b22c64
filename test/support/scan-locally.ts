/** A config scanned through the local state machine, on the embedded store and a fresh blob store. */
import { join } from "node:path";
import type { EmbeddedDynamoDb } from "../../cli/local/embedded-dynamodb.ts";
import { runLocalScan } from "../../cli/local/run-local-scan.ts";
import { loadConfig } from "../../functions/config/load-config.ts";
import { DynamoDbStateStore } from "../../functions/ports/dynamodb-state-store.ts";
import { FileBlobStore } from "../../functions/ports/file-blob-store.ts";
import { DynamoDbTaskStore } from "../../functions/ports/tasks/dynamodb-task-store.ts";

/**
 * `handOff: "blobs"` makes each step re-read what the last one stored (the snapshots, the result
 * blob), as Lambdas do.
 */
export function scanLocally(
  db: EmbeddedDynamoDb,
  options: {
    configFile: string;
    outDir: string;
    blobsDir: string;
    now: number;
    handOff?: "memory" | "blobs";
  },
): ReturnType<typeof runLocalScan> {
  return runLocalScan({
    config: loadConfig(options.configFile),
    stateStore: new DynamoDbStateStore({ client: db.client, tables: db.tables }),
    taskStore: new DynamoDbTaskStore({ client: db.client, tableName: db.tables.state }),
    blobStore: new FileBlobStore(join(options.blobsDir, "blobs")),
    outDir: options.outDir,
    now: options.now,
    retryIntervalMs: 0,
    ...(options.handOff !== undefined ? { handOff: options.handOff } : {}),
  });
}
