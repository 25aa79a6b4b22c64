// A worker thread starts without its parent's module hooks: load the entry named in workerData,
// registering tsx's hooks first when it is TypeScript (the CLI's bundle names a bundled entry).
import { workerData } from "node:worker_threads";

if (workerData.entry.endsWith(".ts")) {
  const { register } = await import("tsx/esm/api");
  register();
}
await import(workerData.entry);
