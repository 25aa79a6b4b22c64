/**
 * CheckCampaign: the body of the Wait → Check → Choice loop. At the instant it is given (the one
 * the Wait waited for; in AWS the real time has just reached it, locally the Wait is skipped) it
 * sends the reminders and escalations due by then to reviewers with undecided items, and answers
 * what to do next: wait until the next reminder, escalation or the due date; close; or — only when
 * the run was asked to stop at an instant (`runUntil`, the local `--now`) — pause, to be resumed by
 * a later command. The answers depend on the instants alone, so a retried check repeats nothing.
 */
import type { Instant } from "../../core/model.ts";
import {
  type CampaignTimeline,
  escalationTime,
  nextEventAfter,
  remindersDueBy,
} from "../../core/reviews/campaign-schedule.ts";
import { UNASSIGNED_REVIEWER } from "../../core/reviews/reviewer.ts";
import type { ReviewItem } from "../../core/reviews/types.ts";
import { toIso } from "../../core/time.ts";
import type { Campaign, ReviewerProgress } from "../../ports/reviews/review-store.ts";
import { auditEntryId } from "../../ports/state-store.ts";
import type { ScanDependencies } from "../../scan/scan-dependencies.ts";
import { groupByReviewer, readItemChunk } from "../campaign-items.ts";
import { openCampaign } from "../decide.ts";
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
  if (remindersDue === 0 && !escalationDue) return { reminders: 0, escalations: 0 };

  const { store } = reviewPortsOf(deps);
  const waiting = (await store.listReviewers(campaign.campaignId)).filter(
    (r) => r.reviewerId !== UNASSIGNED_REVIEWER && r.items - r.kept - r.revoked > 0,
  );
  const needsReminder = (r: ReviewerProgress) => r.remindersSent < remindersDue;
  const needsEscalation = (r: ReviewerProgress) =>
    escalationDue && r.escalatedAt === undefined && r.escalation !== undefined;
  const due = waiting.filter((r) => needsReminder(r) || needsEscalation(r));
  if (due.length === 0) return { reminders: 0, escalations: 0 };

  const config = await deps.loadConfig();
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
    if (needsEscalation(reviewer) && reviewer.escalation) {
      const outcome = await sendReviewEmail(deps, config, campaign, links, {
        kind: "escalation",
        reviewer,
        recipient: reviewer.escalation,
        items,
        at,
      });
      if (outcome === "failed")
        throw new ReviewEmailFailedError(`escalation of ${reviewer.reviewerId} failed`);
      await store.updateReviewer(campaign.campaignId, reviewer.reviewerId, { escalatedAt: at });
      await audit(deps, campaign, "review.escalated", reviewer.reviewerId, at, {
        to: reviewer.escalation.reviewerId,
        undecided: items.length,
        email: outcome,
      });
      escalations++;
    }
  }
  deps.log(
    `campaign ${campaign.campaignId} at ${toIso(at)}: ${reminders} reminders, ${escalations} escalations`,
  );
  return { reminders, escalations };
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
) {
  return deps.stateStore.appendAudit([
    {
      id: auditEntryId(campaign.campaignId, kind, reviewerId, String(detail.reminder ?? "")),
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
