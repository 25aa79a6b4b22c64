/**
 * Persists one scan's finding lifecycle: "write what changed, not everything". The full result
 * (every open and waived finding) goes into one compressed blob; the state store gets only the
 * findings that were resolved, reopened or waived, plus one audit entry per transition kind that
 * references the transitions blob by key and SHA-256. A nightly scan of an unchanged org writes
 * two blobs and a step marker, and no finding items at all.
 *
 * Safe to retry with the same scan id: a completed run is recognised by its step marker; a run
 * that died halfway recomputes the same transitions (the reconciler reads its own earlier item
 * writes as they were before), and audit entries are first-write-wins.
 */
import type { Finding } from "../core/finding.ts";
import type { HeldSubjects } from "../core/held-subjects.ts";
import {
  type NotEvaluatedGap,
  type ReconcileResult,
  reconcileLifecycle,
} from "../core/lifecycle/reconcile.ts";
import {
  type Baseline,
  baselineOf,
  type LifecycleFinding,
  TRANSITION_KINDS,
  type TransitionKind,
} from "../core/lifecycle/types.ts";
import type { Instant } from "../core/model.ts";
import type { SourceStatus } from "../core/scan-context.ts";
import type { BlobStore } from "./blob-store.ts";
import { readBaseline, writeFindingsBlob, writeTransitionsBlob } from "./result-blob.ts";
import { type AuditEntry, auditEntryId, type StateStore, successBefore } from "./state-store.ts";

export const PERSIST_STEP = "persist-lifecycle";

export interface PersistLifecycleInput {
  stateStore: StateStore;
  blobStore: BlobStore;
  scanId: string;
  /** The scan's evaluation instant. */
  now: Instant;
  /** The audit entries' instant: take it from the scan run (`startedAt`) so a retry repeats it. */
  recordedAt: Instant;
  findings: readonly Finding[];
  sourceStatus: ReadonlyMap<string, SourceStatus>;
  /** Per source: subjects whose findings it cannot vouch for (rejected or incomplete records). */
  held?: ReadonlyMap<string, HeldSubjects>;
  failedRules?: ReadonlySet<string>;
  notEvaluated?: readonly NotEvaluatedGap[];
  /**
   * The baseline, if the caller started reading it already (`loadBaseline`): decompressing the
   * previous result then overlaps with the caller's own work.
   */
  baseline?: Promise<LoadedBaseline>;
}

export interface LoadedBaseline {
  baseline: Baseline;
  baselineScanId: string | null;
}

/** Small and JSON-only: it is the step's result, stored in its idempotency marker. */
export interface PersistLifecycleSummary {
  [key: string]: string | number | null | Record<string, number>;
  scanId: string;
  baselineScanId: string | null;
  resultKey: string;
  resultSha256: string;
  transitionsKey: string;
  transitionsSha256: string;
  /** Findings in the result blob: open + waived, seen or carried. */
  findings: number;
  carried: number;
  transitions: Record<string, number>;
  findingItemsWritten: number;
}

export interface PersistLifecycleOutcome {
  summary: PersistLifecycleSummary;
  /** `false` when a previous attempt of this scan had completed: nothing was written again. */
  performed: boolean;
  /** The reconciled findings, when this attempt computed them. */
  reconciled?: ReconcileResult;
}

export async function persistLifecycle(input: PersistLifecycleInput): Promise<PersistLifecycleOutcome> {
  const { stateStore, blobStore, scanId } = input;
  const done = await stateStore.getStep<PersistLifecycleSummary>(scanId, PERSIST_STEP);
  if (done !== undefined) return { summary: done, performed: false };

  const [{ baseline, baselineScanId }, stored, waivers] = await Promise.all([
    input.baseline ?? loadBaseline(stateStore, blobStore, scanId),
    stateStore.getStoredFindings(),
    stateStore.listWaivers(),
  ]);
  const reconciled = reconcileLifecycle({
    scanId,
    now: input.now,
    findings: input.findings,
    baseline,
    stored,
    waivers,
    sourceStatus: input.sourceStatus,
    held: input.held,
    failedRules: input.failedRules,
    notEvaluated: input.notEvaluated,
  });

  // Side by side: each is serialised here and compressed off this thread.
  const [result, transitions] = await Promise.all([
    writeFindingsBlob(blobStore, scanId, resultFindings(reconciled)),
    writeTransitionsBlob(blobStore, scanId, reconciled.transitions),
  ]);
  const findingItemsWritten = await stateStore.putStoredFindings(reconciled.storedUpdates);
  const counts = countByKind(reconciled);
  await stateStore.appendAudit(
    transitionAuditEntries(scanId, input.recordedAt, counts, {
      resultKey: result.key,
      resultSha256: result.sha256,
      transitionsKey: transitions.key,
      transitionsSha256: transitions.sha256,
    }),
  );

  const summary: PersistLifecycleSummary = {
    scanId,
    baselineScanId,
    resultKey: result.key,
    resultSha256: result.sha256,
    transitionsKey: transitions.key,
    transitionsSha256: transitions.sha256,
    findings: result.lines,
    carried: reconciled.carried.length,
    transitions: counts,
    findingItemsWritten,
  };
  const marked = await stateStore.markStep(scanId, PERSIST_STEP, summary);
  return { summary: marked.result, performed: true, reconciled };
}

/**
 * The previous successful scan's result. When the pointer already names this scan (it finished
 * once and is being re-run), its own predecessor is the baseline. A pointer to a missing blob is
 * an error: treating every finding as new would lose first-seen dates and resolve nothing.
 */
export async function loadBaseline(
  stateStore: StateStore,
  blobStore: BlobStore,
  scanId: string,
): Promise<LoadedBaseline> {
  const latest = await stateStore.latestSuccessfulScan();
  const previous = successBefore(latest, scanId);
  if (previous === undefined) return { baseline: baselineOf([]), baselineScanId: null };
  const baseline = await readBaseline(blobStore, previous.resultKey);
  if (baseline === undefined) {
    throw new Error(
      `the result blob ${previous.resultKey} of the last successful scan ${previous.scanId} is missing; ` +
        "restore it (or the whole state folder) before scanning again",
    );
  }
  return { baseline, baselineScanId: previous.scanId };
}

function* resultFindings(reconciled: ReconcileResult): Generator<LifecycleFinding> {
  yield* reconciled.findings;
  yield* reconciled.carried;
}

function countByKind(reconciled: ReconcileResult): Record<TransitionKind, number> {
  const counts = Object.fromEntries(TRANSITION_KINDS.map((kind) => [kind, 0])) as Record<
    TransitionKind,
    number
  >;
  for (const transition of reconciled.transitions) counts[transition.kind]++;
  return counts;
}

interface BlobReferences {
  resultKey: string;
  resultSha256: string;
  transitionsKey: string;
  transitionsSha256: string;
}

/** One entry per scan and transition kind; the ids of the findings are in the referenced transitions blob. */
function transitionAuditEntries(
  scanId: string,
  at: Instant,
  counts: Record<TransitionKind, number>,
  blobs: BlobReferences,
): AuditEntry[] {
  return TRANSITION_KINDS.filter((kind) => counts[kind] > 0).map((kind) => ({
    id: auditEntryId(scanId, `finding.${kind}`, scanId),
    at,
    kind: `finding.${kind}`,
    actor: `scan:${scanId}`,
    subject: scanId,
    scanId,
    detail: { count: counts[kind], ...blobs },
  }));
}
