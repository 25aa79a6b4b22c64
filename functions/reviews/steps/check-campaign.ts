/**
 * CheckCampaign: the body of the Wait → Check → Choice loop. At the instant it is given (the one
 * the Wait waited for; in AWS the real time has just reached it, locally the Wait is skipped) it
 * sends the reminders and escalations due by then to reviewers with undecided items, and answers
 * what to do next: wait until the next reminder, escalation or the due date; close; or — only when
 * the run was asked to stop at an instant (`runUntil`, the local `--now`) — pause, to be resumed by
 * a later command. The answers depend on the instants alone, so a retried check repeats nothing.
 */
import type { LoadedConfig } from "../../config/load-config.ts";
import type { Instant } from "../../core/model.ts";
import {
  type CampaignTimeline,
  escalationTime,
  nextEventAfter,
  remindersDueBy,
} from "../../core/reviews/campaign-schedule.ts";
import { escalationTargetOf, type PacketRouting } from "../../core/reviews/decider.ts";
import { UNASSIGNED_REVIEWER } from "../../core/reviews/reviewer.ts";
import type { Reviewer, ReviewItem } from "../../core/reviews/types.ts";
import { toIso } from "../../core/time.ts";
import type { Campaign, ReviewerProgress } from "../../ports/reviews/review-store.ts";
import { auditEntryId } from "../../ports/state-store.ts";
import type { ScanDependencies } from "../../scan/scan-dependencies.ts";
import { groupByReviewer, readItemChunk } from "../campaign-items.ts";
import { openCampaign } from "../decide.ts";
import { deciderCandidates } from "../decider-roster.ts";
import { linkMakerFor, sendReviewEmail } from "../review-emails.ts";
import { reviewPortsOf } from "../review-ports.ts";

export interface CheckCampaignInput {
  campaignId: string;
  /** The instant to check at (ISO 8601). */
  at: string;
  /** Stop (pause) instead of waiting past this instant: the local runtime's `--now`. */
  runUntil?: string;
  /** Close at this instant even before the due date (`deprov review close`). */
  closeAt?: string;
}

export type CheckAction = "wait" | "close" | "pause" | "closed";

export interface CheckCampaignOutput {
  campaignId: string;
  action: CheckAction;
  at: string;
  /** When to check next (the Wait's timestamp). */
  waitUntil: string;
  reminders: number;
  escalations: number;
}

export async function checkCampaign(
  deps: ScanDependencies,
  input: CheckCampaignInput,
): Promise<CheckCampaignOutput> {
  const at = instant(input.at, "at");
  const runUntil = input.runUntil === undefined ? undefined : instant(input.runUntil, "runUntil");
  const closeAt = input.closeAt === undefined ? undefined : instant(input.closeAt, "closeAt");
  const campaign = await openCampaign(deps, input.campaignId);
  const output = (
    action: CheckAction,
    waitUntil: Instant,
    reminders = 0,
    escalations = 0,
  ): CheckCampaignOutput => ({
    campaignId: campaign.campaignId,
    action,
    at: toIso(at),
    waitUntil: toIso(waitUntil),
    reminders,
    escalations,
  });
  if (campaign.status === "closed") return output("closed", at);

  const timeline: CampaignTimeline = {
    startedAt: campaign.startedAt,
    dueAt: campaign.dueAt,
    zone: campaign.timezone,
    remindDaysBeforeDue: campaign.remindDaysBeforeDue,
    escalateAfterDays: campaign.escalateAfterDays,
  };
  const { reminders, escalations } = await remindAndEscalate(deps, campaign, timeline, at);
  await reviewPortsOf(deps).store.updateCampaign(campaign.campaignId, { lastCheckedAt: at });

  if (at >= campaign.dueAt || (closeAt !== undefined && at >= closeAt))
    return output("close", at, reminders, escalations);
  const next = Math.min(nextEventAfter(timeline, at), closeAt ?? Number.POSITIVE_INFINITY);
  const action = runUntil !== undefined && next > runUntil ? "pause" : "wait";
  return output(action, next, reminders, escalations);
}

async function remindAndEscalate(
  deps: ScanDependencies,
  campaign: Campaign,
  timeline: CampaignTimeline,
  at: Instant,
): Promise<{ reminders: number; escalations: number }> {
  const remindersDue = remindersDueBy(timeline, at);
  const escalateAt = escalationTime(timeline);
  const escalationDue = escalateAt !== undefined && escalateAt <= at;
  // At the start the reviewers were just chosen from the latest scan: nobody has left since.
  if (at <= campaign.startedAt) return { reminders: 0, escalations: 0 };

  const { store } = reviewPortsOf(deps);
  const waiting = (await store.listReviewers(campaign.campaignId)).filter(
    (r) => r.reviewerId !== UNASSIGNED_REVIEWER && r.items - r.kept - r.revoked > 0,
  );
  if (waiting.length === 0) return { reminders: 0, escalations: 0 };
  const config = await deps.loadConfig();
  // A reviewer who has left (by the latest scan's roster) is not reminded; their undecided items
  // escalate now, without waiting for the escalation day.
  const left = await reviewersWhoLeft(deps, config, waiting, at);
  const needsReminder = (r: ReviewerProgress) => !left.has(r.reviewerId) && r.remindersSent < remindersDue;
  const needsEscalation = (r: ReviewerProgress) =>
    (escalationDue || (left.has(r.reviewerId) && at < campaign.dueAt)) &&
    r.escalatedAt === undefined &&
    r.escalation !== undefined;
  for (const reviewer of waiting) {
    const leftAt = left.get(reviewer.reviewerId);
    if (leftAt !== undefined && reviewer.leftAt === undefined)
      await store.updateReviewer(campaign.campaignId, reviewer.reviewerId, { leftAt });
  }
  const due = waiting.filter((r) => needsReminder(r) || needsEscalation(r));
  if (due.length === 0) return { reminders: 0, escalations: 0 };

  const links = await linkMakerFor(deps, config, campaign, at);
  const decided = new Set((await store.listDecisions(campaign.campaignId)).map((d) => d.itemId));
  const chunkItems = new Map<number, Map<string, ReviewItem[]>>();
  const undecidedOf = async (reviewer: ReviewerProgress): Promise<ReviewItem[]> => {
    let byReviewer = chunkItems.get(reviewer.chunk);
    if (!byReviewer) {
      byReviewer = groupByReviewer(await readItemChunk(deps.blobStore, campaign, reviewer.chunk));
      chunkItems.set(reviewer.chunk, byReviewer);
    }
    return (byReviewer.get(reviewer.reviewerId) ?? []).filter((item) => !decided.has(item.itemId));
  };

  let reminders = 0;
  let escalations = 0;
  for (const reviewer of due) {
    const items = await undecidedOf(reviewer);
    if (items.length === 0) continue;
    if (needsReminder(reviewer)) {
      const outcome = await sendReviewEmail(deps, config, campaign, links, {
        kind: "reminder",
        reviewer,
        recipient: reviewer,
        items,
        reminder: remindersDue,
        at,
      });
      if (outcome === "failed") throw new ReviewEmailFailedError(`reminder to ${reviewer.reviewerId} failed`);
      await store.updateReviewer(campaign.campaignId, reviewer.reviewerId, {
        remindersSent: remindersDue,
        lastRemindedAt: at,
      });
      await audit(deps, campaign, "review.reminded", reviewer.reviewerId, at, {
        reminder: remindersDue,
        undecided: items.length,
        email: outcome,
      });
      reminders++;
    }
    if (needsEscalation(reviewer)) {
      const { byTarget, unescalated } = escalationGroups(reviewer, items);
      for (const { target, items: theirs } of byTarget) {
        const outcome = await sendReviewEmail(deps, config, campaign, links, {
          kind: "escalation",
          reviewer,
          recipient: target,
          items: theirs,
          at,
        });
        if (outcome === "failed")
          throw new ReviewEmailFailedError(`escalation of ${reviewer.reviewerId} failed`);
        await audit(
          deps,
          campaign,
          "review.escalated",
          reviewer.reviewerId,
          at,
          {
            to: target.reviewerId,
            undecided: theirs.length,
            ...(unescalated > 0 ? { unescalated } : {}),
            ...(left.has(reviewer.reviewerId) ? { why: "reviewer left" } : {}),
            email: outcome,
          },
          // The escalation target's entry keeps its id; the alternate's is its own.
          target.reviewerId === reviewer.escalation?.reviewerId ? "" : target.reviewerId,
        );
      }
      if (unescalated > 0) {
        deps.log(
          `campaign ${campaign.campaignId}: ${unescalated} undecided items of ${reviewer.reviewerId} have no one to escalate to but their own person; they stay with the reviewer`,
        );
        // In the trail even when nothing else went out; the entry's id makes a later check's repeat a no-op.
        if (byTarget.length === 0)
          await audit(deps, campaign, "review.not-escalated", reviewer.reviewerId, at, {
            unescalated,
            why: "only the escalation target's own access",
          });
      }
      // Nothing sent (every item was the target's own, with no one else to take it): the packet
      // is not marked escalated, so the status does not name a target that got nothing.
      if (byTarget.length > 0) {
        await store.updateReviewer(campaign.campaignId, reviewer.reviewerId, { escalatedAt: at });
        escalations++;
      }
    }
  }
  deps.log(
    `campaign ${campaign.campaignId} at ${toIso(at)}: ${reminders} reminders, ${escalations} escalations`,
  );
  return { reminders, escalations };
}

/** Reviewers with undecided items whom the latest scan's roster shows as gone by `at`. */
async function reviewersWhoLeft(
  deps: ScanDependencies,
  config: LoadedConfig,
  waiting: readonly ReviewerProgress[],
  at: Instant,
): Promise<ReadonlyMap<string, Instant>> {
  const ids = new Set(waiting.map((r) => r.reviewerId));
  const left = new Map<string, Instant>();
  for (const person of await deciderCandidates(deps, config, [])) {
    if (ids.has(person.employeeId) && person.leftAt !== undefined && person.leftAt <= at)
      left.set(person.employeeId, person.leftAt);
  }
  return left;
}

/**
 * A packet's undecided items by the one each escalates to (SPEC §7: nobody certifies their own
 * access, so the escalation target's own items go to the alternate), and how many have neither.
 */
export function escalationGroups(
  packet: PacketRouting,
  items: readonly ReviewItem[],
): { byTarget: { target: Reviewer; items: ReviewItem[] }[]; unescalated: number } {
  const groups = new Map<string, { target: Reviewer; items: ReviewItem[] }>();
  let unescalated = 0;
  for (const item of items) {
    const target = escalationTargetOf(packet, item);
    if (target === undefined) {
      unescalated++;
      continue;
    }
    const group = groups.get(target.reviewerId) ?? { target, items: [] };
    group.items.push(item);
    groups.set(target.reviewerId, group);
  }
  return { byTarget: [...groups.values()], unescalated };
}

/** A send failed (sendOnce audited it): the state retries; what was sent is not sent again. */
class ReviewEmailFailedError extends Error {
  override name = "TransientError";
}

function audit(
  deps: ScanDependencies,
  campaign: Campaign,
  kind: string,
  reviewerId: string,
  at: Instant,
  detail: Record<string, string | number>,
  idPart = "",
) {
  const parts = idPart === "" ? [] : [idPart];
  return deps.stateStore.appendAudit([
    {
      id: auditEntryId(campaign.campaignId, kind, reviewerId, String(detail.reminder ?? ""), ...parts),
      at,
      kind,
      actor: `review:${campaign.campaignId}`,
      subject: reviewerId,
      detail: { campaignId: campaign.campaignId, ...detail },
    },
  ]);
}

function instant(text: string, field: string): Instant {
  const ms = Date.parse(text);
  if (Number.isNaN(ms))
    throw new Error(`CheckCampaign: "${field}" must be an ISO 8601 instant, got "${text}"`);
  return ms;
}
