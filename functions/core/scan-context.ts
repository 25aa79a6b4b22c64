/**
 * What rules see: the roster with each person's termination facts, every record correlated to a
 * person (with the method that matched), and each source's status and capabilities.
 * Built once per scan by `buildScanContext`; rules only read it.
 */
import type {
  Account,
  AccountField,
  Asset,
  Instant,
  OffboardingRecord,
  Person,
  Resource,
  SourceKind,
} from "./model.ts";
import type { Policy } from "./policy.ts";
import type { Calendar } from "./time.ts";

/** A person plus the derived facts every rule needs (SPEC §3 "Termination instant"). */
export interface PersonFacts {
  person: Person;
  /** `terminatedAt`, else start of the day after `terminationDate` in the org zone; absent for rehires and the active. */
  terminationInstant?: Instant;
  /** Termination instant is at or before `now`. */
  departed: boolean;
  /** Departed and termination + `disableWithinHours` has passed. */
  overdue: boolean;
}

export type MatchMethod = "identity-map" | "employee-id" | "email" | "username";

export interface Match {
  person: PersonFacts;
  method: MatchMethod;
  /** The value that matched (e.g. the email address). */
  on: string;
}

export interface CorrelatedAccount {
  account: Account;
  match?: Match;
  /** Matches a `serviceAccounts` pattern for its source. */
  isServiceAccount: boolean;
}

export interface CorrelatedAsset {
  asset: Asset;
  match?: Match;
}

export interface CorrelatedResource {
  resource: Resource;
  match?: Match;
}

/**
 * How a source came out of collection: `ok`; `suspect` — read, but with too few records against
 * its last successful collection or too many rejected (SPEC §5), so its records are used and its
 * silence proves nothing; `failed` — not read at all.
 */
export const SOURCE_STATUSES = ["ok", "suspect", "failed"] as const;
export type SourceStatus = (typeof SOURCE_STATUSES)[number];

/** Whether the source's records were read (and rules may look at them). */
export function wasRead(status: SourceStatus): boolean {
  return status !== "failed";
}

export interface SourceInfo {
  id: string;
  kind: SourceKind;
  format: string;
  status: SourceStatus;
  /** Optional account fields the source provides (empty for non-account sources). */
  provides: ReadonlySet<AccountField>;
  /** When the data was exported: config `exportedAt`, API read time, or file mtime. */
  exportedAt?: Instant;
  /** How `exportedAt` was determined, for evidence. */
  exportedAtFrom?: "config" | "file-mtime" | "api";
  monthlyCostPerSeat?: number;
}

export interface ScanContext {
  now: Instant;
  zone: string;
  /** Calendar days and ISO strings in `zone`, as the rules count deadlines. */
  calendar: Calendar;
  policy: Policy;
  /** Restricted group → departments allowed to hold it. */
  entitlements: Readonly<Record<string, { departments: readonly string[] }>>;
  rosterSourceId: string;
  people: readonly PersonFacts[];
  peopleById: ReadonlyMap<string, PersonFacts>;
  sources: readonly SourceInfo[];
  sourcesById: ReadonlyMap<string, SourceInfo>;
  accounts: readonly CorrelatedAccount[];
  assets: readonly CorrelatedAsset[];
  resources: readonly CorrelatedResource[];
  /** Offboarding records by employee id, from every offboarding-records source. */
  offboardingByEmployee: ReadonlyMap<string, readonly OffboardingRecord[]>;
  /** Ids of the offboarding-records sources (and whether any failed). */
  offboardingSourceIds: readonly string[];
}
