/**
 * Builds a small org as `ScanInputs` with sensible defaults and turns it into the real
 * `ScanContext` (person facts + correlation), so rule tests exercise real correlation.
 *
 * Defaults: `now` = 2025-06-16T14:00:00Z, zone America/New_York, SPEC §2 default policy,
 * a roster source `hr` and an accounts source `app` that provides every optional field, both
 * exported a day before `now`. Asset, offboarding and resource sources (`laptops`, `tickets`,
 * `jobs`) are added the first time a record of that kind is.
 */

import { DEFAULT_POLICY } from "../../functions/config/schema.ts";
import { buildScanContext, type ScanInputs } from "../../functions/core/build-context.ts";
import type {
  Account,
  AccountField,
  Asset,
  Instant,
  OffboardingRecord,
  Person,
  Resource,
} from "../../functions/core/model.ts";
import type { Policy } from "../../functions/core/policy.ts";
import type { ScanContext, SourceInfo } from "../../functions/core/scan-context.ts";
import { DAY_MS } from "../../functions/core/time.ts";
import { calendarFor } from "../../functions/fast/cached-calendar.ts";

export const ZONE = "America/New_York";

/** An instant from an ISO-8601 timestamp that carries its offset (tests never read the clock). */
export function at(iso: string): Instant {
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(iso)) throw new Error(`test timestamp needs an offset: ${iso}`);
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`not a timestamp: ${iso}`);
  return ms;
}

export const DEFAULT_NOW = at("2025-06-16T14:00:00Z");

export { DEFAULT_POLICY };

export const ALL_ACCOUNT_FIELDS: readonly AccountField[] = [
  "lastLoginAt",
  "disabledAt",
  "createdAt",
  "credentials",
  "groups",
  "privileged",
];

export const ROSTER_SOURCE = "hr";
export const ACCOUNTS_SOURCE = "app";

type SourceSpec = Partial<Omit<SourceInfo, "provides">> &
  Pick<SourceInfo, "id" | "kind"> & { provides?: readonly AccountField[] };
type PersonSpec = Partial<Person> & Pick<Person, "employeeId">;
type AccountSpec = Partial<Account> & Pick<Account, "accountId">;
type AssetSpec = Partial<Asset> & Pick<Asset, "assetId">;
type OffboardingSpec = Partial<OffboardingRecord> & Pick<OffboardingRecord, "employeeId">;
type ResourceSpec = Partial<Resource> & Pick<Resource, "resourceId">;

export interface ScenarioOptions {
  now?: Instant;
  zone?: string;
  policy?: Partial<Policy>;
}

export class Scenario {
  readonly now: Instant;
  readonly zone: string;
  private policyValues: Policy;
  private readonly sourceList: SourceInfo[] = [];
  private readonly people: Person[] = [];
  private readonly accounts: Account[] = [];
  private readonly assets: Asset[] = [];
  private readonly offboarding: OffboardingRecord[] = [];
  private readonly resources: Resource[] = [];
  private readonly entitlements: Record<string, { departments: readonly string[] }> = {};
  private readonly serviceAccounts: { source?: string; pattern: string }[] = [];
  private readonly identityMap: { sourceId: string; accountId: string; employeeId: string }[] = [];
  private emailDomains: readonly string[] = ["acme.com", "acme.io"];

  constructor(options: ScenarioOptions = {}) {
    this.now = options.now ?? DEFAULT_NOW;
    this.zone = options.zone ?? ZONE;
    this.policyValues = { ...DEFAULT_POLICY, ...options.policy };
    this.source({ id: ROSTER_SOURCE, kind: "roster", format: "csv", provides: [] });
    this.source({ id: ACCOUNTS_SOURCE, kind: "accounts", format: "okta" });
  }

  policy(values: Partial<Policy>): this {
    this.policyValues = { ...this.policyValues, ...values };
    return this;
  }

  domains(domains: readonly string[]): this {
    this.emailDomains = domains;
    return this;
  }

  /** Adds a source, or replaces the one with the same id. Account sources provide every field unless told. */
  source(spec: SourceSpec): this {
    const { provides, ...rest } = spec;
    const info: SourceInfo = {
      format: "csv",
      status: "ok",
      exportedAt: this.now - DAY_MS,
      exportedAtFrom: "config",
      ...rest,
      provides: new Set(provides ?? (spec.kind === "accounts" ? ALL_ACCOUNT_FIELDS : [])),
    };
    const index = this.sourceList.findIndex((s) => s.id === spec.id);
    if (index >= 0) this.sourceList[index] = info;
    else this.sourceList.push(info);
    return this;
  }

  /** Replaces a source's fields, keeping the rest. */
  updateSource(id: string, changes: Partial<SourceSpec>): this {
    const current = this.sourceList.find((s) => s.id === id);
    if (current === undefined) throw new Error(`no source ${id} in this scenario`);
    return this.source({ ...current, provides: [...current.provides], ...changes, id, kind: current.kind });
  }

  person(spec: PersonSpec): this {
    this.people.push({ status: "active", workerType: "employee", hireDate: "2019-03-04", ...spec });
    return this;
  }

  /** A person who left on `terminationDate` (their last working day). */
  leaver(spec: PersonSpec & Pick<Person, "terminationDate">): this {
    return this.person({ status: "terminated", ...spec });
  }

  account(spec: AccountSpec): this {
    this.accounts.push({
      sourceId: ACCOUNTS_SOURCE,
      enabled: true,
      privileged: false,
      groups: [],
      credentials: [],
      ...spec,
    });
    return this;
  }

  asset(spec: AssetSpec): this {
    const sourceId = spec.sourceId ?? "laptops";
    this.ensureSource(sourceId, "assets", "snipeit");
    this.assets.push({ sourceId, status: "deployed", ...spec });
    return this;
  }

  offboardingRecord(spec: OffboardingSpec): this {
    const sourceId = spec.sourceId ?? "tickets";
    this.ensureSource(sourceId, "offboarding-records", "csv");
    this.offboarding.push({ sourceId, ...spec });
    return this;
  }

  resource(spec: ResourceSpec): this {
    const sourceId = spec.sourceId ?? "jobs";
    this.ensureSource(sourceId, "resources", "csv");
    this.resources.push({ sourceId, ...spec });
    return this;
  }

  entitlement(group: string, departments: readonly string[]): this {
    this.entitlements[group] = { departments };
    return this;
  }

  serviceAccount(pattern: string, source?: string): this {
    this.serviceAccounts.push(source === undefined ? { pattern } : { source, pattern });
    return this;
  }

  identity(sourceId: string, accountId: string, employeeId: string): this {
    this.identityMap.push({ sourceId, accountId, employeeId });
    return this;
  }

  inputs(): ScanInputs {
    return {
      now: this.now,
      calendar: calendarFor(this.zone),
      policy: this.policyValues,
      entitlements: this.entitlements,
      emailDomains: this.emailDomains,
      serviceAccounts: this.serviceAccounts,
      identityMap: this.identityMap,
      rosterSourceId: ROSTER_SOURCE,
      sources: this.sourceList,
      people: this.people,
      accounts: this.accounts,
      assets: this.assets,
      offboarding: this.offboarding,
      resources: this.resources,
    };
  }

  build(): ScanContext {
    return buildScanContext(this.inputs());
  }

  private ensureSource(id: string, kind: SourceInfo["kind"], format: string): void {
    if (!this.sourceList.some((s) => s.id === id)) this.source({ id, kind, format });
  }
}

export function scenario(options?: ScenarioOptions): Scenario {
  return new Scenario(options);
}
