/** Lambda: PlanManagerDigests. */
import { z } from "zod";
import { planManagerDigests } from "../scan/steps/plan-manager-digests.ts";
import { defineHandler } from "./define-handler.ts";

export const planManagerDigestsHandler = defineHandler(
  "PlanManagerDigests",
  z.object({ scanId: z.string().min(1) }),
  planManagerDigests,
);
export const handler = planManagerDigestsHandler.handler;
