import { MemoryStateStore } from "../../functions/ports/memory-state-store.ts";
import { stateStoreContract } from "./state-store.contract.ts";

stateStoreContract("in memory", async () => ({ store: new MemoryStateStore(), close: async () => {} }));
