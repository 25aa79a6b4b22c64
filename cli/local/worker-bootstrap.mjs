// A worker thread starts without its parent's module hooks: register tsx's, then load the
// TypeScript entry named in workerData.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
