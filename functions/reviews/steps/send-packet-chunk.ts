/**
 * SendPacketChunk (one iteration of the SendPackets Map): emails each reviewer of one item chunk
 * their packet — the items to certify as HTML and CSV, with how to decide. Every email is sent
 * once (retries and resumed runs skip those already sent); a chunk whose packets all went out is
 * marked done, so a resumed campaign passes it with one read.
 */
import type { ReviewItem } from "../../core/reviews/types.ts";
import { auditEntryId } from "../../ports/state-store.ts";
import type { ScanDependencies } from "../../scan/scan-dependencies.ts";
import { groupByReviewer, readItemChunk } from "../campaign-items.ts";
import { openCampaign } from "../decide.ts";
import { linkMakerFor, type ReviewEmailOutcome, sendReviewEmail } from "../review-emails.ts";
import { reviewPortsOf } from "../review-ports.ts";

export interface SendPacketChunkInput {
  campaignId: string;
  chunk: number;
}

export type PacketCounts = Record<ReviewEmailOutcome, number>;

export interface SendPacketChunkOutput {
  campaignId: string;
  chunk: number;
  reviewers: number;
  counts: PacketCounts;
  /** The chunk was done by an earlier run. */
  skipped: boolean;
  durationMs: number;
}

/** Thrown after every reviewer of the chunk was tried, when some sends failed: the state retries. */
export class PacketsFailedError extends Error {
  override name = "TransientError";
}

export async function sendPacketChunk(
  deps: ScanDependencies,
  input: SendPacketChunkInput,
): Promise<SendPacketChunkOutput> {
  const started = performance.now();
  const marker = `packets:${input.chunk}`;
  const done = await deps.stateStore.getStep<{ counts: PacketCounts; reviewers: number }>(
    input.campaignId,
    marker,
  );
  if (done !== undefined)
    return { ...input, reviewers: done.reviewers, counts: done.counts, skipped: true, durationMs: 0 };

  const config = await deps.loadConfig();
  const campaign = await openCampaign(deps, input.campaignId);
  const reviewers = (await reviewPortsOf(deps).store.listReviewers(input.campaignId)).filter(
    (reviewer) => reviewer.chunk === input.chunk,
  );
  const itemsOf = groupByReviewer(await readItemChunk(deps.blobStore, campaign, input.chunk));
  const links = await linkMakerFor(deps, config, campaign, campaign.startedAt);
  const counts: PacketCounts = {
    sent: 0,
    written: 0,
    "already-sent": 0,
    "no-mailer": 0,
    "no-address": 0,
    failed: 0,
  };
  // One at a time: an SES account sends a few messages per second.
  for (const reviewer of reviewers) {
    const items: ReviewItem[] = itemsOf.get(reviewer.reviewerId) ?? [];
    const outcome = await sendReviewEmail(deps, config, campaign, links, {
      kind: "packet",
      reviewer,
      recipient: reviewer,
      items,
      at: campaign.startedAt,
    });
    counts[outcome]++;
  }
  if (counts.failed > 0)
    throw new PacketsFailedError(
      `campaign ${input.campaignId}: ${counts.failed} packets of chunk ${input.chunk} failed to send`,
    );
  await deps.stateStore.markStep(input.campaignId, marker, { counts, reviewers: reviewers.length });
  await deps.stateStore.appendAudit([
    {
      id: auditEntryId(input.campaignId, "review.packets-sent", String(input.chunk)),
      at: campaign.startedAt,
      kind: "review.packets-sent",
      actor: `review:${input.campaignId}`,
      subject: input.campaignId,
      detail: { chunk: input.chunk, reviewers: reviewers.length, ...counts },
    },
  ]);
  deps.log(
    `campaign ${input.campaignId}: packets of chunk ${input.chunk}: ${counts.sent} sent, ${counts["no-address"]} reviewers without a usable address`,
  );
  return {
    ...input,
    reviewers: reviewers.length,
    counts,
    skipped: false,
    durationMs: Math.round(performance.now() - started),
  };
}
