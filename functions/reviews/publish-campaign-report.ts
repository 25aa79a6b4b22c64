/**
 * Builds and stores the campaign report (HTML + CSV) from the campaign's state: its items, the
 * decisions, the reviewers' progress, and the evidence later scans recorded. Written at close and
 * again whenever a nightly scan records new evidence, under `reviews/<campaignId>/`, and locally
 * also into the output folder.
 */

import { join } from "node:path";
import {
  type CampaignReportModel,
  type CampaignReportRow,
  type EvidenceState,
  renderCampaignReportCsv,
  renderCampaignReportHtml,
} from "../../reports/reviews/campaign-report.ts";
import type { Instant } from "../core/model.ts";
import { withinWindow } from "../core/reviews/campaign-schedule.ts";
import { revocationTaskKey } from "../core/reviews/revocation-tasks.ts";
import type { ReviewItem } from "../core/reviews/types.ts";
import { plusDays, toIso } from "../core/time.ts";
import type { Campaign, RevocationEvidence, StoredDecision } from "../ports/reviews/review-store.ts";
import type { ScanDependencies } from "../scan/scan-dependencies.ts";
import { makePrivateDir, writePrivateFile } from "../shared/private-files.ts";
import { campaignKeys, readAllItems } from "./campaign-items.ts";
import { reviewPortsOf } from "./review-ports.ts";

export interface CampaignState {
  campaign: Campaign;
  items: ReviewItem[];
  decisions: Map<string, StoredDecision>;
  evidence: Map<string, RevocationEvidence>;
}

export async function loadCampaignState(deps: ScanDependencies, campaign: Campaign): Promise<CampaignState> {
  const { store } = reviewPortsOf(deps);
  const [items, decisions, evidence] = await Promise.all([
    readAllItems(deps.blobStore, campaign),
    store.listDecisions(campaign.campaignId),
    store.listEvidence(campaign.campaignId),
  ]);
  return {
    campaign,
    items,
    // A decision dated outside the campaign (recorded before such dates were refused) is not
    // counted: not in the report, the tasks or the close's totals.
    decisions: new Map(decisions.filter((d) => withinWindow(campaign, d.at)).map((d) => [d.itemId, d])),
    evidence: new Map(evidence.map((e) => [e.itemId, e])),
  };
}

/** Whether an item is to be removed: revoked, or undecided at close with `undecidedAsRevoke`. */
export function isRevocation(state: CampaignState, itemId: string): boolean {
  const decision = state.decisions.get(itemId);
  if (decision) return decision.decision === "revoke";
  return state.campaign.status === "closed" && state.campaign.undecidedAsRevoke;
}

export function revokeDueAt(campaign: Campaign): Instant | undefined {
  return campaign.closedAt === undefined
    ? undefined
    : plusDays(campaign.closedAt, campaign.revokeWithinDays, campaign.timezone);
}

/** Where a revocation stands at `at`: confirmed gone, pending, overdue, or not checked by any scan yet. */
export function evidenceState(state: CampaignState, itemId: string, at: Instant): EvidenceState {
  if (state.evidence.has(itemId)) return "confirmed";
  const due = revokeDueAt(state.campaign);
  if (state.campaign.evidence?.lastScanId === undefined)
    return due !== undefined && at > due ? "overdue" : "unchecked";
  return due !== undefined && at > due ? "overdue" : "pending";
}

export async function publishCampaignReport(
  deps: ScanDependencies,
  state: CampaignState,
  at: Instant,
): Promise<{ reportKey: string; csvKey: string; html: string; csv: string }> {
  const { store } = reviewPortsOf(deps);
  const reviewers = await store.listReviewers(state.campaign.campaignId);
  const model = reportModel(state, reviewers, at);
  const html = renderCampaignReportHtml(model);
  const csv = renderCampaignReportCsv(model);
  const reportKey = campaignKeys.report(state.campaign.campaignId, "report.html");
  const csvKey = campaignKeys.report(state.campaign.campaignId, "report.csv");
  await Promise.all([
    deps.blobStore.put(reportKey, html, { contentType: "text/html; charset=utf-8" }),
    deps.blobStore.put(csvKey, csv, { contentType: "text/csv; charset=utf-8" }),
  ]);
  if (deps.outputDir !== undefined) {
    const dir = join(deps.outputDir, "reviews", state.campaign.campaignId);
    await makePrivateDir(dir);
    await Promise.all([
      writePrivateFile(join(dir, "report.html"), html),
      writePrivateFile(join(dir, "report.csv"), csv),
    ]);
  }
  return { reportKey, csvKey, html, csv };
}

function reportModel(
  state: CampaignState,
  reviewers: Awaited<ReturnType<ReturnType<typeof reviewPortsOf>["store"]["listReviewers"]>>,
  at: Instant,
): CampaignReportModel {
  const { campaign } = state;
  const rows: CampaignReportRow[] = state.items.map((item) => {
    const decision = state.decisions.get(item.itemId);
    const revoked = isRevocation(state, item.itemId);
    const outcome: CampaignReportRow["outcome"] = decision
      ? decision.decision === "keep"
        ? "kept"
        : "revoked"
      : revoked
        ? "undecided-revoked"
        : "undecided";
    const evidence = state.evidence.get(item.itemId);
    return {
      item,
      ...(decision
        ? {
            decision: {
              decision: decision.decision,
              by: decision.by,
              at: toIso(decision.at),
              ...(decision.reason !== undefined ? { reason: decision.reason } : {}),
              via: decision.via,
            },
          }
        : {}),
      outcome,
      ...(revoked && campaign.status === "closed"
        ? {
            evidence: {
              state: evidenceState(state, item.itemId, at),
              ...(evidence
                ? { goneAt: toIso(evidence.goneAt), how: evidence.how, scanId: evidence.scanId }
                : {}),
            },
            taskKey: revocationTaskKey(campaign.campaignId, item.person.employeeId),
          }
        : {}),
    };
  });
  const due = revokeDueAt(campaign);
  return {
    organization: campaign.organization,
    campaignId: campaign.campaignId,
    name: campaign.name,
    status: campaign.status,
    timezone: campaign.timezone,
    startedAt: toIso(campaign.startedAt),
    dueAt: toIso(campaign.dueAt),
    ...(campaign.closedAt !== undefined ? { closedAt: toIso(campaign.closedAt) } : {}),
    startedBy: campaign.startedBy,
    ...(campaign.closedBy !== undefined ? { closedBy: campaign.closedBy } : {}),
    scanId: campaign.scanId,
    generatedAt: toIso(at),
    undecidedAsRevoke: campaign.undecidedAsRevoke,
    ...(due !== undefined ? { revokeDueAt: toIso(due) } : {}),
    skippedSources: campaign.skippedSources,
    reviewers: reviewers.map((r) => ({
      reviewerId: r.reviewerId,
      ...(r.name !== undefined ? { name: r.name } : {}),
      route: r.route,
      items: r.items,
      kept: r.kept,
      revoked: r.revoked,
      remindersSent: r.remindersSent,
      ...(r.escalatedAt !== undefined && r.escalation
        ? { escalatedTo: r.escalation.name ?? r.escalation.reviewerId, escalatedAt: toIso(r.escalatedAt) }
        : {}),
    })),
    rows,
    ...(campaign.evidence?.lastScanId !== undefined ? { evidenceScanId: campaign.evidence.lastScanId } : {}),
  };
}
