/**
 * StartCampaign: draws the items from the latest successful scan's stored data (its snapshots,
 * parsed again with the same parsers, correlated as the scan did), assigns each to a reviewer,
 * writes them as blobs and one progress row per reviewer, and records the campaign last — so a
 * retry after a crash writes the same blobs and rows again and then the one record. Starting a
 * campaign that exists returns it, with the instant its checks had reached (a resumed run).
 */
import { buildScanContext } from "../../core/build-context.ts";
import type { Instant } from "../../core/model.ts";
import { collectReviewItems } from "../../core/reviews/review-items.ts";
import { UNASSIGNED_REVIEWER } from "../../core/reviews/reviewer.ts";
import { isoDateInZone, plusDays, startOfNextDay, toIso } from "../../core/time.ts";
import { timeParserFor } from "../../fast/iso-time-parser.ts";
import type { Campaign, ReviewerProgress } from "../../ports/reviews/review-store.ts";
import { auditEntryId } from "../../ports/state-store.ts";
import { loadCollected } from "../../scan/load-collected.ts";
import { readIdentityMap } from "../../scan/load-identity-map.ts";
import { scanInputsFor } from "../../scan/run-scan.ts";
import type { ScanDependencies } from "../../scan/scan-dependencies.ts";
import { campaignIdFor, writeItemChunks } from "../campaign-items.ts";
import { reviewerAddressPolicy } from "../review-emails.ts";
import { reviewPortsOf } from "../review-ports.ts";

export interface StartCampaignInput {
  campaignId?: string;
  name?: string;
  /** Due date `YYYY-MM-DD` (through the end of that day in the org's zone) or an instant. */
  due?: string;
  /** The campaign's evaluation instant (ISO 8601); else the scheduled time, else now. */
  now?: string;
  scheduledTime?: string;
  trigger?: string;
  startedBy?: string;
}

export interface StartCampaignOutput {
  campaignId: string;
  status: Campaign["status"];
  created: boolean;
  startedAt: string;
  dueAt: string;
  items: number;
  reviewers: number;
  unassignedItems: number;
  /** One entry per item chunk: the SendPackets Map's items. */
  chunks: { chunk: number }[];
  /** Where the checks continue from: the last instant looked at, else the start. */
  resumeAt: string;
  durationMs: number;
}

/** Thrown when there is nothing to review yet: no scan has succeeded. */
export class NoScanToReviewError extends Error {
  override name = "NoScanToReviewError";
}

export class InvalidCampaignInputError extends Error {
  override name = "InvalidCampaignInputError";
}

export async function startCampaign(
  deps: ScanDependencies,
  input: StartCampaignInput,
): Promise<StartCampaignOutput> {
  const started = performance.now();
  const { store } = reviewPortsOf(deps);
  const config = await deps.loadConfig();
  const nowText = input.now ?? input.scheduledTime;
  const startedAt = nowText === undefined ? Date.now() : Date.parse(nowText);
  if (Number.isNaN(startedAt))
    throw new InvalidCampaignInputError(`StartCampaign: "now" must be an ISO 8601 instant, got "${nowText}"`);
  const name = input.name ?? `Access review ${isoDateInZone(startedAt, config.timezone)}`;
  const campaignId = input.campaignId ?? campaignIdFor(config.organization, name, startedAt);

  const existing = await store.getCampaign(campaignId);
  if (existing) return outputOf(existing, false, started);

  const dueAt = dueInstant(input.due, startedAt, config.timezone, config.reviews.dueDays);
  const latest = await deps.stateStore.latestSuccessfulScan();
  if (!latest)
    throw new NoScanToReviewError("no scan has succeeded yet: run a scan first, then start the campaign");
  const collected = await loadCollected(
    deps,
    config,
    latest.scanId,
    new Set(["roster", "accounts", "assets"]),
  );
  const roster = collected.find((c) => c.info.kind === "roster");
  if (roster?.records?.kind !== "roster")
    throw new Error(`StartCampaign: scan ${latest.scanId} has no collected roster`);
  const identityMap = await readIdentityMap(deps.readConfigFile, config);
  const context = buildScanContext(
    scanInputsFor(config, collected, roster.records.records, identityMap.entries, startedAt),
  );
  const drawn = collectReviewItems(context, {
    ...(config.reviews.fallbackReviewer !== undefined
      ? { fallbackReviewer: config.reviews.fallbackReviewer }
      : {}),
    mayReceive: reviewerAddressPolicy(config.emailDomains),
  });
  const { chunks, chunkOf } = await writeItemChunks(deps.blobStore, campaignId, drawn.items);

  const counts = new Map<string, number>();
  // Whose access each packet holds: an escalation must not hand anyone their own.
  const subjects = new Map<string, Set<string>>();
  for (const item of drawn.items) {
    counts.set(item.reviewerId, (counts.get(item.reviewerId) ?? 0) + 1);
    const ids = subjects.get(item.reviewerId) ?? new Set<string>();
    ids.add(item.person.employeeId);
    subjects.set(item.reviewerId, ids);
  }
  const reviewers: ReviewerProgress[] = [...counts].map(([reviewerId, items]) => {
    const reviewer = drawn.reviewers.get(reviewerId);
    const escalation =
      reviewerId === UNASSIGNED_REVIEWER ? undefined : drawn.resolver.escalationFor(reviewerId);
    const escalationAlternate =
      escalation !== undefined && subjects.get(reviewerId)?.has(escalation.reviewerId)
        ? drawn.resolver.escalationAlternateFor(reviewerId, escalation)
        : undefined;
    return {
      campaignId,
      reviewerId,
      ...(reviewer?.name !== undefined ? { name: reviewer.name } : {}),
      ...(reviewer?.email !== undefined ? { email: reviewer.email } : {}),
      ...(reviewer?.managerId !== undefined ? { managerId: reviewer.managerId } : {}),
      route: reviewer?.route ?? "fallback",
      chunk: chunkOf.get(reviewerId) ?? 0,
      items,
      kept: 0,
      revoked: 0,
      remindersSent: 0,
      ...(escalation !== undefined ? { escalation } : {}),
      ...(escalationAlternate !== undefined ? { escalationAlternate } : {}),
    };
  });
  await store.putReviewers(reviewers);

  const campaign: Campaign = {
    campaignId,
    name,
    status: "open",
    organization: config.organization,
    timezone: config.timezone,
    startedAt,
    dueAt,
    startedBy: input.startedBy === undefined ? (input.trigger ?? "manual") : `user:${input.startedBy}`,
    scanId: latest.scanId,
    items: drawn.items.length,
    reviewers: reviewers.length,
    unassignedItems: counts.get(UNASSIGNED_REVIEWER) ?? 0,
    chunks,
    skippedSources: drawn.skippedSources,
    remindDaysBeforeDue: config.reviews.remindDaysBeforeDue,
    escalateAfterDays: config.reviews.escalateAfterDays,
    undecidedAsRevoke: config.reviews.undecidedAsRevoke,
    revokeWithinDays: config.reviews.revokeWithinDays,
  };
  const { campaign: stored, created } = await store.createCampaign(campaign);
  if (created) {
    await deps.stateStore.appendAudit([
      {
        id: auditEntryId(campaignId, "review.started"),
        at: startedAt,
        kind: "review.started",
        actor: campaign.startedBy,
        subject: campaignId,
        detail: {
          name,
          scanId: latest.scanId,
          items: campaign.items,
          reviewers: campaign.reviewers,
          unassignedItems: campaign.unassignedItems,
          dueAt: toIso(dueAt),
          skippedSources: drawn.skippedSources,
          itemChunks: chunks.map((chunk) => ({ key: chunk.key, sha256: chunk.sha256 })),
        },
      },
    ]);
  }
  deps.log(
    `campaign ${campaignId}: ${campaign.items} items for ${campaign.reviewers} reviewers from scan ${latest.scanId}` +
      (campaign.unassignedItems > 0 ? `; ${campaign.unassignedItems} items without a reviewer` : ""),
  );
  return outputOf(stored, created, started);
}

/** `--due`: a date runs through the end of that day in the org's zone; default: `dueDays` from the start. */
export function dueInstant(
  due: string | undefined,
  startedAt: Instant,
  zone: string,
  dueDays: number,
): Instant {
  let dueAt: Instant | undefined;
  if (due === undefined) {
    dueAt = startOfNextDay(isoDateInZone(plusDays(startedAt, dueDays, zone), zone), zone);
  } else if (/^\d{4}-\d{2}-\d{2}$/.test(due)) {
    const date = timeParserFor(zone).date(due);
    dueAt = date === undefined ? undefined : startOfNextDay(date, zone);
  } else if (/(Z|z|[+-]\d{2}:?\d{2})$/.test(due)) {
    dueAt = timeParserFor(zone).instant(due);
  }
  if (dueAt === undefined)
    throw new InvalidCampaignInputError(
      `--due: expected a date YYYY-MM-DD or an ISO 8601 instant with offset, got "${due}"`,
    );
  if (dueAt <= startedAt)
    throw new InvalidCampaignInputError(
      `--due: "${due}" is not after the campaign's start (${toIso(startedAt)})`,
    );
  return dueAt;
}

function outputOf(campaign: Campaign, created: boolean, started: number): StartCampaignOutput {
  return {
    campaignId: campaign.campaignId,
    status: campaign.status,
    created,
    startedAt: toIso(campaign.startedAt),
    dueAt: toIso(campaign.dueAt),
    items: campaign.items,
    reviewers: campaign.reviewers,
    unassignedItems: campaign.unassignedItems,
    chunks: campaign.chunks.map((_, chunk) => ({ chunk })),
    resumeAt: toIso(campaign.lastCheckedAt ?? campaign.startedAt),
    durationMs: Math.round(performance.now() - started),
  };
}
