/**
 * A stand-in for cli/local/handler-worker.ts in the worker-pool tests: the same messages, with
 * handlers that echo, return the blobs they were given, fail, die or wait — and, when told so in its data, no start at all.
 */
import { parentPort, workerData } from "node:worker_threads";
import { serveOffers } from "../../cli/local/serve-offers.ts";
import type { HandlerWorkerData, WorkerReply, WorkerRequest } from "../../cli/local/worker-messages.ts";

const port = parentPort;
if (!port) throw new Error("a worker thread module");
if ((workerData as { outDir?: string }).outDir === "cannot-start") throw new Error("no modules here");

serveOffers(port, workerData as HandlerWorkerData, async (request: WorkerRequest) => {
  const reply = (message: WorkerReply) => port.postMessage(message);
  switch (request.placeholder) {
    case "Echo":
      reply({ type: "log", message: "echoing" });
      reply({
        type: "result",
        id: request.id,
        result: request.event,
        memory: [["echoed", request.event]],
        itemsWritten: 2,
      });
      return;
    case "Given":
      reply({ type: "result", id: request.id, result: request.memory ?? null, memory: [], itemsWritten: 0 });
      return;
    case "Fail":
      reply({
        type: "error",
        id: request.id,
        error: { name: "SourceBroken", message: "the export is gone" },
        itemsWritten: 1,
      });
      return;
    case "Die":
      process.exit(3);
      return;
    default:
      reply({
        type: "error",
        id: request.id,
        error: { name: "Error", message: `no ${request.placeholder}` },
        itemsWritten: 0,
      });
  }
});
port.postMessage({ type: "ready" } satisfies WorkerReply);
