/**
 * CloseCampaign: stops accepting decisions (the status flips first, so a decision arriving after
 * this is refused), turns revoked items — and undecided ones when `undecidedAsRevoke` is set — into
 * remediation tasks through the configured sink, one per person, writes the campaign report and
 * emails it to the compliance recipients. A retry after a crash picks up where it stopped: tasks
 * already opened are found by key, the report is written again, the email goes once.
 */
import { oneLine } from "../../../reports/email/one-line.ts";
import { itemWhat } from "../../../reports/reviews/review-item-text.ts";
import type { Instant } from "../../core/model.ts";
import { revocationTasks } from "../../core/reviews/revocation-tasks.ts";
import type { TaskGroup } from "../../core/tasks/types.ts";
import { isoDateInZone, toIso } from "../../core/time.ts";
import { writeJsonLinesBlob } from "../../ports/json-lines-blob.ts";
import {
  type Campaign,
  type CampaignCloseSummary,
  CampaignStatusError,
} from "../../ports/reviews/review-store.ts";
import { auditEntryId } from "../../ports/state-store.ts";
import { createTaskSink } from "../../ports/tasks/create-task-sink.ts";
import type { TaskStore } from "../../ports/tasks/task-store.ts";
import { TaskVersionConflictError } from "../../ports/tasks/task-store.ts";
import type { ScanDependencies } from "../../scan/scan-dependencies.ts";
import { sendOnce } from "../../scan/send-once.ts";
import { campaignKeys } from "../campaign-items.ts";
import { openCampaign } from "../decide.ts";
import {
  isRevocation,
  loadCampaignState,
  publishCampaignReport,
  revokeDueAt,
} from "../publish-campaign-report.ts";
import { reviewPortsOf } from "../review-ports.ts";

export interface CloseCampaignInput {
  campaignId: string;
  /** The closing instant (ISO 8601): the due date, or `deprov review close --now`. */
  at: string;
  closedBy?: string;
}

export interface CloseCampaignOutput extends Omit<CampaignCloseSummary, "tasks"> {
  campaignId: string;
  closedAt: string;
  tasks: CampaignCloseSummary["tasks"];
  durationMs: number;
}

export async function closeCampaign(
  deps: ScanDependencies,
  input: CloseCampaignInput,
): Promise<CloseCampaignOutput> {
  const started = performance.now();
  const at = Date.parse(input.at);
  if (Number.isNaN(at)) throw new Error(`CloseCampaign: "at" must be an ISO 8601 instant, got "${input.at}"`);
  const { store, taskStore } = reviewPortsOf(deps);
  const config = await deps.loadConfig();
  let campaign = await openCampaign(deps, input.campaignId);
  if (campaign.status === "open") {
    try {
      campaign = await store.updateCampaign(
        campaign.campaignId,
        { status: "closed", closedAt: at, closedBy: input.closedBy ?? "schedule" },
        "open",
      );
    } catch (error) {
      if (!(error instanceof CampaignStatusError)) throw error;
      campaign = await openCampaign(deps, input.campaignId);
    }
  }
  const closedAt = campaign.closedAt ?? at;
  const state = await loadCampaignState(deps, campaign);
  const revocations = state.items
    .filter((item) => isRevocation(state, item.itemId))
    .map((item) => {
      const decision = state.decisions.get(item.itemId);
      return decision ? { item, decision } : { item };
    });
  const revokeBy = isoDateInZone(revokeDueAt(campaign) ?? closedAt, campaign.timezone);
  const groups = revocationTasks(revocations, {
    campaignId: campaign.campaignId,
    campaignName: campaign.name,
    revokeBy,
    describe: itemWhat,
  });
  const sinkName = config.tasks?.sink ?? "local";
  const tasks = config.tasks?.dryRun
    ? { created: 0, existing: 0, sink: `${sinkName} (dry run: ${groups.length} planned)` }
    : await openTasks(deps, taskStore, config.tasks, groups, campaign, closedAt);

  const kept = [...state.decisions.values()].filter((d) => d.decision === "keep").length;
  const revoked = state.decisions.size - kept;
  const undecided = state.items.length - state.decisions.size;
  const undecidedRevoked = campaign.undecidedAsRevoke ? undecided : 0;
  const report = await publishCampaignReport(deps, state, closedAt);
  const summary: CampaignCloseSummary = {
    kept,
    revoked,
    undecided,
    undecidedRevoked,
    tasks,
    reportKey: report.reportKey,
    csvKey: report.csvKey,
  };
  campaign = await store.updateCampaign(campaign.campaignId, {
    close: summary,
    evidence: campaign.evidence ?? { pending: revocations.length, confirmed: 0, overdue: 0 },
  });
  await deps.stateStore.appendAudit([
    {
      id: auditEntryId(campaign.campaignId, "review.closed"),
      at: closedAt,
      kind: "review.closed",
      actor: campaign.closedBy?.startsWith("user:") ? campaign.closedBy : `review:${campaign.campaignId}`,
      subject: campaign.campaignId,
      detail: {
        items: state.items.length,
        kept,
        revoked,
        undecided,
        undecidedRevoked,
        tasksCreated: tasks.created,
        tasksExisting: tasks.existing,
        sink: tasks.sink,
        reportKey: report.reportKey,
      },
    },
  ]);
  await emailReport(deps, campaign, closedAt, report.html, report.csv, { kept, revoked, undecided });
  deps.log(
    `campaign ${campaign.campaignId} closed: ${kept} kept, ${revoked} revoked, ${undecided} undecided; ${tasks.created} tasks opened`,
  );
  return {
    campaignId: campaign.campaignId,
    closedAt: toIso(closedAt),
    ...summary,
    durationMs: Math.round(performance.now() - started),
  };
}

/** Opens each task once: one found by key (an earlier attempt) is left as it is. */
async function openTasks(
  deps: ScanDependencies,
  taskStore: TaskStore,
  tasksConfig: Parameters<typeof createTaskSink>[0],
  groups: readonly TaskGroup[],
  campaign: Campaign,
  at: Instant,
): Promise<CampaignCloseSummary["tasks"]> {
  const sink = createTaskSink(tasksConfig, { resolveCredential: deps.resolveCredential });
  let created = 0;
  let existing = 0;
  const opened: { key: string; title: string; sink: string; externalId?: string; url?: string }[] = [];
  for (const group of groups) {
    const current = await taskStore.getTask(group.key);
    if (current?.externalId !== undefined) {
      existing++;
      continue;
    }
    // Sinks create idempotently by key: a crash between this call and the save never duplicates the issue.
    const made = await sink.create(group);
    try {
      await taskStore.putTask(
        {
          key: group.key,
          status: "open",
          externalId: made.externalId,
          ...(made.url !== undefined ? { url: made.url } : {}),
          title: group.title,
          severity: group.severity,
          contentHash: group.contentHash,
          findingIds: group.findingIds,
          createdAt: at,
          updatedAt: at,
          scanId: campaign.campaignId,
        },
        current?.version ?? 0,
      );
      created++;
      opened.push({
        key: group.key,
        title: group.title,
        sink: sink.name,
        externalId: made.externalId,
        ...(made.url ? { url: made.url } : {}),
      });
    } catch (error) {
      if (!(error instanceof TaskVersionConflictError)) throw error;
      existing++;
    }
  }
  if (opened.length > 0) {
    const blob = await writeJsonLinesBlob(deps.blobStore, campaignKeys.tasks(campaign.campaignId), opened);
    await deps.stateStore.appendAudit([
      {
        id: auditEntryId(campaign.campaignId, "review.tasks-created", blob.sha256),
        at,
        kind: "review.tasks-created",
        actor: `review:${campaign.campaignId}`,
        subject: campaign.campaignId,
        detail: { count: opened.length, sink: sink.name, tasksKey: blob.key, tasksSha256: blob.sha256 },
      },
    ]);
  }
  return { created, existing, sink: sink.name };
}

async function emailReport(
  deps: ScanDependencies,
  campaign: Campaign,
  at: Instant,
  html: string,
  csv: string,
  counts: { kept: number; revoked: number; undecided: number },
): Promise<void> {
  const config = await deps.loadConfig();
  if (!config.report) return;
  const subject = `Access review "${campaign.name}" closed: ${counts.kept} kept, ${counts.revoked} revoked, ${counts.undecided} undecided`;
  await sendOnce(
    deps,
    campaign.campaignId,
    "review-report",
    at,
    {
      from: config.report.from,
      to: config.report.to,
      subject: oneLine(subject),
      text: `${subject}.\nThe campaign report is attached (HTML, and CSV with every item and decision).\nCampaign ${campaign.campaignId}.\n`,
      html,
      attachments: [
        {
          filename: `access-review-${campaign.campaignId}.csv`,
          contentType: "text/csv; charset=utf-8",
          content: csv,
        },
      ],
      headers: { "X-Deprov-Campaign-Id": campaign.campaignId },
    },
    { actor: `review:${campaign.campaignId}` },
  );
}
