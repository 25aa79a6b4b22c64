import { MemoryTaskStore } from "../../support/memory-task-store.ts";
import { taskStoreContract } from "./task-store.contract.ts";

taskStoreContract("in memory", async () => ({ store: new MemoryTaskStore(), close: async () => {} }));
