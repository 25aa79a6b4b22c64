/**
 * The access-review handlers: the four the review state machine calls (placeholders in
 * statemachines/access-review.asl.json) and the decision page behind its function URL. Same row
 * shape and grants as the nightly scan's catalogue.
 */
import type { HandlerSpec } from "./handler-catalogue.ts";

export const REVIEW_HANDLER_CATALOGUE: readonly HandlerSpec[] = [
  {
    name: "start-campaign",
    entry: "functions/handlers/start-campaign.ts",
    placeholder: "StartCampaignFunctionArn",
    description: "Draws a campaign's items from the latest scan's snapshots and assigns reviewers.",
    memoryMb: 3008,
    timeoutSeconds: 600,
    grants: ["state:read", "state:write", "audit:append", "blobs:read", "blobs:write:review-items"],
  },
  {
    name: "send-packet-chunk",
    entry: "functions/handlers/send-packet-chunk.ts",
    placeholder: "SendPacketChunkFunctionArn",
    description: "Emails one chunk of reviewers their packet (HTML + CSV, signed decision links).",
    memoryMb: 1024,
    timeoutSeconds: 600,
    grants: [
      "state:read",
      "state:write",
      "audit:append",
      "blobs:read",
      "mail:send",
      "secrets:read-source-credentials",
    ],
  },
  {
    name: "check-campaign",
    entry: "functions/handlers/check-campaign.ts",
    placeholder: "CheckCampaignFunctionArn",
    description: "Sends the reminders and escalations due, and says when to check again or close.",
    memoryMb: 1024,
    timeoutSeconds: 600,
    grants: [
      "state:read",
      "state:write",
      "audit:append",
      "blobs:read",
      "mail:send",
      "secrets:read-source-credentials",
    ],
  },
  {
    name: "close-campaign",
    entry: "functions/handlers/close-campaign.ts",
    placeholder: "CloseCampaignFunctionArn",
    description: "Closes a campaign: revocations become remediation tasks; writes and emails the report.",
    memoryMb: 2048,
    timeoutSeconds: 600,
    grants: [
      "state:read",
      "state:write",
      "audit:append",
      "blobs:read",
      "blobs:write:review-tasks",
      "blobs:write:review-reports",
      "mail:send",
      "secrets:read-source-credentials",
    ],
  },
];

/** Behind the function URL, not in the state machine: no placeholder is substituted for it. */
export const DECISION_HANDLER: HandlerSpec = {
  name: "decide-review-item",
  entry: "functions/handlers/decide-review-item.ts",
  placeholder: "DecideReviewItemFunctionArn",
  description: "The decision page behind signed review links: shows the form, records the decision once.",
  memoryMb: 512,
  timeoutSeconds: 30,
  grants: ["state:read", "state:write", "audit:append", "blobs:read", "secrets:read-source-credentials"],
};
