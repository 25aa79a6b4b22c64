/**
 * One scan, start to finish in memory: collect every source, guard the roster, correlate, run
 * every rule, and assemble the `ScanResult` the outputs render from.
 */
import { createHash } from "node:crypto";
import type { LoadedConfig } from "../config/load-config.ts";
import { resolveConfigPath } from "../config/load-config.ts";
import { buildScanContext, type ScanInputs } from "../core/build-context.ts";
import type { IdentityMapEntry } from "../core/correlation.ts";
import { runRules } from "../core/engine.ts";
import type { Account, Asset, Instant, OffboardingRecord, Person, Resource } from "../core/model.ts";
import { orgCurrency } from "../core/money.ts";
import type { Policy } from "../core/policy.ts";
import { ALL_RULES } from "../core/rules/registry.ts";
import type { ScanContext } from "../core/scan-context.ts";
import { judgeSource } from "../core/source-health.ts";
import { toIso } from "../core/time.ts";
import { calendarFor } from "../fast/cached-calendar.ts";
import { timeParserFor } from "../fast/iso-time-parser.ts";
import type { PersonSummary, ScanResult, SourceSummary } from "./contract/scan-result.ts";
import { loadIdentityMap } from "./load-identity-map.ts";
import { type CollectedSource, collectSource } from "./parse-source-export.ts";

export type ScanProgress =
  | { type: "source"; source: CollectedSource }
  | { type: "step"; step: string; durationMs: number; detail: string };

export interface ScanOptions {
  config: LoadedConfig;
  now: Instant;
  onProgress?: (event: ScanProgress) => void;
}

export type ScanOutcome =
  | { status: "completed"; result: ScanResult; context: ScanContext }
  | { status: "aborted"; reason: string; sources: SourceSummary[] };

export async function runScan({ config, now, onProgress }: ScanOptions): Promise<ScanOutcome> {
  const time = timeParserFor(config.timezone);
  const progress = onProgress ?? (() => {});

  const collected: CollectedSource[] = [];
  for (const source of config.sources) {
    const result = judgedWithoutHistory(await collectSource(config, source, time), config.policy);
    collected.push(result);
    progress({ type: "source", source: result });
  }
  const sources = collected.map(toSourceSummary);

  const roster = collected.find((c) => c.info.kind === "roster");
  if (!roster || roster.info.status === "failed" || roster.records?.kind !== "roster") {
    // Without the roster every account would look orphaned and every leaver would vanish.
    return {
      status: "aborted",
      reason: `the roster source failed: ${roster?.errors[0] ?? "no roster configured"}`,
      sources,
    };
  }

  let identityMap: IdentityMapEntry[] = [];
  if (config.identityMap !== undefined) {
    const loaded = await loadIdentityMap(
      resolveConfigPath(config, config.identityMap),
      new Set(config.sources.map((s) => s.id)),
    );
    identityMap = loaded.entries;
    progress({
      type: "step",
      step: "identity map",
      durationMs: 0,
      detail: `${loaded.entries.length} entries, ${loaded.rejected.length} rejected`,
    });
  }

  const correlateStarted = performance.now();
  const context = buildScanContext(
    scanInputsFor(config, collected, roster.records.records, identityMap, now),
  );
  const correlated = context.accounts.filter((a) => a.match !== undefined).length;
  progress({
    type: "step",
    step: "correlate",
    durationMs: performance.now() - correlateStarted,
    detail: `${context.people.length} people, ${correlated} of ${context.accounts.length} accounts matched`,
  });

  const rulesStarted = performance.now();
  const engine = runRules(context, ALL_RULES);
  progress({
    type: "step",
    step: "rules",
    durationMs: performance.now() - rulesStarted,
    detail: `${ALL_RULES.length} rules, ${engine.findings.length} findings, ${engine.ruleErrors.length} rule errors`,
  });

  const result: ScanResult = {
    schemaVersion: 1,
    scanId: scanIdFor(config.organization, now),
    organization: config.organization,
    evaluatedAt: toIso(now),
    timezone: config.timezone,
    currency: orgCurrency(config),
    sources,
    rules: ALL_RULES.map((r) => ({
      id: r.id,
      title: r.title,
      severityLogic: r.severityLogic,
      controls: r.controls,
      rationale: r.rationale,
    })),
    findings: engine.findings,
    notEvaluated: engine.notEvaluated,
    ruleErrors: engine.ruleErrors,
    people: peopleInFindings(context, engine.findings),
  };
  return { status: "completed", result, context };
}

/**
 * Without scan history only the share of rejected records can be judged (SPEC §5): a source that
 * rejects too much is suspect here as in the state machine.
 */
function judgedWithoutHistory(collected: CollectedSource, policy: Policy): CollectedSource {
  if (collected.info.status !== "ok") return collected;
  const verdict = judgeSource({ records: collected.recordCount, rejected: collected.rejectedCount }, policy);
  if (!verdict.suspect) return collected;
  return {
    ...collected,
    info: { ...collected.info, status: "suspect" },
    suspect: { reasons: verdict.reasons, previousRecords: null, accepted: null },
  };
}

/**
 * Deterministic for an org and instant, so a redelivered schedule is the same scan; `run`
 * distinguishes deliberate re-runs for the same instant (each CLI invocation is a new scan).
 */
export function scanIdFor(organization: string, now: Instant, run = ""): string {
  const stamp = toIso(now)
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  const digest = createHash("sha256")
    .update(`${organization}\u0000${now}\u0000${run}`)
    .digest("hex")
    .slice(0, 8);
  return `${stamp}-${digest}`;
}

/** What correlation and the rules need, from the config and the collected sources. */
export function scanInputsFor(
  config: LoadedConfig,
  collected: readonly CollectedSource[],
  people: readonly Person[],
  identityMap: readonly IdentityMapEntry[],
  now: Instant,
): ScanInputs {
  const roster = collected.find((c) => c.info.kind === "roster");
  return {
    now,
    calendar: calendarFor(config.timezone),
    policy: config.policy,
    entitlements: config.entitlements,
    emailDomains: config.emailDomains,
    serviceAccounts: config.serviceAccounts,
    identityMap,
    rosterSourceId: roster?.info.id ?? "",
    sources: collected.map((c) => c.info),
    people,
    ...gatherRecords(collected),
  };
}

function gatherRecords(collected: readonly CollectedSource[]): {
  accounts: Account[];
  assets: Asset[];
  offboarding: OffboardingRecord[];
  resources: Resource[];
} {
  const accounts: Account[] = [];
  const assets: Asset[] = [];
  const offboarding: OffboardingRecord[] = [];
  const resources: Resource[] = [];
  for (const c of collected) {
    const r = c.records;
    if (!r) continue;
    // Loops instead of spread: a spread of 150k elements can overflow the call stack.
    if (r.kind === "accounts") for (const x of r.records) accounts.push(x);
    else if (r.kind === "assets") for (const x of r.records) assets.push(x);
    else if (r.kind === "offboarding-records") for (const x of r.records) offboarding.push(x);
    else if (r.kind === "resources") for (const x of r.records) resources.push(x);
  }
  return { accounts, assets, offboarding, resources };
}

export function toSourceSummary(c: CollectedSource): SourceSummary {
  const errors =
    c.rejectedCount > c.errors.length && c.info.status !== "failed"
      ? [...c.errors, `… and ${c.rejectedCount - c.errors.length} more rejected records`]
      : c.errors;
  const warnings =
    c.warningCount > c.warnings.length
      ? [...c.warnings, `… and ${c.warningCount - c.warnings.length} more warnings`]
      : c.warnings;
  return {
    id: c.info.id,
    kind: c.info.kind,
    format: c.info.format,
    status: c.info.status,
    records: c.recordCount,
    rejected: c.rejectedCount,
    errors,
    warnings,
    warningCount: c.warningCount,
    durationMs: Math.round(c.durationMs),
    ...(c.info.exportedAt !== undefined ? { exportedAt: toIso(c.info.exportedAt) } : {}),
    ...(c.suspect !== undefined ? { suspect: c.suspect } : {}),
  };
}

/** People referenced by findings, and their managers (digests are routed to them). */
export function peopleInFindings(
  context: ScanContext,
  findings: ScanResult["findings"],
): Record<string, PersonSummary> {
  const people: Record<string, PersonSummary> = {};
  for (const finding of findings)
    if (finding.personId !== null) addRosterPerson(people, context, finding.personId);
  return people;
}

/**
 * Leavers no longer on the roster (core/vanished-departures.ts) as the last scan knew them, with
 * their managers as the roster knows them now: while their findings are held, those keep the
 * leaver's name and termination date (their task its key) and their manager's digest an address.
 */
export function removedPeople(
  employeeIds: readonly string[],
  previous: Readonly<Record<string, PersonSummary>>,
  context: ScanContext,
): Record<string, PersonSummary> {
  const people: Record<string, PersonSummary> = {};
  for (const employeeId of employeeIds) {
    const person = previous[employeeId];
    if (person === undefined) continue;
    people[employeeId] = person;
    if (person.managerId !== undefined) addRosterPerson(people, context, person.managerId);
  }
  return people;
}

/** A person on the roster and their chain of managers, unless already there. */
function addRosterPerson(people: Record<string, PersonSummary>, context: ScanContext, employeeId: string) {
  if (people[employeeId]) return;
  const facts = context.peopleById.get(employeeId);
  if (!facts) return;
  const { person } = facts;
  people[employeeId] = {
    ...(person.name !== undefined ? { name: person.name } : {}),
    ...(person.email !== undefined ? { email: person.email } : {}),
    ...(person.department !== undefined ? { department: person.department } : {}),
    ...(person.managerId !== undefined ? { managerId: person.managerId } : {}),
    ...(person.terminationDate !== undefined ? { terminationDate: person.terminationDate } : {}),
    ...(facts.departed && facts.terminationInstant !== undefined
      ? { departedAt: toIso(facts.terminationInstant) }
      : {}),
  };
  if (person.managerId !== undefined) addRosterPerson(people, context, person.managerId);
}

export function ruleSummaries(): ScanResult["rules"] {
  return ALL_RULES.map((r) => ({
    id: r.id,
    title: r.title,
    severityLogic: r.severityLogic,
    controls: r.controls,
    rationale: r.rationale,
  }));
}
