/** Lambda: CheckGuardRails. */
import { z } from "zod";
import { checkGuardRails } from "../scan/steps/check-guard-rails.ts";
import { defineHandler } from "./define-handler.ts";

export const checkGuardRailsHandler = defineHandler(
  "CheckGuardRails",
  z.object({
    scanId: z.string().min(1),
    collected: z.array(
      z.object({
        sourceId: z.string(),
        status: z.string(),
        records: z.number().int().nonnegative(),
        rejected: z.number().int().nonnegative().optional(),
      }),
    ),
  }),
  checkGuardRails,
);
export const handler = checkGuardRailsHandler.handler;
