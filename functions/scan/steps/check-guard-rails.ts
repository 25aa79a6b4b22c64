/**
 * CheckGuardRails (SPEC §5): before any finding changes,
 * - stop the scan when the roster could not be read, or shrank by more than
 *   `maxRosterShrinkPercent` below the largest roster of a successful scan in the last
 *   `lookbackDays` — rows missing from a truncated export would otherwise turn every missing
 *   person's accounts into orphans and resolve their findings;
 * - judge every other source's counts against its last successful collection: a source that came
 *   back empty, much smaller, or mostly rejected is *suspect*. Its summary says so (status
 *   `suspect`, with the numbers), so every later step treats it as failed for resolving findings
 *   and closing tasks; the audit trail records it, and one alert email goes out.
 * An accepted change (`--accept-source-change`, `--accept-roster-change`) lets a source count as ok
 * once; the next scans compare with the accepted count. Also plans the reconcile partitions.
 */

import {
  renderSourceSuspectAlert,
  type SuspectSourceLine,
} from "../../../reports/email/source-suspect-alert.ts";
import { NO_SOURCE_COUNTS, rosterReference, type SourceCounts } from "../../core/source-counts.ts";
import { judgeSource, shrinkPercent } from "../../core/source-health.ts";
import { toIso } from "../../core/time.ts";
import { getJson, putJson } from "../../ports/json-blob.ts";
import {
  type AuditEntry,
  auditEntryId,
  type LatestSuccess,
  type ScanRun,
  successBefore,
} from "../../ports/state-store.ts";
import { blobKeys } from "../contract/blob-keys.ts";
import type { SourceSuspicion } from "../contract/scan-result.ts";
import type { SourceSummaryBlob } from "../contract/source-summary-blob.ts";
import { markToldTonight, type NightNews, toldTonight } from "../night-news.ts";
import { alertRecipients, type ScanDependencies } from "../scan-dependencies.ts";
import { sendOnce } from "../send-once.ts";
import { ACCEPT_ROSTER_CHANGE_STEP, type Acceptance, acceptSourceChangeStep } from "./start-scan.ts";

export interface CheckGuardRailsInput {
  scanId: string;
  collected: { sourceId: string; status: string; records: number; rejected?: number }[];
}

export interface CheckGuardRailsOutput {
  proceed: boolean;
  reason?: string;
  rosterRecords: number;
  /** The roster count the shrink was measured against (the largest within lookbackDays). */
  previousRosterRecords?: number;
  partitions: number[];
  partitionCount: number;
  /** Sources found suspect and not accepted: nothing they feed is resolved in this scan. */
  suspect: { sourceId: string; reasons: string[] }[];
  /** Sources whose tripped check was accepted in this scan. */
  accepted: string[];
}

export const SOURCE_SUSPECT_ALERT_PURPOSE = "source-suspect-alert";

export async function checkGuardRails(
  deps: ScanDependencies,
  input: CheckGuardRailsInput,
): Promise<CheckGuardRailsOutput> {
  const config = await deps.loadConfig();
  const roster = config.sources.find((s) => s.kind === "roster");
  const rosterResult = input.collected.find((c) => c.sourceId === roster?.id);
  const rosterRecords = rosterResult?.records ?? 0;
  const stop = (reason: string, previousRosterRecords?: number): CheckGuardRailsOutput => ({
    proceed: false,
    reason,
    rosterRecords,
    ...(previousRosterRecords !== undefined ? { previousRosterRecords } : {}),
    partitions: [],
    partitionCount: 0,
    suspect: [],
    accepted: [],
  });

  if (!roster || !rosterResult || rosterResult.status !== "ok") {
    return stop(`the roster source "${roster?.id ?? "?"}" could not be collected`);
  }
  if (rosterRecords === 0) return stop(`the roster source "${roster.id}" has no valid records`);

  const run = await deps.stateStore.getScanRun(input.scanId);
  if (!run) throw new Error(`CheckGuardRails: scan ${input.scanId} was never started`);
  const latest = await deps.stateStore.latestSuccessfulScan();
  // A retry of an already-finished scan compares with the scan before it.
  const baseline = successBefore(latest, input.scanId);
  const counts = countsOf(baseline, roster.id);
  const { policy } = config;

  const acceptanceOf = (sourceId: string) =>
    deps.stateStore.getStep<Acceptance>(input.scanId, acceptSourceChangeStep(sourceId));
  const previousRosterRecords =
    rosterReference(counts, run.evaluatedAt, policy.lookbackDays, config.timezone) ??
    counts.sources[roster.id];
  let rosterAccepted: SourceSuspicion | undefined;
  if (previousRosterRecords !== undefined && previousRosterRecords > 0) {
    const shrink = shrinkPercent(previousRosterRecords, rosterRecords);
    if (shrink > policy.maxRosterShrinkPercent) {
      const reason =
        `the roster shrank by ${shrink.toFixed(1)}% (from ${previousRosterRecords} to ${rosterRecords} records), ` +
        `more than maxRosterShrinkPercent (${policy.maxRosterShrinkPercent}%); ${previousRosterRecords} is the largest roster of a successful scan in the last ${policy.lookbackDays} days`;
      const accepted =
        (await deps.stateStore.getStep<Acceptance>(input.scanId, ACCEPT_ROSTER_CHANGE_STEP)) ??
        (await acceptanceOf(roster.id));
      if (accepted === undefined) return stop(reason, previousRosterRecords);
      rosterAccepted = {
        reasons: [reason],
        previousRecords: previousRosterRecords,
        accepted: { by: accepted.by, reason: accepted.reason },
      };
    }
  }

  // Every source read: its counts against its last successful collection. The roster's shrink is
  // the guard rail's above; only its share of rejected rows is judged here.
  const judged: { sourceId: string; suspicion: SourceSuspicion; records: number; rejected: number }[] = [];
  for (const collected of input.collected) {
    if (collected.status !== "ok") continue;
    const isRoster = collected.sourceId === roster.id;
    const previousRecords = isRoster ? undefined : counts.sources[collected.sourceId];
    const rejected = collected.rejected ?? 0;
    const verdict = judgeSource(
      { records: collected.records, rejected, ...(previousRecords !== undefined ? { previousRecords } : {}) },
      policy,
    );
    const reasons = [...(isRoster ? (rosterAccepted?.reasons ?? []) : []), ...verdict.reasons];
    if (reasons.length === 0) continue;
    // The roster's accepted shrink, unless its rejections also tripped: that needs its own acceptance.
    const accepted =
      isRoster && rosterAccepted !== undefined && !verdict.suspect
        ? rosterAccepted.accepted
        : ((await acceptanceOf(collected.sourceId)) ?? null);
    judged.push({
      sourceId: collected.sourceId,
      records: collected.records,
      rejected,
      suspicion: {
        reasons,
        previousRecords: isRoster ? (rosterAccepted?.previousRecords ?? null) : (previousRecords ?? null),
        accepted: accepted === null ? null : { by: accepted.by, reason: accepted.reason },
      },
    });
  }
  await Promise.all(judged.map((j) => markSummary(deps, input.scanId, j.sourceId, j.suspicion)));
  await deps.stateStore.appendAudit(judged.map((j) => suspicionAuditEntry(input.scanId, run, j)));

  const suspect = judged.filter((j) => j.suspicion.accepted === null);
  if (suspect.length > 0) await alertSuspectSources(deps, run, suspect);

  const accounts = input.collected
    .filter((c) => config.sources.find((s) => s.id === c.sourceId)?.kind === "accounts")
    .reduce((sum, c) => sum + c.records, 0);
  const partitionCount = Math.max(1, Math.ceil(accounts / deps.partitionSize));
  return {
    proceed: true,
    rosterRecords,
    ...(previousRosterRecords !== undefined ? { previousRosterRecords } : {}),
    partitions: Array.from({ length: partitionCount }, (_, i) => i),
    partitionCount,
    suspect: suspect.map((j) => ({ sourceId: j.sourceId, reasons: j.suspicion.reasons })),
    accepted: judged.filter((j) => j.suspicion.accepted !== null).map((j) => j.sourceId),
  };
}

/**
 * The counts to compare with: those the last successful scan carried forward, or — for state
 * written before they were kept — its roster count alone.
 */
export function countsOf(
  baseline: Pick<LatestSuccess, "rosterRecords" | "sourceCounts"> | undefined,
  rosterId: string,
): SourceCounts {
  if (baseline?.sourceCounts !== undefined) return baseline.sourceCounts;
  if (baseline?.rosterRecords === undefined) return NO_SOURCE_COUNTS;
  return { sources: { [rosterId]: baseline.rosterRecords }, roster: [] };
}

/** The summary every later step reads: `suspect` unless the change was accepted, with the numbers. */
async function markSummary(
  deps: ScanDependencies,
  scanId: string,
  sourceId: string,
  suspicion: SourceSuspicion,
): Promise<void> {
  const key = blobKeys.sourceSummary(scanId, sourceId);
  const summary = await getJson<SourceSummaryBlob>(deps.blobStore, key);
  if (!summary) throw new Error(`scan ${scanId}: source "${sourceId}" was never collected (no summary blob)`);
  const status = suspicion.accepted === null ? "suspect" : summary.info.status;
  await putJson(deps.blobStore, key, { ...summary, info: { ...summary.info, status }, suspect: suspicion });
}

function suspicionAuditEntry(
  scanId: string,
  run: ScanRun,
  judged: { sourceId: string; suspicion: SourceSuspicion; records: number; rejected: number },
): AuditEntry {
  const { suspicion } = judged;
  const kind = suspicion.accepted === null ? "source.suspect" : "source.change-applied";
  return {
    id: auditEntryId(scanId, kind, judged.sourceId),
    at: run.startedAt,
    kind,
    actor: suspicion.accepted === null ? `scan:${scanId}` : `user:${suspicion.accepted.by}`,
    subject: judged.sourceId,
    scanId,
    detail: {
      records: judged.records,
      rejected: judged.rejected,
      previousRecords: suspicion.previousRecords,
      reasons: suspicion.reasons,
      ...(suspicion.accepted !== null ? { acceptedReason: suspicion.accepted.reason } : {}),
    },
  };
}

async function alertSuspectSources(
  deps: ScanDependencies,
  run: ScanRun,
  suspect: readonly { sourceId: string; suspicion: SourceSuspicion; records: number; rejected: number }[],
): Promise<void> {
  const config = await deps.loadConfig();
  const recipients = alertRecipients(config, deps);
  if (!recipients) return;
  const lines: SuspectSourceLine[] = suspect.map((j) => ({
    sourceId: j.sourceId,
    records: j.records,
    rejected: j.rejected,
    previousRecords: j.suspicion.previousRecords,
    reasons: j.suspicion.reasons,
  }));
  const alert = renderSourceSuspectAlert({
    organization: config.organization,
    scanId: run.scanId,
    evaluatedAt: toIso(run.evaluatedAt),
    timezone: config.timezone,
    sources: lines,
  });
  // Once a night: a re-run at the same instant finding the same sources suspect for the same
  // reasons has nothing to add to the alert the first run sent.
  const news: NightNews = {
    evaluatedAt: run.evaluatedAt,
    purpose: SOURCE_SUSPECT_ALERT_PURPOSE,
    facts: lines.map((line) => `source ${line.sourceId} suspect: ${line.reasons.join("; ")}`),
  };
  if (await toldTonight(deps, news)) {
    deps.log(
      `suspect sources: ${lines.map((l) => l.sourceId).join(", ")} (alert email: already sent tonight)`,
    );
    return;
  }
  const email = await sendOnce(deps, run.scanId, SOURCE_SUSPECT_ALERT_PURPOSE, run.startedAt, {
    from: recipients.from,
    to: recipients.to,
    subject: alert.subject,
    text: alert.text,
    html: alert.html,
    headers: { "X-Deprov-Scan-Id": run.scanId },
  });
  if (email !== "no-mailer") await markToldTonight(deps, news, run.scanId);
  deps.log(`suspect sources: ${lines.map((l) => l.sourceId).join(", ")} (alert email: ${email})`);
}
