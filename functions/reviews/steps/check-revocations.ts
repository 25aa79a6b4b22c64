/**
 * CheckRevocations (a state of the nightly scan, after PersistFindings): for each closed campaign
 * with revocations not yet confirmed, looks at this scan's data for every revoked item and records
 * when the access was actually gone. Only sources this scan collected successfully count: a failed
 * source proves nothing, and its items stay pending. Revocations still present past their due date
 * are flagged in a digest to the reviewer who revoked them and to compliance (each set once); a
 * campaign's remediation task closes when all its access is confirmed gone; the campaign report is
 * written again with the evidence. With no campaign awaiting evidence it costs one query.
 */
import { renderOverdueRevocations } from "../../../reports/reviews/overdue-revocations-email.ts";
import type { LoadedConfig } from "../../config/load-config.ts";
import { subjectKey } from "../../core/held-subjects.ts";
import type { Account, Asset, Instant } from "../../core/model.ts";
import { revocationEvidence } from "../../core/reviews/revocation-evidence.ts";
import type { ReviewItem } from "../../core/reviews/types.ts";
import { toIso } from "../../core/time.ts";
import type { Campaign, RevocationEvidence } from "../../ports/reviews/review-store.ts";
import { auditEntryId } from "../../ports/state-store.ts";
import { createTaskSink } from "../../ports/tasks/create-task-sink.ts";
import type { SourceSummaryBlob } from "../../scan/contract/source-summary-blob.ts";
import { loadSummaries, snapshotRecords } from "../../scan/load-collected.ts";
import { alertRecipients, type ScanDependencies } from "../../scan/scan-dependencies.ts";
import { sendOnce } from "../../scan/send-once.ts";
import { linkIdFor } from "../decision-link.ts";
import {
  type CampaignState,
  evidenceState,
  isRevocation,
  loadCampaignState,
  publishCampaignReport,
  revokeDueAt,
} from "../publish-campaign-report.ts";
import { reviewerAddressPolicy } from "../review-emails.ts";

export interface CheckRevocationsInput {
  scanId: string;
}

export interface CheckRevocationsOutput {
  scanId: string;
  campaigns: number;
  confirmed: number;
  pending: number;
  overdue: number;
  tasksClosed: number;
  durationMs: number;
}

interface SourceIndex {
  accounts: Map<string, Account>;
  assets: Map<string, Asset>;
  /** Subjects the source cannot vouch for (a rejected record whose id was readable): their absence proves nothing. */
  held: ReadonlySet<string>;
}

export async function checkRevocations(
  deps: ScanDependencies,
  input: CheckRevocationsInput,
): Promise<CheckRevocationsOutput> {
  const started = performance.now();
  const totals = { campaigns: 0, confirmed: 0, pending: 0, overdue: 0, tasksClosed: 0 };
  const done = () => ({
    scanId: input.scanId,
    ...totals,
    durationMs: Math.round(performance.now() - started),
  });
  if (!deps.reviews) return done();
  const awaiting = (await deps.reviews.store.listCampaigns()).filter(
    (c) => c.status === "closed" && c.close !== undefined && (c.evidence?.pending ?? 0) > 0,
  );
  if (awaiting.length === 0) return done();

  const config = await deps.loadConfig();
  const run = await deps.stateStore.getScanRun(input.scanId);
  if (!run) throw new Error(`CheckRevocations: scan ${input.scanId} was never started`);
  const summaries = new Map((await loadSummaries(deps, config, input.scanId)).map((s) => [s.info.id, s]));
  const indexes = new Map<string, SourceIndex | undefined>();
  try {
    for (const campaign of awaiting) {
      const state = await loadCampaignState(deps, campaign);
      const outcome = await checkCampaignEvidence(
        deps,
        config,
        state,
        input.scanId,
        run.evaluatedAt,
        async (sourceId) => {
          if (!indexes.has(sourceId))
            indexes.set(sourceId, await indexSource(deps, config, summaries.get(sourceId)));
          return indexes.get(sourceId);
        },
      );
      totals.campaigns++;
      totals.confirmed += outcome.confirmed;
      totals.pending += outcome.pending;
      totals.overdue += outcome.overdue;
      totals.tasksClosed += outcome.tasksClosed;
    }
  } finally {
    // The parsed exports are this step's alone: drop them before the report's allocations.
    for (const summary of summaries.values())
      if (summary.snapshotKey) deps.memory.delete(summary.snapshotKey);
  }
  deps.log(
    `access-review revocations: ${totals.confirmed} newly confirmed gone, ${totals.pending} still present (${totals.overdue} past due) in ${totals.campaigns} campaigns`,
  );
  return done();
}

async function checkCampaignEvidence(
  deps: ScanDependencies,
  config: LoadedConfig,
  state: CampaignState,
  scanId: string,
  evaluatedAt: Instant,
  sourceIndex: (sourceId: string) => Promise<SourceIndex | undefined>,
): Promise<{ confirmed: number; pending: number; overdue: number; tasksClosed: number }> {
  const { campaign } = state;
  const pendingItems = state.items.filter(
    (item) => isRevocation(state, item.itemId) && !state.evidence.has(item.itemId),
  );
  const found: RevocationEvidence[] = [];
  for (const item of pendingItems) {
    const index = await sourceIndex(item.subject.sourceId);
    // The source failed in this scan (or is gone from the config): no evidence either way.
    if (index === undefined) continue;
    if (index.held.has(subjectKey(item.kind === "device" ? "asset" : "account", item.subject.id))) continue;
    const how = revocationEvidence(
      item,
      item.kind === "device"
        ? { asset: index.assets.get(item.subject.id) }
        : { account: index.accounts.get(item.subject.id) },
    );
    if (how !== undefined)
      found.push({ campaignId: campaign.campaignId, itemId: item.itemId, goneAt: evaluatedAt, scanId, how });
  }
  const reviews = deps.reviews;
  if (!reviews) throw new Error("access reviews: this runtime has no review store");
  await reviews.store.putEvidence(found);
  for (const entry of found) state.evidence.set(entry.itemId, entry);
  const evidence = {
    pending: pendingItems.length - found.length,
    confirmed: state.evidence.size,
    overdue: 0,
    lastScanId: scanId,
    lastCheckedAt: evaluatedAt,
  };
  state.campaign = { ...campaign, evidence };
  const stillPresent = pendingItems.filter((item) => !state.evidence.has(item.itemId));
  const overdue = stillPresent.filter((item) => evidenceState(state, item.itemId, evaluatedAt) === "overdue");
  evidence.overdue = overdue.length;
  state.campaign = await reviews.store.updateCampaign(campaign.campaignId, { evidence });
  if (found.length > 0) {
    await deps.stateStore.appendAudit([
      {
        id: auditEntryId(campaign.campaignId, "review.revocations-confirmed", scanId),
        at: evaluatedAt,
        kind: "review.revocations-confirmed",
        actor: `scan:${scanId}`,
        subject: campaign.campaignId,
        scanId,
        detail: {
          confirmed: found.length,
          stillPresent: stillPresent.length,
          overdue: overdue.length,
          items: found.slice(0, 100).map((entry) => `${entry.itemId}:${entry.how}`),
        },
      },
    ]);
  }
  const tasksClosed = await closeConfirmedTasks(deps, config, state, scanId, evaluatedAt);
  if (found.length > 0 || overdue.length > 0) await publishCampaignReport(deps, state, evaluatedAt);
  if (overdue.length > 0) await flagOverdue(deps, config, state.campaign, overdue, scanId, evaluatedAt);
  return { confirmed: found.length, pending: stillPresent.length, overdue: overdue.length, tasksClosed };
}

async function indexSource(
  deps: ScanDependencies,
  config: LoadedConfig,
  summary: SourceSummaryBlob | undefined,
): Promise<SourceIndex | undefined> {
  if (summary === undefined || summary.info.status !== "ok" || summary.snapshotKey === undefined)
    return undefined;
  const records = await snapshotRecords(deps, config, { ...summary, snapshotKey: summary.snapshotKey });
  const index: SourceIndex = { accounts: new Map(), assets: new Map(), held: new Set(summary.held ?? []) };
  if (records.kind === "accounts")
    for (const account of records.records) index.accounts.set(account.accountId, account);
  if (records.kind === "assets") for (const asset of records.records) index.assets.set(asset.assetId, asset);
  return index;
}

/** Closes a campaign's remediation task once every item in it is confirmed gone. */
async function closeConfirmedTasks(
  deps: ScanDependencies,
  config: LoadedConfig,
  state: CampaignState,
  scanId: string,
  at: Instant,
): Promise<number> {
  const reviews = deps.reviews;
  if (!reviews || config.tasks?.dryRun) return 0;
  const prefix = `review:${state.campaign.campaignId}:`;
  const done = (await reviews.taskStore.listTasks()).filter(
    (task) =>
      task.key.startsWith(prefix) &&
      task.status === "open" &&
      task.externalId !== undefined &&
      task.findingIds.every((itemId) => state.evidence.has(itemId)),
  );
  if (done.length === 0) return 0;
  const sink = createTaskSink(config.tasks, { resolveCredential: deps.resolveCredential });
  for (const task of done) {
    const lines = task.findingIds.map((itemId) => {
      const entry = state.evidence.get(itemId);
      return `- ${itemId}: gone as of ${entry ? toIso(entry.goneAt) : "?"} (${entry?.how ?? "?"}, scan ${entry?.scanId ?? "?"})`;
    });
    await sink.close(
      task.externalId ?? task.key,
      [`Confirmed by scan ${scanId}: the revoked access is gone.`, ...lines].join("\n"),
    );
    const { version: _version, claim: _claim, ...record } = task;
    await reviews.taskStore.putTask(
      { ...record, status: "closed", closedAt: at, updatedAt: at, scanId },
      task.version,
    );
  }
  await deps.stateStore.appendAudit([
    {
      id: auditEntryId(state.campaign.campaignId, "review.tasks-closed", scanId),
      at,
      kind: "review.tasks-closed",
      actor: `scan:${scanId}`,
      subject: state.campaign.campaignId,
      scanId,
      detail: { count: done.length, sink: sink.name, tasks: done.slice(0, 100).map((task) => task.key) },
    },
  ]);
  return done.length;
}

/** One email per reviewer and one to compliance, each once per set of overdue items. */
async function flagOverdue(
  deps: ScanDependencies,
  config: LoadedConfig,
  campaign: Campaign,
  overdue: readonly ReviewItem[],
  scanId: string,
  at: Instant,
): Promise<void> {
  const report = alertRecipients(config, deps);
  if (!report || !deps.reviews) return;
  const due = revokeDueAt(campaign);
  const base = {
    organization: campaign.organization,
    campaignId: campaign.campaignId,
    campaignName: campaign.name,
    revokeDueAt: toIso(due ?? at),
    timezone: campaign.timezone,
    scanId,
  };
  const send = async (
    purposeKey: string,
    to: string[],
    items: readonly ReviewItem[],
    recipientName?: string,
  ) => {
    const email = renderOverdueRevocations({ ...base, items, ...(recipientName ? { recipientName } : {}) });
    const purpose = `review-overdue:${purposeKey}:${linkIdFor(items.map((item) => item.itemId))}`;
    try {
      await sendOnce(
        deps,
        campaign.campaignId,
        purpose,
        at,
        {
          from: report.from,
          to,
          subject: email.subject,
          text: email.text,
          html: email.html,
          headers: { "X-Deprov-Campaign-Id": campaign.campaignId },
        },
        { actor: `scan:${scanId}`, scanId },
      );
    } catch {
      // sendOnce audited the failure; the other recipients still get theirs, and tomorrow's scan tries again.
    }
  };
  const byReviewer = new Map<string, ReviewItem[]>();
  for (const item of overdue)
    byReviewer.set(item.reviewerId, [...(byReviewer.get(item.reviewerId) ?? []), item]);
  for (const [reviewerId, items] of byReviewer) {
    const reviewer = await deps.reviews.store.getReviewer(campaign.campaignId, reviewerId);
    const address = reviewer?.email?.trim();
    if (address !== undefined && reviewerAddressPolicy(config.emailDomains)(address))
      await send(reviewerId, [address], items, reviewer?.name);
  }
  await send("compliance", report.to, overdue);
}
