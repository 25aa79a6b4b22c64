/**
 * Persisted finding state (SPEC §5): what a finding's lifecycle looks like in the scan result
 * blob, in the few per-finding DynamoDB items, in waivers and in the transitions between scans.
 */
import type { Finding } from "../finding.ts";
import type { Instant } from "../model.ts";

export const FINDING_STATUSES = ["open", "resolved", "waived"] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/** An exception to a finding, approved by someone, that stops applying at `until`. */
export interface Waiver {
  findingId: string;
  reason: string;
  approvedBy: string;
  /** The first instant the waiver no longer applies. */
  until: Instant;
  /** The expiry as the approver wrote it (e.g. `2027-03-31`), for display. */
  untilText: string;
  createdAt: Instant;
}

export interface LifecycleFields {
  status: FindingStatus;
  firstSeenAt: Instant;
  /** The evaluation instant of the last scan that contained the finding. */
  lastSeenAt: Instant;
  resolvedAt?: Instant;
  /** Set when a resolved finding came back, or an expired waiver reopened it. */
  reopenedAt?: Instant;
  waiver?: Waiver;
}

/** A finding as one line of a scan's result blob: the engine's finding plus its lifecycle. */
export type LifecycleFinding = Finding & LifecycleFields;

/** What the previous result blob says about a finding, without the finding itself. */
export interface BaselineEntry {
  status: FindingStatus;
  firstSeenAt: Instant;
  lastSeenAt: Instant;
  reopenedAt?: Instant;
}

/**
 * The previous successful scan's result. Split in two so a reader can hand out the small
 * lifecycle part of 190 k findings cheaply and parse a whole finding only when it is needed
 * (a finding not seen again, to resolve or carry it).
 */
export interface Baseline {
  readonly size: number;
  /** Ids in the blob's order. */
  keys(): Iterable<string>;
  has(id: string): boolean;
  get(id: string): BaselineEntry | undefined;
  finding(id: string): LifecycleFinding | undefined;
}

/** A baseline over findings already in memory (tests, small orgs). */
export function baselineOf(findings: Iterable<LifecycleFinding>): Baseline {
  const byId = new Map<string, LifecycleFinding>();
  for (const finding of findings) byId.set(finding.id, finding);
  return {
    get size() {
      return byId.size;
    },
    keys: () => byId.keys(),
    has: (id) => byId.has(id),
    get: (id) => byId.get(id),
    finding: (id) => byId.get(id),
  };
}

/**
 * Why a finding's state changed. `new` covers first sight (recorded in the blob only);
 * every other kind also updates the finding's item in the state store.
 */
export const TRANSITION_KINDS = ["new", "resolved", "reopened", "waived", "waiver-expired"] as const;
export type TransitionKind = (typeof TRANSITION_KINDS)[number];

export interface Transition {
  findingId: string;
  rule: string;
  kind: TransitionKind;
  /** `null` when the finding was never seen before. */
  from: FindingStatus | null;
  to: FindingStatus;
  at: Instant;
  /** One sentence for the audit trail: why the state changed. */
  reason: string;
}

/**
 * The storage state of a finding that left "open since first seen": `reopened` is open again
 * after having been resolved or waived. Open findings that never changed have no item at all.
 */
export const STORED_STATUSES = ["resolved", "waived", "reopened"] as const;
export type StoredStatus = (typeof STORED_STATUSES)[number];

export interface StoredFindingState {
  status: StoredStatus;
  firstSeenAt: Instant;
  lastSeenAt: Instant;
  resolvedAt?: Instant;
  reopenedAt?: Instant;
}

/** The state-store item of a resolved, reopened or waived finding. */
export interface StoredFinding extends StoredFindingState {
  finding: Finding;
  /** The scan that last changed this item. */
  scanId: string;
  /**
   * The state before `scanId` changed it (`null`: there was no item). A retried scan reads its
   * own earlier writes through this, so it computes the same transitions again.
   */
  previous: StoredFindingState | null;
}

export function lifecycleStatusOf(stored: StoredStatus): FindingStatus {
  return stored === "reopened" ? "open" : stored;
}
