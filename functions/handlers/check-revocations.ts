/** Lambda: CheckRevocations (nightly scan: evidence that access revoked in a review is gone). */
import { z } from "zod";
import { checkRevocations } from "../reviews/steps/check-revocations.ts";
import { defineHandler } from "./define-handler.ts";

export const checkRevocationsHandler = defineHandler(
  "CheckRevocations",
  z.object({ scanId: z.string().min(1) }),
  checkRevocations,
);
export const handler = checkRevocationsHandler.handler;
