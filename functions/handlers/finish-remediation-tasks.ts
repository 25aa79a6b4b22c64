/** Lambda: FinishRemediationTasks (adds up the chunks of task changes). */
import { z } from "zod";
import { finishRemediationTasks } from "../scan/steps/sync-remediation-tasks.ts";
import { chunkRefSchema } from "./chunk-ref-schema.ts";
import { defineHandler } from "./define-handler.ts";

const count = z.number().int().nonnegative();

export const finishRemediationTasksHandler = defineHandler(
  "FinishRemediationTasks",
  z.object({
    scanId: z.string().min(1),
    plan: z.object({
      scanId: z.string(),
      sink: z.string(),
      dryRun: z.boolean(),
      chunks: z.array(chunkRefSchema),
      ratePerSecond: z.number().nullable(),
      budgetMs: z.number(),
      planned: z.object({ create: count, update: count, close: count, reopen: count }),
      unchanged: count,
    }),
    chunks: z.array(
      z.object({
        chunk: count,
        created: count,
        updated: count,
        closed: count,
        reopened: count,
        skipped: count,
        earlierAttempt: count,
        durationMs: z.number(),
      }),
    ),
  }),
  finishRemediationTasks,
);
export const handler = finishRemediationTasksHandler.handler;
