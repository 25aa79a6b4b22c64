/**
 * Builds the read-only `ScanContext` rules evaluate: person facts, correlation of every account,
 * asset and resource, service-account flags, offboarding records by person.
 */
import { Correlator, type IdentityMapEntry } from "./correlation.ts";
import type { Account, Asset, Instant, OffboardingRecord, Person, Resource } from "./model.ts";
import { personFacts } from "./person-facts.ts";
import type { Policy } from "./policy.ts";
import type {
  CorrelatedAccount,
  CorrelatedAsset,
  CorrelatedResource,
  PersonFacts,
  ScanContext,
  SourceInfo,
} from "./scan-context.ts";
import type { Calendar } from "./time.ts";

export interface ServiceAccountPattern {
  /** Source id; every source when absent. */
  source?: string;
  pattern: string;
}

export interface ScanInputs {
  now: Instant;
  /** Calendar days and times in the org zone (its `zone`); the scan's choice: functions/fast/iso-time-parser.ts. */
  calendar: Calendar;
  policy: Policy;
  entitlements: Readonly<Record<string, { departments: readonly string[] }>>;
  emailDomains: readonly string[];
  serviceAccounts: readonly ServiceAccountPattern[];
  identityMap: readonly IdentityMapEntry[];
  rosterSourceId: string;
  sources: readonly SourceInfo[];
  people: readonly Person[];
  accounts: readonly Account[];
  assets: readonly Asset[];
  offboarding: readonly OffboardingRecord[];
  resources: readonly Resource[];
}

export function buildScanContext(inputs: ScanInputs): ScanContext {
  const { now, calendar, policy } = inputs;
  const people = inputs.people.map((p) => personFacts(p, now, calendar, policy.disableWithinHours));
  const peopleById = new Map<string, PersonFacts>();
  for (const facts of people) peopleById.set(facts.person.employeeId, facts);

  const correlator = new Correlator(people, inputs.emailDomains, inputs.identityMap);
  const isServiceAccount = serviceAccountMatcher(inputs.serviceAccounts);

  const accounts: CorrelatedAccount[] = new Array(inputs.accounts.length);
  for (let i = 0; i < inputs.accounts.length; i++) {
    const account = inputs.accounts[i] as Account;
    const service = isServiceAccount(account);
    // Root users are the cloud account itself, never a person's.
    const match = account.isRoot
      ? undefined
      : correlator.match({
          sourceId: account.sourceId,
          recordId: account.accountId,
          employeeId: account.employeeId,
          email: account.email,
          username: account.username,
        });
    accounts[i] = match
      ? { account, match, isServiceAccount: service }
      : { account, isServiceAccount: service };
  }

  const assets: CorrelatedAsset[] = inputs.assets.map((asset) => {
    const match =
      asset.assignedTo === undefined
        ? undefined
        : correlator.matchHolder(asset.sourceId, asset.assetId, asset.assignedTo);
    return match ? { asset, match } : { asset };
  });

  const resources: CorrelatedResource[] = inputs.resources.map((resource) => {
    const match =
      resource.ownerId === undefined
        ? undefined
        : correlator.matchHolder(resource.sourceId, resource.resourceId, resource.ownerId);
    return match ? { resource, match } : { resource };
  });

  const offboardingByEmployee = new Map<string, OffboardingRecord[]>();
  for (const record of inputs.offboarding) {
    const list = offboardingByEmployee.get(record.employeeId);
    if (list) list.push(record);
    else offboardingByEmployee.set(record.employeeId, [record]);
  }

  return {
    now,
    zone: calendar.zone,
    calendar,
    policy,
    entitlements: inputs.entitlements,
    rosterSourceId: inputs.rosterSourceId,
    people,
    peopleById,
    sources: inputs.sources,
    sourcesById: new Map(inputs.sources.map((s) => [s.id, s])),
    accounts,
    assets,
    resources,
    offboardingByEmployee,
    offboardingSourceIds: inputs.sources.filter((s) => s.kind === "offboarding-records").map((s) => s.id),
  };
}

/** Patterns compile once; each is tested against an account's id, username and email. */
function serviceAccountMatcher(patterns: readonly ServiceAccountPattern[]): (account: Account) => boolean {
  const compiled = patterns.map((p) => ({ source: p.source, regex: new RegExp(p.pattern) }));
  if (compiled.length === 0) return () => false;
  return (account) => {
    for (const { source, regex } of compiled) {
      if (source !== undefined && source !== account.sourceId) continue;
      if (regex.test(account.accountId)) return true;
      if (account.username !== undefined && regex.test(account.username)) return true;
      if (account.email !== undefined && regex.test(account.email)) return true;
    }
    return false;
  };
}
