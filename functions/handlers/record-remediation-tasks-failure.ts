/** Lambda: RecordRemediationTasksFailure (a chunk of task changes failed after its retries). */
import { z } from "zod";
import { recordRemediationTasksFailure } from "../scan/steps/sync-remediation-tasks.ts";
import { chunkRefSchema } from "./chunk-ref-schema.ts";
import { defineHandler } from "./define-handler.ts";

export const recordRemediationTasksFailureHandler = defineHandler(
  "RecordRemediationTasksFailure",
  z.object({
    scanId: z.string().min(1),
    chunk: chunkRefSchema,
    error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
  }),
  recordRemediationTasksFailure,
);
export const handler = recordRemediationTasksFailureHandler.handler;
