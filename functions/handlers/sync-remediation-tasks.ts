/** Lambda: SyncRemediationTasks (one Map iteration per chunk of task changes). */
import { z } from "zod";
import { syncRemediationTasksStep } from "../scan/steps/sync-remediation-tasks.ts";
import { chunkRefSchema } from "./chunk-ref-schema.ts";
import { defineHandler } from "./define-handler.ts";

export const syncRemediationTasksHandler = defineHandler(
  "SyncRemediationTasks",
  z.object({
    scanId: z.string().min(1),
    chunk: chunkRefSchema,
    ratePerSecond: z.number().positive().nullable(),
    budgetMs: z.number().int().positive(),
  }),
  syncRemediationTasksStep,
);
export const handler = syncRemediationTasksHandler.handler;
