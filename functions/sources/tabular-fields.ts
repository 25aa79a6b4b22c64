/**
 * The `csv` and `json` formats carry any kind of record as flat fields. This maps such a record to
 * the canonical model (SPEC §2–3): which fields each kind has, which are required, how `columns`
 * renames them, and the per-kind checks (a terminated person needs a termination date, ids are
 * unique). The format parsers only say where each field's value is.
 */
import type {
  Account,
  AccountField,
  Asset,
  OffboardingRecord,
  Person,
  PersonStatus,
  RejectedRecord,
  Resource,
  SourceKind,
  WorkerType,
} from "../core/model.ts";
import { NO_CREDENTIALS } from "./empty-lists.ts";
import { EXPECTED_BOOLEAN, FieldReader } from "./field-reader.ts";
import type { ParsedRecords, ParseInput, ParseOutput } from "./parser.ts";
import { SourceFormatError } from "./parser.ts";

interface FieldSpec {
  readonly required?: true;
}

const OPTIONAL: FieldSpec = {};
const REQUIRED: FieldSpec = { required: true };

/** Mappable fields per kind. Keyed by the model's own field names, so the two cannot drift apart. */
const TABULAR_FIELDS: {
  roster: Record<keyof Person, FieldSpec>;
  accounts: Record<Exclude<keyof Account, "sourceId" | "credentials" | "isRoot">, FieldSpec>;
  assets: Record<Exclude<keyof Asset, "sourceId">, FieldSpec>;
  "offboarding-records": Record<Exclude<keyof OffboardingRecord, "sourceId">, FieldSpec>;
  resources: Record<Exclude<keyof Resource, "sourceId">, FieldSpec>;
} = {
  roster: {
    employeeId: REQUIRED,
    email: OPTIONAL,
    name: OPTIONAL,
    status: REQUIRED,
    workerType: OPTIONAL,
    hireDate: OPTIONAL,
    terminationDate: OPTIONAL,
    terminatedAt: OPTIONAL,
    managerId: OPTIONAL,
    department: OPTIONAL,
    title: OPTIONAL,
    previousDepartment: OPTIONAL,
    roleChangedAt: OPTIONAL,
  },
  accounts: {
    accountId: REQUIRED,
    username: OPTIONAL,
    email: OPTIONAL,
    employeeId: OPTIONAL,
    displayName: OPTIONAL,
    enabled: OPTIONAL,
    privileged: OPTIONAL,
    createdAt: OPTIONAL,
    lastLoginAt: OPTIONAL,
    disabledAt: OPTIONAL,
    deleteAfter: OPTIONAL,
    groups: OPTIONAL,
    monthlyCost: OPTIONAL,
  },
  assets: {
    assetId: REQUIRED,
    serial: OPTIONAL,
    type: OPTIONAL,
    assignedTo: OPTIONAL,
    assignedAt: OPTIONAL,
    status: OPTIONAL,
    lastSeenAt: OPTIONAL,
  },
  "offboarding-records": {
    employeeId: REQUIRED,
    ticketId: OPTIONAL,
    requestedAt: OPTIONAL,
    requestedBy: OPTIONAL,
    approvedBy: OPTIONAL,
    approvedAt: OPTIONAL,
    completedAt: OPTIONAL,
    completedBy: OPTIONAL,
  },
  resources: {
    resourceId: REQUIRED,
    type: OPTIONAL,
    ownerId: OPTIONAL,
    schedule: OPTIONAL,
  },
};

/** Optional account fields a csv/json source provides when it has their column (`credentials` never). */
const PROVIDABLE_ACCOUNT_FIELDS = ["lastLoginAt", "disabledAt", "createdAt", "groups", "privileged"] as const;

/** One canonical field of the source's kind and the column or key that holds it. */
export interface ColumnPlan {
  readonly field: string;
  readonly column: string;
  readonly required: boolean;
  /** Named in the source's `columns` (as opposed to looked up under the field's own name). */
  readonly explicit: boolean;
}

/**
 * The fields of `kind` and where each one is: `columns[field]`, else the field's own name.
 * An unknown key in `columns` is a config error: a typo must not silently drop a field.
 */
export function planColumns(
  kind: SourceKind,
  columns: Readonly<Record<string, string>> | undefined,
  file: string,
): ColumnPlan[] {
  const specs: Readonly<Record<string, FieldSpec>> = TABULAR_FIELDS[kind];
  for (const key of Object.keys(columns ?? {})) {
    if (!Object.hasOwn(specs, key)) {
      throw new SourceFormatError(
        file,
        `columns: "${key}" is not a field of ${kind} records; expected one of ${Object.keys(specs).join(", ")}`,
      );
    }
  }
  return Object.entries(specs).map(([field, spec]) => {
    const mapped = columns?.[field];
    return {
      field,
      column: mapped ?? field,
      required: spec.required === true,
      explicit: mapped !== undefined,
    };
  });
}

/** A csv/json file seen as records of flat values, in the order of the plan. */
export interface TabularTable {
  readonly plan: readonly ColumnPlan[];
  /** Whether the file has the column of plan slot `slot` at all (CSV: in the header; JSON: in any object). */
  has(slot: number): boolean;
  /**
   * Calls `visit` for each record with its values in plan order (the array is reused: read it, do not
   * keep it). Records that are broken as a whole (wrong field count, not an object) go to `rejected`.
   */
  forEach(visit: (values: ArrayLike<unknown>, recordNo: number) => void, rejected: RejectedRecord[]): void;
  /** A record's location for messages: `line 14`, `data.items[12]`. */
  where(recordNo: number): string;
}

/** Maps every record of a csv/json table to the source kind's canonical records. */
export function mapTabularRecords(input: ParseInput, table: TabularTable): ParseOutput {
  const reader = new FieldReader(table.plan, input.time, table.where);
  const rejected: RejectedRecord[] = [];
  const sourceId = input.source.id;
  const has = (field: string): boolean => {
    const slot = table.plan.findIndex((p) => p.field === field);
    return slot !== -1 && table.has(slot);
  };
  const collect = <T>(build: (r: FieldReader) => T | undefined, uniqueId?: UniqueId<T>): T[] =>
    collectRecords(table, reader, rejected, build, uniqueId);

  let records: ParsedRecords;
  let provides: ReadonlySet<AccountField> = new Set();
  switch (input.source.kind) {
    case "roster":
      records = {
        kind: "roster",
        records: collect(buildPerson, { field: "employeeId", of: (p) => p.employeeId }),
      };
      break;
    case "accounts": {
      // Many SaaS exports list only active members and have no status column at all.
      const enabledInFile = has("enabled");
      records = {
        kind: "accounts",
        records: collect((r) => buildAccount(r, sourceId, enabledInFile), {
          field: "accountId",
          of: (a) => a.accountId,
        }),
      };
      provides = new Set(PROVIDABLE_ACCOUNT_FIELDS.filter(has));
      break;
    }
    case "assets":
      records = {
        kind: "assets",
        records: collect((r) => buildAsset(r, sourceId), { field: "assetId", of: (a) => a.assetId }),
      };
      break;
    case "offboarding-records":
      records = { kind: "offboarding-records", records: collect((r) => buildOffboardingRecord(r, sourceId)) };
      break;
    case "resources":
      records = {
        kind: "resources",
        records: collect((r) => buildResource(r, sourceId), { field: "resourceId", of: (x) => x.resourceId }),
      };
      break;
  }
  return { records, rejected, provides };
}

/** The field that must be unique within the source, and how to read it off a built record. */
interface UniqueId<T> {
  field: string;
  of: (record: T) => string;
}

function collectRecords<T>(
  table: TabularTable,
  reader: FieldReader,
  rejected: RejectedRecord[],
  build: (r: FieldReader) => T | undefined,
  uniqueId: UniqueId<T> | undefined,
): T[] {
  const records: T[] = [];
  const firstSeen = new Map<string, number>();
  table.forEach((values, recordNo) => {
    reader.start(values, recordNo);
    const record = build(reader);
    if (record === undefined) {
      if (reader.rejection !== undefined) rejected.push(reader.rejection);
      return;
    }
    if (uniqueId !== undefined) {
      const id = uniqueId.of(record);
      const first = firstSeen.get(id);
      if (first !== undefined) {
        reader.reject(uniqueId.field, `duplicate ${JSON.stringify(id)}: first seen at ${table.where(first)}`);
        if (reader.rejection !== undefined) rejected.push(reader.rejection);
        return;
      }
      firstSeen.set(id, recordNo);
    }
    records.push(record);
  }, rejected);
  return records;
}

const PERSON_STATUS_WORDS: ReadonlyMap<string, PersonStatus> = new Map([
  ["active", "active"],
  ["terminated", "terminated"],
  ["leave", "leave"],
  ["on leave", "leave"],
]);
const EXPECTED_PERSON_STATUS = "one of active, terminated, leave";

const WORKER_TYPE_WORDS: ReadonlyMap<string, WorkerType> = new Map([
  ["employee", "employee"],
  ["contractor", "contractor"],
]);
const EXPECTED_WORKER_TYPE = "one of employee, contractor";

function buildPerson(r: FieldReader): Person | undefined {
  const employeeId = r.text("employeeId");
  if (employeeId === undefined) return r.missing("employeeId");
  const status = r.oneOf("status", PERSON_STATUS_WORDS, EXPECTED_PERSON_STATUS);
  if (status === undefined) return r.missing("status", EXPECTED_PERSON_STATUS);
  const person: Person = {
    employeeId,
    email: r.text("email"),
    name: r.text("name"),
    status,
    workerType: r.oneOf("workerType", WORKER_TYPE_WORDS, EXPECTED_WORKER_TYPE),
    hireDate: r.date("hireDate"),
    terminationDate: r.date("terminationDate"),
    terminatedAt: r.instant("terminatedAt"),
    managerId: r.text("managerId"),
    department: r.text("department"),
    title: r.text("title"),
    previousDepartment: r.text("previousDepartment"),
    roleChangedAt: r.instant("roleChangedAt"),
  };
  if (r.failed) return undefined;
  // Without a termination date a leaver can never become overdue: their accounts would go unchecked.
  if (status === "terminated" && person.terminationDate === undefined && person.terminatedAt === undefined) {
    return r.reject(
      "terminationDate",
      `a terminated person needs a termination date ("${r.columnOf("terminationDate")}") or instant ("${r.columnOf("terminatedAt")}"), got neither`,
    );
  }
  return person;
}

function buildAccount(r: FieldReader, sourceId: string, enabledInFile: boolean): Account | undefined {
  const accountId = r.text("accountId");
  if (accountId === undefined) return r.missing("accountId");
  const enabled = enabledInFile ? r.boolean("enabled") : true;
  if (enabled === undefined) return r.missing("enabled", EXPECTED_BOOLEAN);
  const username = r.text("username");
  const email = r.text("email");
  const account: Account = {
    sourceId,
    accountId,
    // Exports often map one column to several fields (GitHub's login is id and username): one copy.
    username: username === accountId ? accountId : username,
    email: email === username ? username : email,
    employeeId: r.text("employeeId"),
    displayName: r.text("displayName"),
    enabled,
    privileged: r.boolean("privileged") ?? false,
    createdAt: r.instant("createdAt"),
    lastLoginAt: r.instant("lastLoginAt"),
    disabledAt: r.instant("disabledAt"),
    deleteAfter: r.instant("deleteAfter"),
    groups: r.groups("groups"),
    monthlyCost: r.number("monthlyCost"),
    credentials: NO_CREDENTIALS,
  };
  return r.failed ? undefined : account;
}

function buildAsset(r: FieldReader, sourceId: string): Asset | undefined {
  const assetId = r.text("assetId");
  if (assetId === undefined) return r.missing("assetId");
  const asset: Asset = {
    sourceId,
    assetId,
    serial: r.text("serial"),
    type: r.text("type"),
    assignedTo: r.text("assignedTo"),
    assignedAt: r.instant("assignedAt"),
    // Exports write `Deployed` or `deployed`; rules compare against the lowercase word.
    status: r.text("status")?.toLowerCase(),
    lastSeenAt: r.instant("lastSeenAt"),
  };
  return r.failed ? undefined : asset;
}

function buildOffboardingRecord(r: FieldReader, sourceId: string): OffboardingRecord | undefined {
  const employeeId = r.text("employeeId");
  if (employeeId === undefined) return r.missing("employeeId");
  const record: OffboardingRecord = {
    sourceId,
    employeeId,
    ticketId: r.text("ticketId"),
    requestedAt: r.instant("requestedAt"),
    requestedBy: r.text("requestedBy"),
    approvedBy: r.text("approvedBy"),
    approvedAt: r.instant("approvedAt"),
    completedAt: r.instant("completedAt"),
    completedBy: r.text("completedBy"),
  };
  return r.failed ? undefined : record;
}

function buildResource(r: FieldReader, sourceId: string): Resource | undefined {
  const resourceId = r.text("resourceId");
  if (resourceId === undefined) return r.missing("resourceId");
  const resource: Resource = {
    sourceId,
    resourceId,
    type: r.text("type"),
    ownerId: r.text("ownerId"),
    schedule: r.text("schedule"),
  };
  return r.failed ? undefined : resource;
}
