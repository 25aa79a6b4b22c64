/**
 * The canonical model (SPEC §3). Every source format is parsed into these shapes.
 * Instants are epoch milliseconds (UTC); calendar dates are ISO `YYYY-MM-DD` strings in the
 * org's time zone. Numbers instead of DateTime objects keep a million-account scan cheap.
 */

/** Epoch milliseconds, UTC. */
export type Instant = number;
/** Calendar date `YYYY-MM-DD`, interpreted in the org's time zone. */
export type IsoDate = string;

export const SOURCE_KINDS = ["roster", "accounts", "assets", "offboarding-records", "resources"] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/**
 * `unknown`: the roster has a status the scanner could not map (it is kept, with a warning).
 * Departure is decided by dates alone (SPEC §3); the status is evidence for the reader, and
 * `terminated` takes a person out of the rules for active people (`isActive`, person-facts.ts).
 */
export const PERSON_STATUSES = ["active", "terminated", "leave", "unknown"] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];

export const WORKER_TYPES = ["employee", "contractor"] as const;
export type WorkerType = (typeof WORKER_TYPES)[number];

export interface Person {
  employeeId: string;
  email?: string;
  name?: string;
  /** Absent when the roster has no status (many HR exports carry only dates). */
  status?: PersonStatus;
  workerType?: WorkerType;
  hireDate?: IsoDate;
  /** Last day of employment. */
  terminationDate?: IsoDate;
  /** Exact instant of termination (e.g. for-cause); overrides `terminationDate`. */
  terminatedAt?: Instant;
  managerId?: string;
  department?: string;
  title?: string;
  previousDepartment?: string;
  roleChangedAt?: Instant;
}

export interface Credential {
  id: string;
  active: boolean;
  createdAt?: Instant;
  lastUsedAt?: Instant;
}

export interface Account {
  sourceId: string;
  accountId: string;
  username?: string;
  email?: string;
  employeeId?: string;
  displayName?: string;
  enabled: boolean;
  privileged: boolean;
  createdAt?: Instant;
  lastLoginAt?: Instant;
  disabledAt?: Instant;
  deleteAfter?: Instant;
  groups: string[];
  monthlyCost?: number;
  credentials: Credential[];
  /** Cloud root users (the credential report's `<root_account>`): never correlated, never orphaned. */
  isRoot?: boolean;
}

export interface Asset {
  sourceId: string;
  assetId: string;
  serial?: string;
  type?: string;
  /** Employee id, email or username of the holder. */
  assignedTo?: string;
  assignedAt?: Instant;
  status?: string;
  /** The device's last check-in with its management system, where the system records one. */
  lastSeenAt?: Instant;
}

export interface OffboardingRecord {
  sourceId: string;
  employeeId: string;
  ticketId?: string;
  requestedAt?: Instant;
  requestedBy?: string;
  approvedBy?: string;
  approvedAt?: Instant;
  completedAt?: Instant;
  completedBy?: string;
}

export interface Resource {
  sourceId: string;
  resourceId: string;
  type?: string;
  /** Employee id, email or username of the owner. */
  ownerId?: string;
  schedule?: string;
}

export interface RecordsByKind {
  roster: Person;
  accounts: Account;
  assets: Asset;
  "offboarding-records": OffboardingRecord;
  resources: Resource;
}

/**
 * Canonical fields a source can provide. Rules that need a field a source does not provide
 * report "not evaluated" for that source instead of guessing (SPEC §4).
 */
export type AccountField =
  | "lastLoginAt"
  | "disabledAt"
  | "createdAt"
  | "credentials"
  | "groups"
  | "privileged";

/** A record that failed validation: it is reported and skipped; the rest of the source is used. */
export interface RejectedRecord {
  /** Where in the file: `line 12` (CSV, header is line 1) or `users[5]` (JSON). */
  record: string;
  /** The source's own field (column or JSON key path). */
  field: string;
  /** What was expected, and what was found. */
  reason: string;
}

/**
 * Something a source's records carry that the reader should know, where the record was still used:
 * an unknown status word, a malformed optional field that was dropped. Shaped like a rejection.
 */
export type RecordWarning = RejectedRecord;
