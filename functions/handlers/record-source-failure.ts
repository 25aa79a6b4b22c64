/** Lambda: RecordSourceFailure (the Catch of a source whose collection crashed after its retries). */
import { z } from "zod";
import { recordSourceFailure } from "../scan/steps/collect-source.ts";
import { defineHandler } from "./define-handler.ts";

export const recordSourceFailureHandler = defineHandler(
  "RecordSourceFailure",
  z.object({
    scanId: z.string().min(1),
    sourceId: z.string().min(1),
    error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
  }),
  recordSourceFailure,
);
export const handler = recordSourceFailureHandler.handler;
