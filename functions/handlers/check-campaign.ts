/** Lambda: CheckCampaign (access review: reminders, escalations, what next). */
import { z } from "zod";
import { checkCampaign } from "../reviews/steps/check-campaign.ts";
import { defineHandler } from "./define-handler.ts";

export const checkCampaignHandler = defineHandler(
  "CheckCampaign",
  z
    .object({
      campaignId: z.string().min(1),
      at: z.string().min(1),
      /** The execution's input: `runUntil` and `closeAt` when a command asked for them. */
      execution: z
        .object({ runUntil: z.string().min(1).optional(), closeAt: z.string().min(1).optional() })
        .default({}),
    })
    .transform(({ campaignId, at, execution }) => ({ campaignId, at, ...execution })),
  checkCampaign,
);
export const handler = checkCampaignHandler.handler;
