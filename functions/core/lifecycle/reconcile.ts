/**
 * The finding lifecycle across scans (SPEC §5), as one pure function: given what this scan found
 * and what the previous scans left (the last result blob, the few stored items, the waivers),
 * decide every finding's status and the transitions to record. No I/O; every instant is injected.
 *
 * A finding that is not seen again is resolved only when everything that could have produced it
 * was actually looked at: every source it depends on was collected, and the branch of its rule
 * that produced it ran on its source. Otherwise it is carried: kept open with its old
 * `lastSeenAt`, because silence from a failed source is not evidence of a fix.
 */
import type { Finding } from "../finding.ts";
import { type HeldSubjects, subjectKey } from "../held-subjects.ts";
import type { Instant } from "../model.ts";
import { compareText } from "../order.ts";
import { gapWithholds, type WithheldBranch } from "../rules/withheld-branch.ts";
import type { SourceStatus } from "../scan-context.ts";
import { toIso } from "../time.ts";
import {
  type Baseline,
  type FindingStatus,
  type LifecycleFields,
  type LifecycleFinding,
  lifecycleStatusOf,
  type StoredFinding,
  type StoredFindingState,
  type StoredStatus,
  type Transition,
  type TransitionKind,
  type Waiver,
} from "./types.ts";

export type { SourceStatus } from "../scan-context.ts";

/** A rule the engine could not evaluate on a source; `withholds` narrows it to one branch of the rule. */
export interface NotEvaluatedGap {
  rule: string;
  sourceId: string;
  withholds?: WithheldBranch;
}

export interface ReconcileInput {
  scanId: string;
  /** The scan's evaluation instant: `firstSeenAt`/`lastSeenAt`/`resolvedAt` and waiver expiry use it. */
  now: Instant;
  /** This scan's findings, from the engine. */
  findings: readonly Finding[];
  /** The previous successful scan's result blob (empty on the first scan). */
  baseline: Baseline;
  /** State-store items of resolved, reopened and waived findings, by finding id. */
  stored: ReadonlyMap<string, StoredFinding>;
  waivers: ReadonlyMap<string, Waiver>;
  /** How each configured source was collected in this scan; a source not listed counts as failed. */
  sourceStatus: ReadonlyMap<string, SourceStatus>;
  /** Rules that threw in this scan: their missing findings prove nothing. */
  failedRules?: ReadonlySet<string>;
  /** Rule/source pairs the engine could not evaluate (a field the source lacks), and which branch. */
  notEvaluated?: readonly NotEvaluatedGap[];
  /** Per source id: the subjects it could not vouch for (see `HeldSubjects`). */
  held?: ReadonlyMap<string, HeldSubjects>;
}

export interface ReconcileResult {
  /** This scan's findings with their lifecycle, in the engine's order. */
  findings: LifecycleFinding[];
  /** Open or waived findings not seen this scan but kept, because what could produce them was not checked. */
  carried: LifecycleFinding[];
  /** Findings resolved by this scan (no longer in the result blob; kept in the state store). */
  resolved: LifecycleFinding[];
  transitions: Transition[];
  /** The state-store items to write: one per transition except a plain "new → open". */
  storedUpdates: StoredFinding[];
  /** New findings held back: about an account whose person's record a source holds (`heldBack`). */
  heldBack: Finding[];
}

/** What a finding looked like before this scan, merged from the baseline blob and its stored item. */
interface Prior {
  status: FindingStatus;
  firstSeenAt: Instant;
  lastSeenAt: Instant;
  resolvedAt?: Instant;
  reopenedAt?: Instant;
  finding: Finding;
  /** The stored item's state before this scan (`null`: none), recorded as the new item's `previous`. */
  storedBefore: StoredFindingState | null;
}

export function reconcileLifecycle(input: ReconcileInput): ReconcileResult {
  const { scanId, now } = input;
  const result: ReconcileResult = {
    findings: [],
    carried: [],
    resolved: [],
    transitions: [],
    storedUpdates: [],
    heldBack: [],
  };
  const record = (prior: Prior | undefined, next: LifecycleFinding, kind: TransitionKind, reason: string) => {
    result.transitions.push({
      findingId: next.id,
      rule: next.rule,
      kind,
      from: prior?.status ?? null,
      to: next.status,
      at: now,
      reason,
    });
    if (kind !== "new" || next.status !== "open") {
      result.storedUpdates.push(toStoredFinding(next, scanId, prior?.storedBefore ?? null));
    }
  };

  const seen = new Set<string>();
  for (const finding of input.findings) seen.add(finding.id);
  // Decided before the seen findings, recorded after them: the order of the transitions stays.
  const unseen = decideUnseen(input, seen);
  const heldAccounts = accountsOfHeldPeople(unseen, input.held);

  for (const finding of input.findings) {
    const prior = priorOf(finding.id, input, finding);
    if (prior === undefined && heldBack(finding, heldAccounts)) {
      result.heldBack.push(finding);
      continue;
    }
    const waiver = activeWaiver(input.waivers.get(finding.id), now);
    const next = seenFinding(finding, prior, waiver, now);
    result.findings.push(next);
    const change = seenTransition(prior, next, waiver);
    if (change) record(prior, next, change.kind, change.reason);
  }

  for (const { prior, blocker } of unseen) {
    if (blocker === undefined) {
      const next = resolvedFinding(prior, now);
      result.resolved.push(next);
      record(prior, next, "resolved", `not seen in scan ${scanId}; every source it depends on was collected`);
      continue;
    }
    const waiver = activeWaiver(input.waivers.get(prior.finding.id), now);
    const next = carriedFinding(prior, waiver, now);
    result.carried.push(next);
    const change = waiverTransition(prior.status, next.status, waiver);
    if (change) record(prior, next, change.kind, `${change.reason} (not seen, kept: ${blocker})`);
  }
  return result;
}

/** A finding of the last scan not seen in this one, and why it may not resolve (`undefined`: it may). */
interface UnseenPrior {
  prior: Prior;
  blocker: string | undefined;
}

function decideUnseen(input: ReconcileInput, seen: ReadonlySet<string>): UnseenPrior[] {
  const resolvable = resolvabilityCheck(input);
  const unseen: UnseenPrior[] = [];
  for (const id of unseenPriorIds(input, seen)) {
    const prior = priorOf(id, input, undefined);
    if (prior === undefined || prior.status === "resolved") continue;
    unseen.push({ prior, blocker: resolvable(prior.finding) });
  }
  return unseen;
}

/**
 * The accounts (`<source>\0<account id>`) that the last scan tied to a person whose record a source
 * holds now: a roster row rejected, or a leaver gone from the roster without the change accepted.
 * This scan ties them to no one only because that record is missing.
 */
function accountsOfHeldPeople(
  unseen: readonly UnseenPrior[],
  held: ReadonlyMap<string, HeldSubjects> | undefined,
): Set<string> {
  const accounts = new Set<string>();
  if (held === undefined || held.size === 0) return accounts;
  for (const { prior, blocker } of unseen) {
    const { subject, personId, sourceId, dependsOn } = prior.finding;
    if (blocker === undefined || subject.type !== "account" || personId === null) continue;
    const personKey = subjectKey("person", personId);
    if (dependsOn.some((source) => held.get(source)?.keys.has(personKey) === true))
      accounts.add(`${sourceId}\u0000${subject.id}`);
  }
  return accounts;
}

/**
 * A new finding tied to no one, about an account the last scan tied to a person now held (an
 * orphan account, say), is held back: it would report the missing record, not the account. The
 * held person's own findings stay open meanwhile; once the record is back the account matches
 * again, and once its loss is accepted the finding opens.
 */
function heldBack(finding: Finding, heldAccounts: ReadonlySet<string>): boolean {
  return (
    heldAccounts.size > 0 &&
    finding.personId === null &&
    finding.subject.type === "account" &&
    heldAccounts.has(`${finding.sourceId}\u0000${finding.subject.id}`)
  );
}

/** Baseline ids first (blob order), then stored-only ids sorted, so a retried scan repeats its order. */
function unseenPriorIds(input: ReconcileInput, seen: ReadonlySet<string>): string[] {
  const ids: string[] = [];
  for (const id of input.baseline.keys()) if (!seen.has(id)) ids.push(id);
  const storedOnly: string[] = [];
  for (const id of input.stored.keys()) {
    if (!seen.has(id) && !input.baseline.has(id)) storedOnly.push(id);
  }
  storedOnly.sort(compareText);
  return ids.concat(storedOnly);
}

function priorOf(id: string, input: ReconcileInput, current: Finding | undefined): Prior | undefined {
  const base = input.baseline.get(id);
  const item = input.stored.get(id);
  const storedBefore = item === undefined ? null : stateBefore(item, input.scanId);
  if (storedBefore !== null && item !== undefined) {
    // The stored item is written on every transition, so its status is the most recent truth;
    // the blob may be fresher on lastSeenAt (seen-again findings do not touch their item).
    const prior: Prior = {
      status: lifecycleStatusOf(storedBefore.status),
      firstSeenAt: storedBefore.firstSeenAt,
      lastSeenAt: Math.max(storedBefore.lastSeenAt, base?.lastSeenAt ?? storedBefore.lastSeenAt),
      finding: current ?? baselineFinding(input.baseline, id) ?? item.finding,
      storedBefore,
    };
    if (storedBefore.resolvedAt !== undefined) prior.resolvedAt = storedBefore.resolvedAt;
    if (storedBefore.reopenedAt !== undefined) prior.reopenedAt = storedBefore.reopenedAt;
    return prior;
  }
  if (base === undefined) return undefined;
  const prior: Prior = {
    status: base.status,
    firstSeenAt: base.firstSeenAt,
    lastSeenAt: base.lastSeenAt,
    finding: current ?? baselineFinding(input.baseline, id) ?? missingFinding(id),
    storedBefore: null,
  };
  if (base.reopenedAt !== undefined) prior.reopenedAt = base.reopenedAt;
  return prior;
}

function baselineFinding(baseline: Baseline, id: string): Finding | undefined {
  const previous = baseline.finding(id);
  return previous === undefined ? undefined : findingPart(previous);
}

function missingFinding(id: string): never {
  throw new Error(`baseline lists finding ${id} but cannot produce its record`);
}

/** A retried scan must not read its own earlier writes as history: it sees the item as it was before. */
function stateBefore(item: StoredFinding, scanId: string): StoredFindingState | null {
  if (item.scanId === scanId) return item.previous;
  const state: StoredFindingState = {
    status: item.status,
    firstSeenAt: item.firstSeenAt,
    lastSeenAt: item.lastSeenAt,
  };
  if (item.resolvedAt !== undefined) state.resolvedAt = item.resolvedAt;
  if (item.reopenedAt !== undefined) state.reopenedAt = item.reopenedAt;
  return state;
}

function activeWaiver(waiver: Waiver | undefined, now: Instant): Waiver | undefined {
  return waiver !== undefined && waiver.until > now ? waiver : undefined;
}

function seenFinding(
  finding: Finding,
  prior: Prior | undefined,
  waiver: Waiver | undefined,
  now: Instant,
): LifecycleFinding {
  const fields: LifecycleFields = {
    status: waiver ? "waived" : "open",
    firstSeenAt: prior?.firstSeenAt ?? now,
    lastSeenAt: now,
  };
  const reopened =
    prior !== undefined && (prior.status === "resolved" || (prior.status === "waived" && !waiver));
  if (reopened) fields.reopenedAt = now;
  else if (prior?.reopenedAt !== undefined) fields.reopenedAt = prior.reopenedAt;
  if (waiver) fields.waiver = waiver;
  return withLifecycle(finding, fields);
}

/**
 * The finding with its lifecycle fields: its id, where it stands, then the finding itself. Built by
 * assignment, not by spreading the finding into a literal with more keys: V8 builds that ~10×
 * slower, and a scan builds one per finding (1.2 s for 260,000 findings; ADR 0011).
 */
export function withLifecycle(finding: Finding, fields: LifecycleFields): LifecycleFinding {
  const next = {
    id: finding.id,
    status: fields.status,
    firstSeenAt: fields.firstSeenAt,
    lastSeenAt: fields.lastSeenAt,
  } as LifecycleFinding;
  if (fields.resolvedAt !== undefined) next.resolvedAt = fields.resolvedAt;
  if (fields.reopenedAt !== undefined) next.reopenedAt = fields.reopenedAt;
  Object.assign(next, finding);
  // What the finding carried of a lifecycle gives way to the fields (keys keep their places).
  next.status = fields.status;
  next.firstSeenAt = fields.firstSeenAt;
  next.lastSeenAt = fields.lastSeenAt;
  if (fields.resolvedAt !== undefined) next.resolvedAt = fields.resolvedAt;
  if (fields.reopenedAt !== undefined) next.reopenedAt = fields.reopenedAt;
  if (fields.waiver !== undefined) next.waiver = fields.waiver;
  return next;
}

/** The engine's finding inside a lifecycle finding, without any stale lifecycle fields. */
export function findingPart(finding: LifecycleFinding): Finding {
  const {
    status: _status,
    firstSeenAt: _firstSeenAt,
    lastSeenAt: _lastSeenAt,
    resolvedAt: _resolvedAt,
    reopenedAt: _reopenedAt,
    waiver: _waiver,
    ...rest
  } = finding;
  return rest;
}

function seenTransition(
  prior: Prior | undefined,
  next: LifecycleFinding,
  waiver: Waiver | undefined,
): { kind: TransitionKind; reason: string } | undefined {
  if (prior === undefined) {
    return { kind: "new", reason: waiver ? `first seen; ${waiverText(waiver)}` : "first seen" };
  }
  if (prior.status === "resolved") {
    const since = prior.resolvedAt === undefined ? "" : ` (resolved at ${toIso(prior.resolvedAt)})`;
    return {
      kind: "reopened",
      reason: `seen again after it was resolved${since}${waiver ? `; ${waiverText(waiver)}` : ""}`,
    };
  }
  return waiverTransition(prior.status, next.status, waiver);
}

function waiverTransition(
  from: FindingStatus,
  to: FindingStatus,
  waiver: Waiver | undefined,
): { kind: TransitionKind; reason: string } | undefined {
  if (from === "open" && to === "waived" && waiver) return { kind: "waived", reason: waiverText(waiver) };
  if (from === "waived" && to === "open") return { kind: "waiver-expired", reason: "its waiver has expired" };
  return undefined;
}

function waiverText(waiver: Waiver): string {
  return `waived until ${toIso(waiver.until)}`;
}

function resolvedFinding(prior: Prior, now: Instant): LifecycleFinding {
  const fields: LifecycleFields = {
    status: "resolved",
    firstSeenAt: prior.firstSeenAt,
    lastSeenAt: prior.lastSeenAt,
    resolvedAt: now,
  };
  if (prior.reopenedAt !== undefined) fields.reopenedAt = prior.reopenedAt;
  return withLifecycle(prior.finding, fields);
}

function carriedFinding(prior: Prior, waiver: Waiver | undefined, now: Instant): LifecycleFinding {
  const fields: LifecycleFields = {
    status: waiver ? "waived" : "open",
    firstSeenAt: prior.firstSeenAt,
    lastSeenAt: prior.lastSeenAt,
  };
  if (prior.status === "waived" && !waiver) fields.reopenedAt = now;
  else if (prior.reopenedAt !== undefined) fields.reopenedAt = prior.reopenedAt;
  if (waiver) fields.waiver = waiver;
  return withLifecycle(prior.finding, fields);
}

/** Returns why a finding that was not seen may not be resolved, or `undefined` when it may. */
function resolvabilityCheck(input: ReconcileInput): (finding: Finding) => string | undefined {
  const failedRules = input.failedRules ?? new Set<string>();
  const notEvaluated = gapsByRuleAndSource(input.notEvaluated ?? []);
  const held = input.held ?? new Map<string, HeldSubjects>();
  return (finding) => {
    const failed = finding.dependsOn.filter(
      (source) => (input.sourceStatus.get(source) ?? "failed") === "failed",
    );
    if (failed.length > 0) return `source ${failed.join(", ")} not collected`;
    const suspect = finding.dependsOn.filter((source) => input.sourceStatus.get(source) === "suspect");
    if (suspect.length > 0) return `source ${suspect.join(", ")} suspect`;
    const holder = finding.dependsOn.find((source) => holds(held.get(source), finding));
    if (holder !== undefined) return `its subject's record in source ${holder} was rejected or incomplete`;
    if (failedRules.has(finding.rule)) return `rule ${finding.rule} failed`;
    const gaps = notEvaluated.get(`${finding.rule}\u0000${finding.sourceId}`) ?? [];
    if (gaps.some((gap) => gapWithholds(gap.withholds, finding))) {
      return `rule ${finding.rule} not evaluated on ${finding.sourceId}`;
    }
    return undefined;
  };
}

function gapsByRuleAndSource(gaps: readonly NotEvaluatedGap[]): Map<string, NotEvaluatedGap[]> {
  const byKey = new Map<string, NotEvaluatedGap[]>();
  for (const gap of gaps) {
    const key = `${gap.rule}\u0000${gap.sourceId}`;
    byKey.set(key, [...(byKey.get(key) ?? []), gap]);
  }
  return byKey;
}

/** A source holds a finding when it holds the finding's subject, or the person the finding is about. */
function holds(subjects: HeldSubjects | undefined, finding: Finding): boolean {
  if (subjects === undefined) return false;
  if (subjects.all) return true;
  if (subjects.keys.has(subjectKey(finding.subject.type, finding.subject.id))) return true;
  return finding.personId !== null && subjects.keys.has(subjectKey("person", finding.personId));
}

function toStoredFinding(
  next: LifecycleFinding,
  scanId: string,
  previous: StoredFindingState | null,
): StoredFinding {
  const { status, firstSeenAt, lastSeenAt, resolvedAt, reopenedAt } = next;
  const stored: StoredFinding = {
    status: storedStatusOf(next),
    firstSeenAt,
    lastSeenAt,
    finding: findingPart(next),
    scanId,
    previous,
  };
  // A reopened finding keeps the instant it was last resolved, as history.
  const lastResolvedAt = resolvedAt ?? (status === "resolved" ? undefined : previous?.resolvedAt);
  if (lastResolvedAt !== undefined) stored.resolvedAt = lastResolvedAt;
  if (reopenedAt !== undefined) stored.reopenedAt = reopenedAt;
  return stored;
}

function storedStatusOf(finding: LifecycleFinding): StoredStatus {
  if (finding.status === "open") return "reopened";
  return finding.status;
}
