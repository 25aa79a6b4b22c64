/**
 * SendManagerDigests: one chunk of the night's manager digests, rendered in bulk and sent at the
 * mail service's rate, several at once.
 *
 * Idempotent and resumable: each sent digest is recorded as done (`recordDone`, one item per batch
 * of sends, as they complete), and an attempt skips every digest recorded — a retry after a crash,
 * a throttled SES or a chunk that ran out of time sends only what was not sent. The first attempt
 * of a chunk knows nothing was sent yet and reads nothing back. Before the chunk's
 * time budget runs out it stops starting sends, records what it did and fails with a retryable
 * error, so the Map's Retry continues where it stopped instead of the Lambda timing out mid-send.
 *
 * The audit trail gets one entry per chunk (kind `email.digests-sent`), written from the markers
 * when the chunk is done — or, when its retries are exhausted, by RecordManagerDigestsFailure — and
 * referencing a blob that lists each digest (purpose, Message-ID, bytes; no addresses).
 */
import { digestScanTime, renderManagerDigest } from "../../../reports/email/manager-digest.ts";
import type { ManagerDigestGroup } from "../../../reports/email/manager-digest-routing.ts";
import { causeMessage, isTransientError, TransientError } from "../../ports/aws-errors.ts";
import { type Clock, systemClock } from "../../ports/clock.ts";
import { writeJsonLinesBlob } from "../../ports/json-lines-blob.ts";
import type { OutgoingEmail } from "../../ports/mail/mailer.ts";
import { isRefusedMessage } from "../../ports/mail/refused-message.ts";
import { pacedForEach } from "../../ports/paced.ts";
import { auditEntryId } from "../../ports/state-store.ts";
import { blobKeys } from "../contract/blob-keys.ts";
import { MANAGER_DIGESTS_DONE, MANAGER_DIGESTS_OWED, managerDigestPurpose } from "../manager-digests.ts";
import type { ScanDependencies } from "../scan-dependencies.ts";
import { type ChunkRef, readChunk } from "../work-chunks.ts";

export interface SendManagerDigestsInput {
  scanId: string;
  chunk: ChunkRef;
  ratePerSecond: number | null;
  budgetMs: number;
}

export interface SendManagerDigestsOutput {
  chunk: number;
  sent: number;
  /** Only written (`--no-email`). */
  written: number;
  /** Sent by an earlier attempt of this chunk. */
  alreadySent: number;
  /** Rejected by the mail service for this recipient (the others still get theirs). */
  failed: number;
  durationMs: number;
}

/** The marker of a handled digest: what the audit entry lists. */
export interface DigestMarker {
  [key: string]: string | number;
  outcome: "sent" | "written" | "failed";
  messageId: string;
  bytes: number;
  recipients: number;
}

/** Sends in flight at once: SES takes concurrent requests up to the account's rate. */
const CONCURRENT_SENDS = 16;
/** Markers are written in batches of this many finished sends. */
const MARKER_BATCH = 25;

export async function sendManagerDigests(
  deps: ScanDependencies,
  input: SendManagerDigestsInput,
): Promise<SendManagerDigestsOutput> {
  const clock: Clock = deps.clock ?? systemClock;
  const started = clock.now();
  const { scanId, chunk } = input;
  const mailer = deps.mailer;
  if (mailer === undefined) throw new Error("SendManagerDigests: no mailer");
  const [config, run, groups] = await Promise.all([
    deps.loadConfig(),
    deps.stateStore.getScanRun(scanId),
    readChunk<ManagerDigestGroup>(deps, chunk),
  ]);
  if (!run || config.report === undefined)
    throw new Error(`SendManagerDigests: scan ${scanId} has no run or report settings`);
  const from = config.report.from;
  const firstAttempt = await isFirstAttempt(deps, scanId, chunk);
  const done = firstAttempt
    ? new Map<string, DigestMarker>()
    : await deps.stateStore.listDone<DigestMarker>(scanId, MANAGER_DIGESTS_DONE);
  const pending = groups.filter((group) => !done.has(group.managerId));
  const scan = {
    organization: config.organization,
    scanId,
    evaluatedAt: new Date(run.evaluatedAt).toISOString(),
    timezone: config.timezone,
    currency: config.report.currency,
  };
  const when = digestScanTime(scan);

  const counts = { sent: 0, written: 0, failed: 0 };
  const handled = new Map<string, DigestMarker>();
  let unflushed = new Map<string, DigestMarker>();
  const flush = async () => {
    if (unflushed.size === 0) return;
    const batch = unflushed;
    unflushed = new Map();
    await deps.stateStore.recordDone(scanId, MANAGER_DIGESTS_DONE, batch);
  };
  const flushes: Promise<void>[] = [];
  const record = (managerId: string, marker: DigestMarker) => {
    unflushed.set(managerId, marker);
    handled.set(managerId, marker);
    counts[marker.outcome]++;
    if (unflushed.size >= MARKER_BATCH) flushes.push(flush());
  };

  let outcome: Awaited<ReturnType<typeof pacedForEach>> | undefined;
  try {
    outcome = await pacedForEach(
      pending,
      {
        ratePerSecond: input.ratePerSecond ?? undefined,
        concurrency: CONCURRENT_SENDS,
        clock,
        deadline: started + input.budgetMs,
      },
      async (group) => {
        const digest = renderManagerDigest(group, scan, when);
        const message: OutgoingEmail = {
          from,
          to: digest.to,
          subject: digest.subject,
          text: digest.text,
          html: digest.html,
          headers: { "X-Deprov-Scan-Id": scanId },
          idempotencyKey: `${scanId}:${managerDigestPurpose(group.managerId)}`,
        };
        try {
          const sent = await mailer.send(message);
          record(group.managerId, {
            outcome: sent.writtenOnly ? "written" : "sent",
            messageId: sent.messageId,
            bytes: sent.bytes,
            recipients: digest.to.length,
          });
        } catch (error) {
          // A message the service refuses (a bad mailbox) is recorded and the others go on; a
          // throttled or unreachable service fails the chunk, and the retry resumes it.
          if (!isRefusedMessage(error)) throw error;
          record(group.managerId, {
            outcome: "failed",
            messageId: "",
            bytes: 0,
            recipients: digest.to.length,
          });
          deps.log(
            `manager digest ${group.managerId}: not sent (${error instanceof Error ? error.name : "error"})`,
          );
        }
      },
    );
  } catch (error) {
    if (isTransientError(error))
      throw new TransientError(
        `manager digests chunk ${chunk.index}: ${error instanceof Error ? error.name : "error"}; a retry sends the rest`,
        { cause: error },
      );
    throw error;
  } finally {
    // Whatever happened, what was sent is marked before this attempt ends: a retry never repeats it.
    flushes.push(flush());
    await Promise.all(flushes);
  }
  if (outcome.stoppedAtDeadline) {
    // Retryable: the Map's Retry resumes the chunk where it stopped.
    throw new TransientError(
      `manager digests chunk ${chunk.index}: stopped at its time budget (${input.budgetMs} ms) with ` +
        `${pending.length - outcome.done} digests left; a retry sends the rest`,
    );
  }
  // In one attempt, what it handled is all there is; after earlier attempts, the records say.
  await auditDigestChunk(deps, scanId, run.startedAt, chunk, groups, firstAttempt ? handled : undefined);
  return {
    chunk: chunk.index,
    sent: counts.sent,
    written: counts.written,
    alreadySent: groups.length - pending.length,
    failed: counts.failed,
    durationMs: Math.round(clock.now() - started),
  };
}

/** True for the first attempt at a chunk: nothing of it can have been sent yet. */
async function isFirstAttempt(deps: ScanDependencies, scanId: string, chunk: ChunkRef): Promise<boolean> {
  const { created } = await deps.stateStore.markStep(scanId, `manager-digests-chunk:${chunk.index}`, {
    items: chunk.items,
  });
  return created;
}

export interface RecordManagerDigestsFailureInput {
  scanId: string;
  chunk: ChunkRef;
  error?: { Error?: string; Cause?: string };
}

/**
 * After a chunk's last retry failed: the audit trail still gets what it sent, and the digests it
 * did not send are recorded as owed (MANAGER_DIGESTS_OWED), which the next scan sends even if
 * nothing changed for those managers.
 */
export async function recordManagerDigestsFailure(
  deps: ScanDependencies,
  input: RecordManagerDigestsFailureInput,
): Promise<{ chunk: number; recorded: number; owed: number }> {
  const { scanId, chunk } = input;
  const [run, groups, markers] = await Promise.all([
    deps.stateStore.getScanRun(scanId),
    readChunk<ManagerDigestGroup>(deps, chunk),
    deps.stateStore.listDone<DigestMarker>(scanId, MANAGER_DIGESTS_DONE),
  ]);
  if (!run) throw new Error(`RecordManagerDigestsFailure: scan ${scanId} was never started`);
  deps.log(
    `manager digests, chunk ${chunk.index + 1}: failed after its retries: ${input.error?.Error ?? "error"}: ${causeMessage(input.error?.Cause)}`,
  );
  const unsent = groups.filter((group) => !markers.has(group.managerId));
  // Before the audit entry, so a retry after a crash between the two still records them (twice is
  // harmless: entries are read back by manager id).
  if (unsent.length > 0)
    await deps.stateStore.recordDone(
      scanId,
      MANAGER_DIGESTS_OWED,
      new Map(unsent.map((group) => [group.managerId, { chunk: chunk.index }])),
    );
  const recorded = await auditDigestChunk(
    deps,
    scanId,
    run.startedAt,
    chunk,
    groups,
    markers,
    input.error?.Error ?? "error",
  );
  return { chunk: chunk.index, recorded, owed: unsent.length };
}

/**
 * One audit entry for the chunk, listing every digest its markers say was handled. Per chunk, first
 * write wins: the entry of a completed chunk and that of a failed one never both exist.
 */
async function auditDigestChunk(
  deps: ScanDependencies,
  scanId: string,
  at: number,
  chunk: ChunkRef,
  groups: readonly ManagerDigestGroup[],
  known?: ReadonlyMap<string, DigestMarker>,
  failure?: string,
): Promise<number> {
  const markers = known ?? (await deps.stateStore.listDone<DigestMarker>(scanId, MANAGER_DIGESTS_DONE));
  const lines = groups.flatMap((group) => {
    const marker = markers.get(group.managerId);
    return marker === undefined ? [] : [{ purpose: managerDigestPurpose(group.managerId), ...marker }];
  });
  const blob = await writeJsonLinesBlob(
    deps.blobStore,
    blobKeys.digestChunkAudit(scanId, chunk.index),
    lines,
  );
  const count = (outcome: DigestMarker["outcome"]) => lines.filter((line) => line.outcome === outcome).length;
  await deps.stateStore.appendAudit([
    {
      id: auditEntryId(scanId, "email.digests-sent", String(chunk.index)),
      at,
      kind: "email.digests-sent",
      actor: `scan:${scanId}`,
      subject: scanId,
      scanId,
      detail: {
        chunk: chunk.index,
        digests: groups.length,
        sent: count("sent"),
        written: count("written"),
        failed: count("failed"),
        unsent: groups.length - lines.length,
        ...(failure !== undefined ? { chunkFailed: failure } : {}),
        listKey: blob.key,
        listSha256: blob.sha256,
      },
    },
  ]);
  return lines.length;
}
