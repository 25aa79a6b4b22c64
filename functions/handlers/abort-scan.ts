/** Lambda: AbortScan (a guard rail stopped the scan before any finding changed). */
import { z } from "zod";
import { abortScan } from "../scan/steps/finish-scan.ts";
import { defineHandler } from "./define-handler.ts";

export const abortScanHandler = defineHandler(
  "AbortScan",
  z.object({ scanId: z.string().min(1), reason: z.string(), execution: z.string().min(1).optional() }),
  abortScan,
);
export const handler = abortScanHandler.handler;
