/**
 * PersistFindings: merges the partitions' findings (a finding computed in two partitions is the
 * same finding, by id), reconciles the lifecycle against the previous scan — writing only what
 * changed — and stores the scan's metadata for the report.
 */

import type { Finding } from "../../core/finding.ts";
import { type HeldSubjects, subjectKey } from "../../core/held-subjects.ts";
import { type LeaverFacts, mergeLeaverFacts } from "../../core/leaver-timeline.ts";
import type { LifecycleFinding } from "../../core/lifecycle/types.ts";
import type { Instant } from "../../core/model.ts";
import { orgCurrency } from "../../core/money.ts";
import { compareFindings } from "../../core/order.ts";
import { type SlaBreaches, slaBreaches } from "../../core/sla-breaches.ts";
import { DAY_MS } from "../../core/time.ts";
import type { VanishedDeparture } from "../../core/vanished-departures.ts";
import { getJson, putJson } from "../../ports/json-blob.ts";
import { readJsonLinesBlob } from "../../ports/json-lines-blob.ts";
import {
  loadBaseline,
  type PersistLifecycleSummary,
  persistLifecycle,
} from "../../ports/persist-lifecycle.ts";
import { blobKeys, isSourceSnapshotKey } from "../contract/blob-keys.ts";
import type { PersonSummary, ScanResult, SourceSummary } from "../contract/scan-result.ts";
import { collectedFromSummary, loadSummaries } from "../load-collected.ts";
import { ruleSummaries, toSourceSummary } from "../run-scan.ts";
import type { ScanDependencies } from "../scan-dependencies.ts";
import { vanishedDepartureWarnings } from "../vanished-departure-warning.ts";
import { sourceCountsAfter } from "./finish-scan.ts";
import type { PartitionMeta, ReconcilePartitionOutput } from "./reconcile-partition.ts";
import { ACCEPT_ROSTER_CHANGE_STEP, type Acceptance, acceptSourceChangeStep } from "./start-scan.ts";

export interface PersistFindingsInput {
  scanId: string;
  partitions: ReconcilePartitionOutput[];
}

export interface PersistFindingsOutput extends PersistLifecycleSummary {
  rosterRecords: number;
  ruleErrors: number;
  failedSources: number;
  suspectSources: number;
}

/** Everything report.html needs besides the findings themselves. */
export type ScanMeta = Omit<ScanResult, "findings">;

export async function persistFindings(
  deps: ScanDependencies,
  input: PersistFindingsInput,
): Promise<PersistFindingsOutput> {
  const { scanId } = input;
  const config = await deps.loadConfig();
  const run = await deps.stateStore.getScanRun(scanId);
  if (!run) throw new Error(`PersistFindings: scan ${scanId} was never started`);

  // The previous result decompresses off this thread while the partitions are merged.
  const baseline = loadBaseline(deps.stateStore, deps.blobStore, scanId);
  // A done step (a retry) does not read it: its failure is then nobody's.
  baseline.catch(() => {});
  // Reconcile is done with the parsed exports: free them before the lifecycle's own allocations.
  for (const key of [...deps.memory.keys()]) if (isSourceSnapshotKey(key)) deps.memory.delete(key);
  const findings = await mergePartitionFindings(deps, input.partitions);
  const metas = await Promise.all(
    input.partitions.map(async (p) => {
      const meta = await getJson<PartitionMeta>(deps.blobStore, p.metaKey);
      if (!meta) throw new Error(`PersistFindings: partition blob ${p.metaKey} is missing`);
      return meta;
    }),
  );
  const notEvaluated = uniqueBy(
    metas.flatMap((m) => m.notEvaluated),
    (n) => `${n.rule}\u0000${n.sourceId}`,
  );
  const ruleErrors = uniqueBy(
    metas.flatMap((m) => m.ruleErrors),
    (e) => `${e.rule}\u0000${e.message}`,
  );
  const people: Record<string, PersonSummary> = Object.assign({}, ...metas.map((m) => m.people));

  const summaries = await loadSummaries(deps, config, scanId);
  const sourceStatus = new Map(summaries.map((s) => [s.info.id, s.info.status]));
  const held = new Map(
    summaries.map((s): [string, HeldSubjects] => [
      s.info.id,
      { keys: new Set(s.held ?? []), all: s.heldAll ?? false },
    ]),
  );
  const roster = summaries.find((s) => s.info.kind === "roster");
  const vanished = metas.flatMap((m) => m.vanishedDepartures ?? []);
  const vanishedAccepted =
    roster !== undefined && vanished.length > 0
      ? await rosterChangeAccepted(deps, scanId, roster.info.id)
      : undefined;
  // Unless the change was accepted, the roster vouches for none of them: their findings are held,
  // and those no longer on it keep the name and departure the last scan knew.
  if (roster !== undefined && vanished.length > 0 && vanishedAccepted === undefined) {
    const rosterHeld = held.get(roster.info.id) ?? { keys: new Set<string>(), all: false };
    held.set(roster.info.id, {
      keys: new Set([...rosterHeld.keys, ...vanished.map((v) => subjectKey("person", v.employeeId))]),
      all: rosterHeld.all,
    });
    for (const meta of metas) addMissing(people, meta.removedPeople ?? {});
  }
  const vanishedWarnings =
    roster !== undefined ? vanishedDepartureWarnings(vanished, roster.info.id, vanishedAccepted) : [];
  const outcome = await persistLifecycle({
    stateStore: deps.stateStore,
    blobStore: deps.blobStore,
    scanId,
    now: run.evaluatedAt,
    recordedAt: run.startedAt,
    findings,
    sourceStatus,
    held,
    failedRules: new Set(ruleErrors.map((e) => e.rule)),
    notEvaluated,
    baseline,
  });
  if (outcome.reconciled) {
    deps.memory.set(outcome.summary.resultKey, [
      ...outcome.reconciled.findings,
      ...outcome.reconciled.carried,
    ]);
  }

  const meta: ScanMeta = {
    schemaVersion: 1,
    scanId,
    organization: config.organization,
    evaluatedAt: new Date(run.evaluatedAt).toISOString(),
    timezone: config.timezone,
    currency: orgCurrency(config),
    sources: summaries.map((s) => {
      const summary = toSourceSummary(collectedFromSummary(s));
      return s === roster ? withWarningsFirst(summary, vanishedWarnings) : summary;
    }),
    rules: ruleSummaries(),
    notEvaluated,
    ruleErrors,
    people: rememberDepartures(
      await withCarriedPeople(deps, people, outcome.summary, scanId),
      vanished,
      vanishedAccepted !== undefined,
    ),
  };
  if (roster !== undefined && vanished.length > 0) {
    meta.vanishedDepartures = {
      sourceId: roster.info.id,
      removed: vanished.filter((v) => v.kind === "removed").length,
      undated: vanished.filter((v) => v.kind === "undated").length,
      accepted:
        vanishedAccepted === undefined ? null : { by: vanishedAccepted.by, reason: vanishedAccepted.reason },
      warnings: vanishedWarnings,
    };
  }
  const leavers = mergeLeaverFacts(metas.map((m) => m.leavers));
  leavers.slaBreaches = await breachesOf(deps, scanId, outcome.summary, leavers, {
    lookbackStart: run.evaluatedAt - config.policy.lookbackDays * DAY_MS,
  });
  await Promise.all([
    putJson(deps.blobStore, blobKeys.scanMeta(scanId), meta),
    putJson(deps.blobStore, blobKeys.leavers(scanId), leavers),
  ]);
  // From here the result blob is the truth: the next scan's baseline, even if publishing fails.
  await deps.stateStore.recordPersisted(scanId, {
    persistedAt: Date.now(),
    resultKey: outcome.summary.resultKey,
    resultSha256: outcome.summary.resultSha256,
    rosterRecords: roster?.recordCount ?? 0,
    sourceCounts: await sourceCountsAfter(deps, scanId),
  });
  return {
    ...outcome.summary,
    rosterRecords: roster?.recordCount ?? 0,
    ruleErrors: ruleErrors.length,
    failedSources: summaries.filter((s) => s.info.status === "failed").length,
    suspectSources: summaries.filter((s) => s.info.status === "suspect").length,
  };
}

/** Who accepted a change of the roster in this scan (`--accept-source-change`, `--accept-roster-change`). */
async function rosterChangeAccepted(
  deps: ScanDependencies,
  scanId: string,
  rosterId: string,
): Promise<Acceptance | undefined> {
  return (
    (await deps.stateStore.getStep<Acceptance>(scanId, acceptSourceChangeStep(rosterId))) ??
    (await deps.stateStore.getStep<Acceptance>(scanId, ACCEPT_ROSTER_CHANGE_STEP))
  );
}

function withWarningsFirst(summary: SourceSummary, first: readonly string[]): SourceSummary {
  if (first.length === 0) return summary;
  const warnings = summary.warnings ?? [];
  return {
    ...summary,
    warnings: [...first, ...warnings],
    warningCount: (summary.warningCount ?? warnings.length) + first.length,
  };
}

/** Adds the people `people` does not list yet. */
function addMissing(people: Record<string, PersonSummary>, more: Readonly<Record<string, PersonSummary>>) {
  for (const [employeeId, person] of Object.entries(more)) people[employeeId] ??= person;
}

/**
 * What the next scan knows of the departures that vanished in this one. Held, a person keeps the
 * termination the last scan read, so tomorrow's scan holds them again until the departure shows or
 * the change is accepted. Accepted, they keep none: a leaver no longer on the roster whose findings
 * are still carried (a rule not evaluated on a source) would otherwise be held again tomorrow.
 */
function rememberDepartures(
  people: Record<string, PersonSummary>,
  vanished: readonly VanishedDeparture[],
  accepted: boolean,
): Record<string, PersonSummary> {
  for (const departure of vanished) {
    const person = people[departure.employeeId];
    if (person === undefined) continue;
    if (accepted) {
      const { departedAt: _forgotten, ...rest } = person;
      people[departure.employeeId] = rest;
      continue;
    }
    people[departure.employeeId] = {
      ...person,
      ...(person.terminationDate === undefined && departure.terminationDate !== undefined
        ? { terminationDate: departure.terminationDate }
        : {}),
      departedAt: departure.departedAt,
    };
  }
  return people;
}

/**
 * The people of the findings this scan carried (kept open though not seen: their source failed or
 * was suspect), as the scan that last saw them knew them. Without them a leaver whose only open
 * findings were carried would lose their name and termination date in the report, and their task
 * would be closed and opened again under another key.
 */
async function withCarriedPeople(
  deps: ScanDependencies,
  people: Record<string, PersonSummary>,
  persisted: PersistLifecycleSummary,
  scanId: string,
): Promise<Record<string, PersonSummary>> {
  if (persisted.carried === 0 || persisted.baselineScanId === null) return people;
  const findings = await loadResultFindings(deps, scanId);
  const missing = new Set<string>();
  for (const finding of findings) {
    if (finding.personId !== null && people[finding.personId] === undefined) missing.add(finding.personId);
  }
  if (missing.size === 0) return people;
  const previous = await getJson<ScanMeta>(deps.blobStore, blobKeys.scanMeta(persisted.baselineScanId));
  if (previous === undefined) return people;
  const merged = { ...people };
  const add = (personId: string) => {
    const person = previous.people[personId];
    if (merged[personId] !== undefined || person === undefined) return;
    merged[personId] = person;
    if (person.managerId !== undefined) add(person.managerId);
  };
  for (const personId of missing) add(personId);
  return merged;
}

/** This scan's SLA breaches, with those the last persisted scan knew carried forward. */
async function breachesOf(
  deps: ScanDependencies,
  scanId: string,
  persisted: PersistLifecycleSummary,
  leavers: LeaverFacts,
  window: { lookbackStart: Instant },
): Promise<SlaBreaches> {
  const previous =
    persisted.baselineScanId === null
      ? undefined
      : await getJson<LeaverFacts>(deps.blobStore, blobKeys.leavers(persisted.baselineScanId));
  return slaBreaches({
    previous: previous?.slaBreaches,
    findings: await loadResultFindings(deps, scanId),
    terminatedAt: leavers.terminatedAt,
    lookbackStart: window.lookbackStart,
  });
}

/** The findings of a persisted scan (open and waived, with lifecycle fields), from memory or the blob. */
export async function loadResultFindings(
  deps: ScanDependencies,
  scanId: string,
): Promise<LifecycleFinding[]> {
  const key = blobKeys.findings(scanId);
  const cached = deps.memory.get(key) as LifecycleFinding[] | undefined;
  if (cached) return cached;
  const findings = await readJsonLinesBlob<LifecycleFinding>(deps.blobStore, key);
  if (!findings) throw new Error(`scan ${scanId}: result blob ${key} is missing`);
  return findings;
}

async function mergePartitionFindings(
  deps: ScanDependencies,
  partitions: readonly ReconcilePartitionOutput[],
): Promise<Finding[]> {
  const byId = new Map<string, Finding>();
  for (const partition of partitions) {
    const cached = deps.memory.get(partition.findingsKey) as Finding[] | undefined;
    const findings = cached ?? (await readJsonLinesBlob<Finding>(deps.blobStore, partition.findingsKey));
    if (!findings) throw new Error(`PersistFindings: partition blob ${partition.findingsKey} is missing`);
    for (const finding of findings) if (!byId.has(finding.id)) byId.set(finding.id, finding);
  }
  // Same order as a single-partition engine run.
  return partitions.length === 1 ? [...byId.values()] : [...byId.values()].sort(compareFindings);
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}
