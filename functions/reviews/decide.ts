/**
 * Recording keep / revoke decisions, the same way from the command line and from a decision link:
 * only while the campaign is open and within its window (from its start to its due date), only on
 * its own items, only by the item's reviewer or (once escalated) its escalation target, never by
 * the person whose access it is or by someone who had left, and once per item (the first decision
 * stands; repeating it is harmless). Each decision, and each refused one, goes into the audit trail.
 */
import type { Instant } from "../core/model.ts";
import { withinWindow } from "../core/reviews/campaign-schedule.ts";
import {
  type DecisionRefusal,
  decidersOf,
  decisionRefusal,
  type PacketRouting,
} from "../core/reviews/decider.ts";
import type { ReviewDecisionValue, ReviewItem } from "../core/reviews/types.ts";
import type { Campaign } from "../ports/reviews/review-store.ts";
import { auditEntryId } from "../ports/state-store.ts";
import type { ScanDependencies } from "../scan/scan-dependencies.ts";
import { readAllItems } from "./campaign-items.ts";
import { reviewPortsOf } from "./review-ports.ts";

export type RejectionReason =
  | "unknown-campaign"
  | "closed"
  | "unknown-item"
  | "unknown-decider"
  | "outside-window"
  | DecisionRefusal;

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
  /** Who decides, resolved: an employee id, or a reviewer that is a team address. */
  by: string;
  /** The decider's address, to recognise a team address that is also the item's person. */
  byEmail?: string;
  /** When the decider left, if the roster says so (the command line reads it; links are issued to reviewers). */
  byLeftAt?: Instant;
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
    await auditRejection(deps, input, "campaign closed", {
      closedAt: campaign.closedAt === undefined ? null : new Date(campaign.closedAt).toISOString(),
    });
    throw new DecisionRejectedError(
      `campaign ${input.campaignId} closed on ${new Date(campaign.closedAt ?? input.at).toISOString()}; decisions are no longer accepted`,
      "closed",
    );
  }
  if (!withinWindow(campaign, input.at)) {
    await auditRejection(deps, input, "outside the campaign", {});
    throw new DecisionRejectedError(
      `campaign ${input.campaignId} takes decisions from ${new Date(campaign.startedAt).toISOString()} until ${new Date(campaign.dueAt).toISOString()}; ${new Date(input.at).toISOString()} is outside it`,
      "outside-window",
    );
  }
  // A link's items are one packet: its row is read once, not once per item.
  const packets = new Map<string, PacketRouting>();
  for (const item of input.items) {
    let packet = packets.get(item.reviewerId);
    if (packet === undefined) {
      packet = (await store.getReviewer(input.campaignId, item.reviewerId)) ?? {
        reviewerId: item.reviewerId,
      };
      packets.set(item.reviewerId, packet);
    }
    const decider = {
      id: input.by,
      ...(input.byEmail !== undefined ? { email: input.byEmail } : {}),
      ...(input.byLeftAt !== undefined ? { leftAt: input.byLeftAt } : {}),
    };
    const refusal = decisionRefusal(item, packet, decider, input.at);
    if (refusal === undefined) continue;
    await auditRejection(deps, input, refusal, { itemId: item.itemId, reviewerId: item.reviewerId });
    throw new DecisionRejectedError(
      refusalMessage(refusal, input, item, decidersOf(packet, item, input.at)),
      refusal,
    );
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

function refusalMessage(
  refusal: DecisionRefusal,
  input: DecideInput,
  item: ReviewItem,
  deciders: readonly string[],
): string {
  const others = deciders.filter((id) => id !== input.by);
  const who =
    others.length === 0
      ? "no one else until it escalates (else it is reported at the close)"
      : others.join(" or ");
  if (refusal === "self-review")
    return `${input.by} cannot certify their own access (item ${item.itemId}); it is decided by ${who}`;
  if (refusal === "departed")
    return `${input.by} had left by ${new Date(input.at).toISOString()} and cannot decide (item ${item.itemId}); it is decided by ${who}`;
  return `${input.by} is not the reviewer of item ${item.itemId}; it is decided by ${who}`;
}

/**
 * A refused attempt, in the trail with the ids it already carries (the decider as given to
 * recordDecisions, the item and its reviewer), so that repeated tries are visible to an auditor.
 */
async function auditRejection(
  deps: ScanDependencies,
  input: DecideInput,
  reason: string,
  extra: Record<string, string | null>,
): Promise<void> {
  // The closed campaign's entry keeps the id it always had; other reasons are told apart.
  const parts = reason === "campaign closed" ? [] : [reason];
  await deps.stateStore.appendAudit([
    {
      id: auditEntryId(
        input.campaignId,
        "review.decision-rejected",
        input.by,
        String(input.at),
        input.via,
        ...parts,
      ),
      at: input.at,
      kind: "review.decision-rejected",
      actor: `user:${input.by}`,
      subject: input.campaignId,
      detail: {
        reason,
        ...extra,
        items: input.items.length || (input.requestedItemIds?.length ?? 0),
        firstItem: input.items[0]?.itemId ?? input.requestedItemIds?.[0] ?? null,
        via: input.via,
      },
    },
  ]);
}

/**
 * `--by` named no one (or several people) on the roster: refused and audited. What was typed is
 * left out of the trail: it may be a name or an address, and the trail carries ids.
 */
export async function refuseUnknownDecider(
  deps: ScanDependencies,
  input: { campaignId: string; itemId: string; at: Instant; via: string },
  why: string,
  deciders: readonly string[],
): Promise<never> {
  await deps.stateStore.appendAudit([
    {
      id: auditEntryId(
        input.campaignId,
        "review.decision-rejected",
        "unknown-decider",
        String(input.at),
        input.itemId,
      ),
      at: input.at,
      kind: "review.decision-rejected",
      actor: "user:unknown",
      subject: input.campaignId,
      detail: { reason: "unknown decider", items: 1, firstItem: input.itemId, via: input.via },
    },
  ]);
  const who = deciders.length === 0 ? "no one (it is reported at the close)" : deciders.join(" or ");
  throw new DecisionRejectedError(
    `--by ${why}; give the decider's employee id or work email (item ${input.itemId} is decided by ${who})`,
    "unknown-decider",
  );
}
