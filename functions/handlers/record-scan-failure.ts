/** Lambda: RecordScanFailure (the Catch of every top-level state). */
import { z } from "zod";
import { recordScanFailure } from "../scan/steps/finish-scan.ts";
import { defineHandler } from "./define-handler.ts";

export const recordScanFailureHandler = defineHandler(
  "RecordScanFailure",
  z.object({
    execution: z.string().optional(),
    state: z
      .object({
        scanId: z.string().optional(),
        scan: z.object({ scanId: z.string().optional() }).passthrough().optional(),
        error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
      })
      .passthrough(),
  }),
  recordScanFailure,
);
export const handler = recordScanFailureHandler.handler;
