/** Lambda: StartScan. */
import { z } from "zod";
import { startScan } from "../scan/steps/start-scan.ts";
import { defineHandler } from "./define-handler.ts";

export const startScanHandler = defineHandler(
  "StartScan",
  z.object({
    scanId: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,100}$/)
      .optional(),
    now: z.string().optional(),
    trigger: z.string().max(50).optional(),
    scheduledTime: z.string().optional(),
    acceptRosterChange: z
      .object({ by: z.string().min(1).max(200), reason: z.string().min(1).max(2000) })
      .optional(),
    acceptSourceChanges: z
      .array(
        z.object({
          sourceId: z.string().min(1).max(64),
          by: z.string().min(1).max(200),
          reason: z.string().min(1).max(2000),
        }),
      )
      .max(100)
      .optional(),
  }),
  startScan,
);
export const handler = startScanHandler.handler;
