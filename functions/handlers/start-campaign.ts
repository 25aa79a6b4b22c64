/** Lambda: StartCampaign (access review). */
import { z } from "zod";
import { startCampaign } from "../reviews/steps/start-campaign.ts";
import { defineHandler } from "./define-handler.ts";

export const startCampaignHandler = defineHandler(
  "StartCampaign",
  z.object({
    campaignId: z.string().min(1).optional(),
    name: z.string().min(1).max(200).optional(),
    due: z.string().min(1).optional(),
    now: z.string().min(1).optional(),
    scheduledTime: z.string().min(1).optional(),
    trigger: z.string().min(1).optional(),
    startedBy: z.string().min(1).optional(),
  }),
  startCampaign,
);
export const handler = startCampaignHandler.handler;
