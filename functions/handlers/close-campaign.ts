/** Lambda: CloseCampaign (access review: tasks, report). */
import { z } from "zod";
import { closeCampaign } from "../reviews/steps/close-campaign.ts";
import { defineHandler } from "./define-handler.ts";

export const closeCampaignHandler = defineHandler(
  "CloseCampaign",
  z
    .object({
      campaignId: z.string().min(1),
      at: z.string().min(1),
      /** The execution's input: `closedBy` when a person closed it. */
      execution: z.object({ closedBy: z.string().min(1).optional() }).default({}),
    })
    .transform(({ campaignId, at, execution }) => ({
      campaignId,
      at,
      ...(execution.closedBy !== undefined ? { closedBy: `user:${execution.closedBy}` } : {}),
    })),
  closeCampaign,
);
export const handler = closeCampaignHandler.handler;
