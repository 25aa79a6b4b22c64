/** Lambda: StartScan. */
import { z } from "zod";
import { startScan } from "../scan/steps/start-scan.ts";
import { defineHandler } from "./define-handler.ts";

/** What the scan is asked to do: the execution's input. */
const startRequest = z.object({
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
});

export const startScanHandler = defineHandler(
  "StartScan",
  // The state passes the execution's id beside its input: the execution holds the scan lock.
  z
    .object({ execution: z.string().min(1), request: startRequest })
    .transform(({ execution, request }) => ({ ...request, execution })),
  startScan,
);
export const handler = startScanHandler.handler;
