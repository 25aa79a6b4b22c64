/**
 * PlanManagerDigests: decides which managers get a digest tonight — routed up the chain when a
 * manager cannot take it, only to addresses on `emailDomains`, and only when something changed for
 * their leavers or the last published scan failed to send them theirs — and cuts the digests into
 * chunks for SendManagerDigests, each sized so that at the mail service's send rate (read once,
 * here) it finishes well inside its Lambda timeout.
 */
import type { PassedOverReason } from "../../../reports/email/manager-digest-routing.ts";
import { auditEntryId } from "../../ports/state-store.ts";
import { blobKeys } from "../contract/blob-keys.ts";
import { dueDigests, MANAGER_DIGESTS_OWED } from "../manager-digests.ts";
import type { ScanDependencies } from "../scan-dependencies.ts";
import { type ChunkRef, chunkBudgetMs, chunkSize, writeChunks } from "../work-chunks.ts";
import { loadScanResult } from "./publish-report.ts";

export interface PlanManagerDigestsInput {
  scanId: string;
}

export interface PlanManagerDigestsOutput {
  scanId: string;
  /** Why nothing is planned, when nothing is. */
  skipped?: "not-configured" | "disabled" | "no-mailer";
  chunks: ChunkRef[];
  /** Messages a second each chunk may send; `null`: no limit. */
  ratePerSecond: number | null;
  /** How long a chunk may run before it leaves the rest to a retry. */
  budgetMs: number;
  digests: number;
  /** Digests with nothing new since the last scan. */
  unchanged: number;
  /** Of `digests`, those with nothing new that the last published scan failed to send. */
  owed: number;
  /** Managers passed over (their leavers went up the chain or to the compliance recipients). */
  passedOver: Record<PassedOverReason, number>;
  /** Leavers no manager could take (sent to the compliance recipients when there are some). */
  unrouted: number;
}

/** The Lambda timeout of SendManagerDigests (functions/handlers/catalogue.ts): chunks are sized to it. */
export const SEND_MANAGER_DIGESTS_TIMEOUT_SECONDS = 300;
/** Digests per chunk at most: bounds a chunk's memory and what a retry re-reads. */
export const MAX_DIGESTS_PER_CHUNK = 2_000;

export async function planManagerDigests(
  deps: ScanDependencies,
  input: PlanManagerDigestsInput,
): Promise<PlanManagerDigestsOutput> {
  const { scanId } = input;
  const budgetMs = chunkBudgetMs(SEND_MANAGER_DIGESTS_TIMEOUT_SECONDS);
  const nothing = (skipped: PlanManagerDigestsOutput["skipped"]): PlanManagerDigestsOutput => ({
    scanId,
    ...(skipped !== undefined ? { skipped } : {}),
    chunks: [],
    ratePerSecond: null,
    budgetMs,
    digests: 0,
    unchanged: 0,
    owed: 0,
    passedOver: { departed: 0, "no-address": 0, "outside-email-domains": 0, "not-in-roster": 0 },
    unrouted: 0,
  });
  const config = await deps.loadConfig();
  if (config.report === undefined) return nothing("not-configured");
  if (!config.report.managerDigests.enabled) return nothing("disabled");
  if (deps.mailer === undefined) return nothing("no-mailer");

  const [result, run, rate] = await Promise.all([
    loadScanResult(deps, scanId),
    deps.stateStore.getScanRun(scanId),
    deps.mailer.maxSendRate?.(),
  ]);
  if (!run) throw new Error(`PlanManagerDigests: scan ${scanId} was never started`);
  const digests = dueDigests(result, config, await owedDigests(deps, result.history?.sinceScanId));
  if (digests === undefined) return nothing("disabled");
  const { routing, due, owed } = digests;
  const size = chunkSize({
    ratePerSecond: rate,
    timeoutSeconds: SEND_MANAGER_DIGESTS_TIMEOUT_SECONDS,
    maxItems: MAX_DIGESTS_PER_CHUNK,
  });
  const chunks = await writeChunks(deps, due, size, (index) => blobKeys.digestChunk(scanId, index));
  const passedOver = Object.fromEntries(
    Object.entries(routing.passedOver).map(([reason, ids]) => [reason, ids.length]),
  ) as Record<PassedOverReason, number>;
  const planned: PlanManagerDigestsOutput = {
    scanId,
    chunks,
    ratePerSecond: rate ?? null,
    budgetMs,
    digests: due.length,
    unchanged: routing.groups.length - due.length,
    owed,
    passedOver,
    unrouted: routing.unrouted.length,
  };
  // Counts only: who manages whom, and their addresses, are the roster's, not the trail's.
  await deps.stateStore.appendAudit([
    {
      id: auditEntryId(scanId, "email.digests-planned"),
      at: run.startedAt,
      kind: "email.digests-planned",
      actor: `scan:${scanId}`,
      subject: scanId,
      scanId,
      detail: {
        digests: planned.digests,
        unchanged: planned.unchanged,
        owed: planned.owed,
        chunks: chunks.length,
        ratePerSecond: planned.ratePerSecond,
        passedOver,
        unrouted: planned.unrouted,
      },
    },
  ]);
  deps.log(
    `manager digests: ${planned.digests} to send` +
      `${owed > 0 ? ` (${owed} of them unsent by the last scan)` : ""} in ${chunks.length} chunks` +
      `${rate !== undefined ? ` at ${rate}/s` : ""}, ${planned.unchanged} unchanged; managers passed over: ` +
      `${passedOver.departed} departed, ${passedOver["outside-email-domains"]} outside emailDomains, ` +
      `${passedOver["no-address"] + passedOver["not-in-roster"]} without an address; ${planned.unrouted} leavers without a reachable manager`,
  );
  return planned;
}

/**
 * The managers whose digests the last published scan (the one tonight's news is counted from)
 * failed to send after its retries: its news was counted as told (ADR 0010), so only this list
 * brings it to them.
 */
async function owedDigests(
  deps: ScanDependencies,
  sinceScanId: string | undefined,
): Promise<ReadonlySet<string>> {
  if (sinceScanId === undefined) return new Set();
  return new Set((await deps.stateStore.listDone(sinceScanId, MANAGER_DIGESTS_OWED)).keys());
}
