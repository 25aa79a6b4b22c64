/** Lambda: SendManagerDigests (one Map iteration per chunk of digests). */
import { z } from "zod";
import { sendManagerDigests } from "../scan/steps/send-manager-digests.ts";
import { chunkRefSchema } from "./chunk-ref-schema.ts";
import { defineHandler } from "./define-handler.ts";

export const sendManagerDigestsHandler = defineHandler(
  "SendManagerDigests",
  z.object({
    scanId: z.string().min(1),
    chunk: chunkRefSchema,
    ratePerSecond: z.number().positive().nullable(),
    budgetMs: z.number().int().positive(),
  }),
  sendManagerDigests,
);
export const handler = sendManagerDigestsHandler.handler;
