/**
 * A worker thread serving Lambda invocations for the local runtime, as a concurrent Lambda would:
 * its own dependencies (a DynamoDB client to the same embedded store, the same blob folder), one
 * invocation at a time, claimed from the pool's offers (serve-offers.ts). What the handler left in its `memory` (e.g. a source's parsed records) is
 * sent back with the result, so the main thread's later steps need not parse it again.
 */
import { parentPort, workerData } from "node:worker_threads";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { NIGHTLY_SCAN_HANDLERS } from "../../functions/handlers/catalogue.ts";
import { BlobAuditArchive } from "../../functions/ports/audit-archive.ts";
import { DynamoDbStateStore } from "../../functions/ports/dynamodb-state-store.ts";
import { FileBlobStore } from "../../functions/ports/file-blob-store.ts";
import { DynamoDbTaskStore } from "../../functions/ports/tasks/dynamodb-task-store.ts";
import { collectGarbage } from "./collect-garbage.ts";
import { countDynamoDbWrites, writeTally } from "./count-dynamodb-writes.ts";
import { workerPlaced } from "./handler-worker-pool.ts";
import { localAwsClient } from "./local-aws-client.ts";
import { localDependencies } from "./local-dependencies.ts";
import { LocalMailer } from "./local-mailer.ts";
import { serveOffers } from "./serve-offers.ts";
import type { HandlerWorkerData, WorkerReply, WorkerRequest } from "./worker-messages.ts";

const port = parentPort;
if (!port) throw new Error("handler-worker.ts runs as a worker thread");
const init = workerData as HandlerWorkerData;

const client = localAwsClient((options) => new DynamoDBClient(options), init.dynamoDb.endpoint);
const writes = writeTally();
countDynamoDbWrites(client, writes);
const blobStore = new FileBlobStore(init.blobRoot);
const deps = localDependencies({
  config: init.config,
  // The same archive as the main thread's: the blob folder standing in for the WORM bucket.
  stateStore: new DynamoDbStateStore({
    client,
    tables: init.dynamoDb.tables,
    auditArchive: new BlobAuditArchive(blobStore),
  }),
  taskStore: new DynamoDbTaskStore({ client, tableName: init.dynamoDb.tables.state }),
  blobStore,
  outDir: init.outDir,
  log: (message) => port.postMessage({ type: "log", message } satisfies WorkerReply),
  ...(init.mail
    ? {
        mailer: new LocalMailer(init.outDir, {
          deliver: init.mail.deliver,
          ...(init.mail.sendRatePerSecond !== undefined
            ? { sendRatePerSecond: init.mail.sendRatePerSecond }
            : {}),
        }),
      }
    : {}),
});

const handlers: Record<string, (event: unknown) => Promise<unknown>> = Object.fromEntries(
  workerPlaced(NIGHTLY_SCAN_HANDLERS, init.mail).map((spec) => [
    spec.placeholder,
    spec.handler.withDependencies(deps),
  ]),
);

serveOffers(port, init, serve);
port.postMessage({ type: "ready" } satisfies WorkerReply);

async function serve(request: WorkerRequest): Promise<void> {
  const handler = handlers[request.placeholder];
  const before = writes.count();
  deps.memory.clear();
  const given = new Set<string>();
  for (const [key, value] of request.memory ?? []) {
    deps.memory.set(key, value);
    given.add(key);
  }
  try {
    if (!handler) throw new Error(`no handler for \${${request.placeholder}} in the worker`);
    const result = await handler(request.event);
    port?.postMessage({
      type: "result",
      id: request.id,
      result,
      // What it was given goes back no more than a Lambda would write it again.
      memory: [...deps.memory].filter(([key]) => !given.has(key)),
      itemsWritten: writes.count() - before,
    } satisfies WorkerReply);
  } catch (error) {
    const { name, message, stack } = error instanceof Error ? error : new Error(String(error));
    port?.postMessage({
      type: "error",
      id: request.id,
      error: { name, message, ...(stack !== undefined ? { stack } : {}) },
      itemsWritten: writes.count() - before,
    } satisfies WorkerReply);
  } finally {
    deps.memory.clear();
    // What this invocation parsed is garbage now: give it back before the next one, or each
    // worker's heap stays at the size of the largest export it ever read.
    collectGarbage();
  }
}
