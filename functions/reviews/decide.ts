/**
 * Recording keep / revoke decisions, the same way from the command line and from a decision link:
 * only while the campaign is open, only on its own items, never by the person whose access it is,
 * and once per item (the first decision stands; repeating it is harmless). Each decision, and each
 * one refused because the campaign had closed, goes into the audit trail.
 */
import type { Instant } from "../core/model.ts";
import type { ReviewDecisionValue, ReviewItem } from "../core/reviews/types.ts";
import type { Campaign } from "../ports/reviews/review-store.ts";
import { auditEntryId } from "../ports/state-store.ts";
import type { ScanDependencies } from "../scan/scan-dependencies.ts";
import { readAllItems } from "./campaign-items.ts";
import { reviewPortsOf } from "./review-ports.ts";

export type RejectionReason = "unknown-campaign" | "closed" | "unknown-item" | "self-review";

export class DecisionRejectedError extends Error {
  constructor(
    message: string,
    readonly reason: RejectionReason,
  ) {
    super(message);
    this.name = "DecisionRejectedError";
  }
}

export interface DecideInput {
  campaignId: string;
  items: readonly ReviewItem[];
  decision: ReviewDecisionValue;
  /** Who decides: a reviewer id (links) or the name given on the command line. */
  by: string;
  reason?: string;
  at: Instant;
  via: string;
  /** Item ids asked for, when the items could not be read (a closed campaign): for the audit trail. */
  requestedItemIds?: readonly string[];
}

export type DecisionOutcome = "recorded" | "already-recorded" | "conflict";

export interface DecisionResult {
  itemId: string;
  outcome: DecisionOutcome;
  /** The decision that stands (for a conflict: the earlier one). */
  decision: ReviewDecisionValue;
  by: string;
  at: Instant;
}

export async function openCampaign(deps: ScanDependencies, campaignId: string): Promise<Campaign> {
  const campaign = await reviewPortsOf(deps).store.getCampaign(campaignId);
  if (!campaign) throw new DecisionRejectedError(`campaign ${campaignId} does not exist`, "unknown-campaign");
  return campaign;
}

/** The item of a campaign with this id (reading the item blobs). */
export async function findItem(
  deps: ScanDependencies,
  campaign: Campaign,
  itemId: string,
): Promise<ReviewItem> {
  const item = (await readAllItems(deps.blobStore, campaign)).find(
    (candidate) => candidate.itemId === itemId,
  );
  if (!item) {
    throw new DecisionRejectedError(
      `campaign ${campaign.campaignId} has no item "${itemId}" (list them with deprov review status --campaign ${campaign.campaignId} --json)`,
      "unknown-item",
    );
  }
  return item;
}

export async function recordDecisions(deps: ScanDependencies, input: DecideInput): Promise<DecisionResult[]> {
  const { store } = reviewPortsOf(deps);
  // Read afresh: the close may have happened since the caller looked.
  const campaign = await openCampaign(deps, input.campaignId);
  if (campaign.status !== "open") {
    await deps.stateStore.appendAudit([
      {
        id: auditEntryId(input.campaignId, "review.decision-rejected", input.by, String(input.at), input.via),
        at: input.at,
        kind: "review.decision-rejected",
        actor: `user:${input.by}`,
        subject: input.campaignId,
        detail: {
          reason: "campaign closed",
          closedAt: campaign.closedAt === undefined ? null : new Date(campaign.closedAt).toISOString(),
          items: input.items.length || (input.requestedItemIds?.length ?? 0),
          firstItem: input.items[0]?.itemId ?? input.requestedItemIds?.[0] ?? null,
          via: input.via,
        },
      },
    ]);
    throw new DecisionRejectedError(
      `campaign ${input.campaignId} closed on ${new Date(campaign.closedAt ?? input.at).toISOString()}; decisions are no longer accepted`,
      "closed",
    );
  }
  for (const item of input.items) {
    if (isSelf(item, input.by)) {
      throw new DecisionRejectedError(
        `${input.by} cannot certify their own access (item ${item.itemId}); it goes to their reviewer`,
        "self-review",
      );
    }
  }
  const results: DecisionResult[] = [];
  for (const item of input.items) {
    const { created, stored } = await store.recordDecision({
      campaignId: input.campaignId,
      itemId: item.itemId,
      decision: input.decision,
      by: input.by,
      at: input.at,
      ...(input.reason !== undefined && input.reason !== "" ? { reason: input.reason } : {}),
      via: input.via,
      reviewerId: item.reviewerId,
    });
    const outcome: DecisionOutcome = created
      ? "recorded"
      : stored.decision === input.decision
        ? "already-recorded"
        : "conflict";
    results.push({ itemId: item.itemId, outcome, decision: stored.decision, by: stored.by, at: stored.at });
  }
  const recorded = input.items.filter((_, i) => results[i]?.outcome === "recorded");
  await deps.stateStore.appendAudit(
    recorded.map((item) => ({
      id: auditEntryId(input.campaignId, "review.decided", item.itemId),
      at: input.at,
      kind: "review.decided",
      actor: `user:${input.by}`,
      subject: item.itemId,
      detail: {
        campaignId: input.campaignId,
        decision: input.decision,
        reason: input.reason ?? null,
        via: input.via,
        reviewerId: item.reviewerId,
        personId: item.person.employeeId,
      },
    })),
  );
  return results;
}

/** The person whose access it is, by employee id, email or name (case-insensitive). */
function isSelf(item: ReviewItem, by: string): boolean {
  const who = by.trim().toLowerCase();
  const { employeeId, email, name } = item.person;
  return [employeeId, email, name].some((value) => value !== undefined && value.toLowerCase() === who);
}
