// The embedded DynamoDB-compatible store (dynalite) on a thread of its own, so that serving the
// scan's requests does not take the scan's thread. Plain JavaScript: it needs no TypeScript hook.
import { createRequire } from "node:module";
import { parentPort, workerData } from "node:worker_threads";

const require = createRequire(import.meta.url);
const dynalite = require("dynalite");
const server = dynalite({ path: workerData.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
// Clients keep their connections open between requests; a thread busy for a few seconds (a large
// scan's parsing) must not find them closed under it (Node's default is 5 s: "socket hang up").
server.keepAliveTimeout = 120_000;
server.once("error", (error) => parentPort.postMessage({ type: "error", message: error.message }));
server.listen(0, "127.0.0.1", () =>
  parentPort.postMessage({ type: "listening", port: server.address().port }),
);
parentPort.on("message", (message) => {
  if (message !== "close") return;
  // Closes the LevelDB files too (dynalite wraps the server's close).
  server.close((error) =>
    parentPort.postMessage({ type: "closed", message: error ? error.message : undefined }),
  );
});
