/**
 * The `csv` and `json` formats carry any kind of record as flat fields. This maps such a record to
 * the canonical model (SPEC §2–3): which fields each kind has, which are required, how `columns`
 * renames them, and the per-kind checks (status words, ids are unique, a roster's duplicate rows).
 * The format parsers only say where each field's value is.
 *
 * A malformed optional value is dropped with a warning and the record kept (SPEC §2), unless
 * dropping it would make the record look harmless: an account's `enabled`, an asset's holder, a
 * resource's owner reject the record instead. Either way the subject is held: its open findings are
 * not resolved by this scan (a rejection or a dropped field is not evidence of a fix).
 */

import { JOINABLE_FIELDS } from "../config/schema.ts";
import { type HeldSubjectType, subjectKey } from "../core/held-subjects.ts";
import type {
  Account,
  AccountField,
  Asset,
  OffboardingRecord,
  Person,
  RecordWarning,
  RejectedRecord,
  Resource,
  SourceKind,
  WorkerType,
} from "../core/model.ts";
import { type FlagWords, flagWords } from "./account-words.ts";
import { DateOrderEvidence, dateOrderHint, withDateOrder } from "./date-order.ts";
import { NO_CREDENTIALS } from "./empty-lists.ts";
import { EXPECTED_BOOLEAN, FieldReader } from "./field-reader.ts";
import { type KnownPersonStatus, statusWordLookup } from "./hr-status-words.ts";
import { withJoinedColumns } from "./joined-columns.ts";
import { isNeverLoggedIn } from "./never-logged-in.ts";
import type { ParsedRecords, ParseInput, ParseOutput } from "./parser.ts";
import { SourceFormatError } from "./parser.ts";
import { resolveManagers } from "./roster-managers.ts";
import { StatusWordTally } from "./status-word-tally.ts";
import { withWrittenDates, writtenDateHint } from "./written-dates.ts";

interface FieldSpec {
  readonly required?: true;
  /** A malformed value rejects the record (instead of being dropped): without it the record would look harmless. */
  readonly strict?: true;
}

const OPTIONAL: FieldSpec = {};
const STRICT: FieldSpec = { strict: true };
const REQUIRED: FieldSpec = { required: true, strict: true };

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
    status: OPTIONAL,
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
    enabled: STRICT,
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
    assignedTo: STRICT,
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
    ownerId: STRICT,
    schedule: OPTIONAL,
  },
};

/** The fields of `kind` a source may map in `columns` (the config checks against config/mappable-fields.ts). */
export function tabularFieldNames(kind: SourceKind): string[] {
  return Object.keys(TABULAR_FIELDS[kind]);
}

/** Optional account fields a csv/json source provides when it has their column (`credentials` never). */
const PROVIDABLE_ACCOUNT_FIELDS = ["lastLoginAt", "disabledAt", "createdAt", "groups", "privileged"] as const;

/** One canonical field of the source's kind and the column or key that holds it. */
export interface ColumnPlan {
  readonly field: string;
  readonly column: string;
  readonly required: boolean;
  /** A malformed value rejects the record; otherwise it is dropped with a warning. */
  readonly strict: boolean;
  /** Named in the source's `columns` (as opposed to looked up under the field's own name). */
  readonly explicit: boolean;
  /**
   * Set on a further column of a field mapped to several (joined-columns.ts): the slot of the
   * field's own entry, which comes first, and into which this column's value is joined.
   */
  readonly joinedTo?: number;
}

/**
 * The fields of `kind` and where each one is: `columns[field]`, else the field's own name; a name
 * mapped to several columns adds an entry per further column, after all fields.
 * An unknown key in `columns` is a config error: a typo must not silently drop a field.
 */
export function planColumns(
  kind: SourceKind,
  columns: Readonly<Record<string, string | readonly string[]>> | undefined,
  file: string,
): ColumnPlan[] {
  const specs: Readonly<Record<string, FieldSpec>> = TABULAR_FIELDS[kind];
  for (const [key, mapped] of Object.entries(columns ?? {})) {
    if (!Object.hasOwn(specs, key)) {
      throw new SourceFormatError(
        file,
        `columns: "${key}" is not a field of ${kind} records; expected one of ${Object.keys(specs).join(", ")}`,
      );
    }
    if (typeof mapped !== "string" && !JOINABLE_FIELDS.includes(key)) {
      throw new SourceFormatError(
        file,
        `columns: "${key}" names one column; only ${JOINABLE_FIELDS.join(" and ")} may join several`,
      );
    }
  }
  const plan: ColumnPlan[] = [];
  const further: ColumnPlan[] = [];
  for (const [field, spec] of Object.entries(specs)) {
    const mapped = columns?.[field];
    const [column = field, ...rest] = typeof mapped === "string" ? [mapped] : (mapped ?? []);
    const entry = {
      field,
      required: spec.required === true,
      strict: spec.strict === true,
      explicit: mapped !== undefined,
    };
    const slot = plan.length;
    plan.push({ ...entry, column });
    for (const part of rest) further.push({ ...entry, column: part, required: false, joinedTo: slot });
  }
  return [...plan, ...further];
}

/** A csv/json file seen as records of flat values, in the order of the plan. */
export interface TabularTable {
  readonly plan: readonly ColumnPlan[];
  /** Whether the file has the column of plan slot `slot` at all (CSV: in the header; JSON: in any object). */
  has(slot: number): boolean;
  /**
   * Calls `visit` for each record with its values in plan order (the array is reused: read it, do not
   * keep it). Records that are broken as a whole (wrong field count, not an object) go to `rejected`,
   * and to `visitBroken` with whatever values they do have (so their id can still be read).
   */
  forEach(
    visit: (values: ArrayLike<unknown>, recordNo: number) => void,
    rejected: RejectedRecord[],
    visitBroken?: (values: ArrayLike<unknown>, recordNo: number) => void,
  ): void;
  /** A record's location for messages: `line 14`, `data.items[12]`. */
  where(recordNo: number): string;
}

/** Maps every record of a csv/json table to the source kind's canonical records. */
export function mapTabularRecords(input: ParseInput, asRead: TabularTable): ParseOutput {
  const table = withJoinedColumns(asRead);
  const droppable = new Set(table.plan.filter((p) => !p.strict).map((p) => p.field));
  const dateOrder = input.source.dateOrder;
  const dateEvidence = new DateOrderEvidence(input.time);
  const reader = new FieldReader(
    table.plan,
    withDateOrder(withWrittenDates(input.time), dateOrder),
    table.where,
    droppable,
    (text) => {
      dateEvidence.note(text);
      return dateOrderHint(text, dateOrder) ?? writtenDateHint(text);
    },
    input.currency,
  );
  const out: Collected = { rejected: [], warnings: [], held: [] };
  const sourceId = input.source.id;
  const has = (field: string): boolean => {
    const slot = table.plan.findIndex((p) => p.field === field);
    return slot !== -1 && table.has(slot);
  };
  const collect = <T>(build: (r: FieldReader) => T | undefined, identity: Identity<T>): T[] =>
    collectRecords(table, reader, out, build, identity);

  let records: ParsedRecords;
  let provides: ReadonlySet<AccountField> = new Set();
  switch (input.source.kind) {
    case "roster": {
      const statuses = new StatusWordTally(statusWordLookup(input.source.statusValues));
      records = {
        kind: "roster",
        records: collect((r) => buildPerson(r, statuses), {
          field: "employeeId",
          subject: "person",
          unique: { of: (p) => p.employeeId, prefer: laterHire },
        }),
      };
      out.warnings.push(...statuses.warnings(reader.columnOf("status")));
      const managers = resolveManagers(records.records, reader.columnOf("managerId"));
      if (managers !== undefined) out.warnings.push(managers);
      break;
    }
    case "accounts": {
      // Many SaaS exports list only active members and have no status column at all.
      const enabledInFile = has("enabled");
      const words = {
        enabled: flagWords("enabledValues", input.source.enabledValues),
        privileged: flagWords("privilegedValues", input.source.privilegedValues),
      };
      records = {
        kind: "accounts",
        records: collect((r) => buildAccount(r, sourceId, enabledInFile, words), {
          field: "accountId",
          subject: "account",
          unique: { of: (a) => a.accountId },
        }),
      };
      provides = new Set(PROVIDABLE_ACCOUNT_FIELDS.filter(has));
      break;
    }
    case "assets":
      records = {
        kind: "assets",
        records: collect((r) => buildAsset(r, sourceId), {
          field: "assetId",
          subject: "asset",
          unique: { of: (a) => a.assetId },
        }),
      };
      break;
    case "offboarding-records":
      records = {
        kind: "offboarding-records",
        records: collect((r) => buildOffboardingRecord(r, sourceId), {
          field: "employeeId",
          subject: "person",
        }),
      };
      break;
    case "resources":
      records = {
        kind: "resources",
        records: collect((r) => buildResource(r, sourceId), {
          field: "resourceId",
          subject: "resource",
          unique: { of: (x) => x.resourceId },
        }),
      };
      break;
  }
  // First: one line that says what the per-record warnings below have in common.
  const dates = dateEvidence.warning(dateOrder);
  if (dates !== undefined) out.warnings.unshift(dates);
  return { records, rejected: out.rejected, provides, warnings: out.warnings, held: out.held };
}

interface Collected {
  rejected: RejectedRecord[];
  warnings: RecordWarning[];
  held: string[];
}

/** What a record is about: the field naming its subject, and whether that must be unique. */
interface Identity<T> {
  /** The field holding the subject's id (read even from a rejected record, to hold its findings). */
  field: string;
  subject: HeldSubjectType;
  unique?: {
    of: (record: T) => string;
    /** Whether `challenger` replaces `kept` when both have the same id; default: the first is kept. */
    prefer?: (kept: T, challenger: T) => boolean;
  };
}

function collectRecords<T>(
  table: TabularTable,
  reader: FieldReader,
  out: Collected,
  build: (r: FieldReader) => T | undefined,
  identity: Identity<T>,
): T[] {
  const records: T[] = [];
  /** Per id: where its kept record is in `records`, and in the file. */
  const kept = new Map<string, { index: number; recordNo: number }>();
  const hold = (id: string) => out.held.push(subjectKey(identity.subject, id));
  const visit = (values: ArrayLike<unknown>, recordNo: number) => {
    reader.start(values, recordNo);
    const record = build(reader);
    if (record === undefined) {
      if (reader.rejection !== undefined) out.rejected.push(reader.rejection);
      // A rejected record still names its subject: its findings must not resolve for want of it.
      const id = reader.peekText(identity.field);
      if (id !== undefined) hold(id);
      return;
    }
    for (const warning of reader.warnings) out.warnings.push(warning);
    const unique = identity.unique;
    if (unique === undefined) {
      const id = reader.peekText(identity.field);
      if (reader.held && id !== undefined) hold(id);
      records.push(record);
      return;
    }
    const id = unique.of(record);
    if (reader.held) hold(id);
    const first = kept.get(id);
    if (first === undefined) {
      kept.set(id, { index: records.length, recordNo });
      records.push(record);
      return;
    }
    const field = reader.columnOf(identity.field);
    const previous = records[first.index] as T;
    if (unique.prefer?.(previous, record) === true) {
      records[first.index] = record;
      kept.set(id, { index: first.index, recordNo });
      out.rejected.push({
        record: table.where(first.recordNo),
        field,
        reason: `duplicate ${JSON.stringify(id)}: the row at ${table.where(recordNo)} is used instead (${preferenceReason(previous, record)})`,
      });
      return;
    }
    const reason =
      unique.prefer === undefined
        ? `duplicate ${JSON.stringify(id)}: first seen at ${table.where(first.recordNo)}`
        : `duplicate ${JSON.stringify(id)}: the row at ${table.where(first.recordNo)} is used instead (${preferenceReason(record, previous)})`;
    out.rejected.push({ record: table.where(recordNo), field, reason });
  };
  const visitBroken = (values: ArrayLike<unknown>, recordNo: number) => {
    reader.start(values, recordNo);
    const id = reader.peekText(identity.field);
    if (id !== undefined) hold(id);
  };
  table.forEach(visit, out.rejected, visitBroken);
  return records;
}

/**
 * When a roster lists an id twice (some do, for a rehire), the row with the later hire date wins
 * (SPEC §3). Rows with the same hire date are compared in full, so the outcome never depends on
 * which row comes first in the file.
 */
function laterHire(kept: Person, challenger: Person): boolean {
  const a = kept.hireDate ?? "";
  const b = challenger.hireDate ?? "";
  if (a !== b) return b > a;
  return JSON.stringify(challenger) > JSON.stringify(kept);
}

function preferenceReason(loser: unknown, winner: unknown): string {
  const lost = (loser as Partial<Person>).hireDate;
  const won = (winner as Partial<Person>).hireDate;
  if (lost !== won) return `its hire date ${won ?? "(none)"} is later than ${lost ?? "(none)"}`;
  if (JSON.stringify(loser) === JSON.stringify(winner)) return "the two rows are the same";
  return "same hire date; the rows differ elsewhere and are ordered by content";
}

const WORKER_TYPE_WORDS: ReadonlyMap<string, WorkerType> = new Map([
  ["employee", "employee"],
  ["contractor", "contractor"],
]);
const EXPECTED_WORKER_TYPE = "one of employee, contractor";

function buildPerson(r: FieldReader, statuses: StatusWordTally): Person | undefined {
  const employeeId = r.text("employeeId");
  if (employeeId === undefined) return r.missing("employeeId");
  const word = r.text("status");
  const status: KnownPersonStatus | "unknown" | undefined =
    word === undefined ? undefined : statuses.read(word, () => r.location());
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
  if (status === "terminated" && person.terminationDate === undefined && person.terminatedAt === undefined) {
    // Departure is decided by dates: without one this leaver never becomes overdue, and their
    // accounts are not checked. Rejecting the row would lose the person (their accounts would read
    // as orphans); kept, they are named in a warning and their open findings are held.
    r.warn(
      "terminationDate",
      `status ${JSON.stringify(word)} but no termination date ("${r.columnOf("terminationDate")}") or instant ("${r.columnOf("terminatedAt")}"): kept with an unknown departure; their accounts are not checked for offboarding and their open findings stay open until a date is given`,
    );
    r.hold();
  }
  return person;
}

function buildAccount(
  r: FieldReader,
  sourceId: string,
  enabledInFile: boolean,
  words: { enabled: FlagWords; privileged: FlagWords },
): Account | undefined {
  const accountId = r.text("accountId");
  if (accountId === undefined) return r.missing("accountId");
  const enabled = enabledInFile ? r.boolean("enabled", words.enabled) : true;
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
    privileged: r.boolean("privileged", words.privileged) ?? false,
    createdAt: r.instant("createdAt"),
    lastLoginAt: isNeverLoggedIn(r.peekText("lastLoginAt")) ? undefined : r.instant("lastLoginAt"),
    disabledAt: r.instant("disabledAt"),
    deleteAfter: r.instant("deleteAfter"),
    groups: r.groups("groups"),
    monthlyCost: r.amount("monthlyCost"),
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
