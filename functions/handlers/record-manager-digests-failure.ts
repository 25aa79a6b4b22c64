/** Lambda: RecordManagerDigestsFailure (a chunk of digests failed after its retries). */
import { z } from "zod";
import { recordManagerDigestsFailure } from "../scan/steps/send-manager-digests.ts";
import { chunkRefSchema } from "./chunk-ref-schema.ts";
import { defineHandler } from "./define-handler.ts";

export const recordManagerDigestsFailureHandler = defineHandler(
  "RecordManagerDigestsFailure",
  z.object({
    scanId: z.string().min(1),
    chunk: chunkRefSchema,
    error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
  }),
  recordManagerDigestsFailure,
);
export const handler = recordManagerDigestsFailureHandler.handler;
