import { MemoryReviewStore } from "../../support/memory-review-store.ts";
import { reviewStoreContract } from "./review-store.contract.ts";

reviewStoreContract("in memory", async () => ({ store: new MemoryReviewStore(), close: async () => {} }));
