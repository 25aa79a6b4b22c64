/**
 * Shared plumbing for parsers of JSON API responses: read typed fields or reject the record
 * (naming the field and what was expected), and map an array of raw records to canonical ones while
 * collecting rejections and duplicate ids. A malformed timestamp is dropped with a warning instead
 * (SPEC §2: a malformed optional field does not cost the record); a rejected record whose id is
 * readable, and a record that lost a field, hold their subject's findings open (SPEC §5).
 */
import { type HeldSubjectType, subjectKey } from "../core/held-subjects.ts";
import type { Instant, RecordWarning, RejectedRecord } from "../core/model.ts";
import type { TimeParser } from "../core/time.ts";
import { MAX_TEXT_CHARS } from "./field-reader.ts";
import type { JsonElements } from "./json-listing.ts";
import { isJsonObject, type JsonObject } from "./json-text.ts";
import { describeValue, expectedGot } from "./value-description.ts";

/** Thrown while mapping one record: the record is rejected, the rest of the source is used. */
export class RecordRejection extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`field "${field}": ${reason}`);
    this.name = "RecordRejection";
  }
}

export function requiredObject(record: JsonObject, key: string, field: string): JsonObject {
  const value = record[key];
  if (isJsonObject(value)) return value;
  throw new RecordRejection(field, expectedGot("an object", value));
}

/** An object, or `undefined` when the key is absent or null. */
export function optionalObject(record: JsonObject, key: string, field: string): JsonObject | undefined {
  const value = record[key];
  if (value === undefined || value === null) return undefined;
  if (isJsonObject(value)) return value;
  throw new RecordRejection(field, expectedGot("an object or null", value));
}

export function requiredString(record: JsonObject, key: string, field: string): string {
  const value = record[key];
  if (typeof value === "string" && value !== "") return shortText(value, field);
  throw new RecordRejection(field, expectedGot("a non-empty string", value));
}

/** A string, or `undefined` when absent, null or empty (APIs write all three for "no value"). */
export function optionalString(record: JsonObject, key: string, field: string): string | undefined {
  const value = record[key];
  if (typeof value === "string") return value === "" ? undefined : shortText(value, field);
  if (value === undefined || value === null) return undefined;
  throw new RecordRejection(field, expectedGot("a string or null", value));
}

/** `text`, unless it is longer than any value a record should hold (see MAX_TEXT_CHARS). */
export function shortText(text: string, field: string): string {
  if (text.length <= MAX_TEXT_CHARS) return text;
  throw new RecordRejection(
    field,
    expectedGot(`text of at most ${MAX_TEXT_CHARS.toLocaleString("en-US")} characters`, text),
  );
}

/** Like `optionalString`, but also accepts an integer (custom profile attributes may be typed as numbers). */
export function optionalIdentifier(record: JsonObject, key: string, field: string): string | undefined {
  const value = record[key];
  if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
  return optionalString(record, key, field);
}

export function requiredBoolean(record: JsonObject, key: string, field: string): boolean {
  const value = record[key];
  if (typeof value === "boolean") return value;
  throw new RecordRejection(field, expectedGot("true or false", value));
}

/** A boolean, or `fallback` when the key is absent or null. */
export function optionalBoolean(record: JsonObject, key: string, field: string, fallback: boolean): boolean {
  const value = record[key];
  if (typeof value === "boolean") return value;
  if (value === undefined || value === null) return fallback;
  throw new RecordRejection(field, expectedGot("true or false", value));
}

/** The malformed optional values dropped from one record, to be reported as warnings. */
export class FieldDrops {
  private dropped: { field: string; reason: string }[] | undefined;

  drop(field: string, reason: string): void {
    const entry = { field, reason: `${reason}; the value is dropped and the record kept` };
    if (this.dropped === undefined) this.dropped = [entry];
    else this.dropped.push(entry);
  }

  get any(): boolean {
    return this.dropped !== undefined;
  }

  /** The drops as warnings on `record`, and forgets them (the instance is reused for the next record). */
  takeWarnings(record: string): RecordWarning[] {
    const warnings = (this.dropped ?? []).map((d) => ({ record, field: d.field, reason: d.reason }));
    this.dropped = undefined;
    return warnings;
  }
}

/** Like `optionalInstant`, but a malformed value is dropped (see `FieldDrops`) instead of rejecting. */
export function droppableInstant(
  record: JsonObject,
  key: string,
  field: string,
  time: TimeParser,
  drops: FieldDrops,
): Instant | undefined {
  const value = record[key];
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "string") {
    const instant = time.instant(value);
    if (instant !== undefined) return instant;
  }
  drops.drop(field, expectedGot("an ISO 8601 timestamp", value));
  return undefined;
}

/** An instant from an ISO 8601 timestamp, or `undefined` when absent, null or empty. */
export function optionalInstant(
  record: JsonObject,
  key: string,
  field: string,
  time: TimeParser,
): Instant | undefined {
  const text = optionalString(record, key, field);
  if (text === undefined) return undefined;
  const instant = time.instant(text);
  if (instant === undefined) throw new RecordRejection(field, expectedGot("an ISO 8601 timestamp", text));
  return instant;
}

export interface MappedRecords<T> {
  records: T[];
  rejected: RejectedRecord[];
  warnings: RecordWarning[];
  /** `subjectKey`s of rejected records with a readable id, and of records that lost a field. */
  held: string[];
}

/** What the records are about, and how to read the id of one that was rejected. */
export interface RecordSubject {
  type: HeldSubjectType;
  /** The raw record's id, if it has a usable one. */
  rawId: (raw: unknown) => string | undefined;
}

/** The raw record's `key` when it is a non-empty string (the usual id of an API record). */
export function stringKeyOf(key: string): (raw: unknown) => string | undefined {
  return (raw) => {
    if (!isJsonObject(raw)) return undefined;
    const value = raw[key];
    return typeof value === "string" && value.trim() !== "" ? value : undefined;
  };
}

/**
 * Maps each item with `toRecord` (given its index, for messages that name it as `${label}[i]`); a
 * `RecordRejection` rejects that record as `${label}[i]`, and a
 * second record with an id already seen is rejected (ids must be unique per source: findings are
 * keyed on them). Any other error is a bug and propagates.
 */
export function mapRecords<T>(
  items: JsonElements,
  label: string,
  toRecord: (raw: unknown, drops: FieldDrops, index: number) => T,
  idOf: (record: T) => string,
  idField: string,
  subject: RecordSubject,
): MappedRecords<T> {
  const records: T[] = [];
  const rejected: RejectedRecord[] = [];
  const warnings: RecordWarning[] = [];
  const held: string[] = [];
  const drops = new FieldDrops();
  const firstIndexById = new Map<string, number>();
  for (let i = 0; i < items.length; i++) {
    let record: T;
    const raw = items.at(i);
    try {
      record = toRecord(raw, drops, i);
    } catch (error) {
      if (!(error instanceof RecordRejection)) throw error;
      rejected.push({ record: `${label}[${i}]`, field: error.field, reason: error.reason });
      drops.takeWarnings("");
      const id = subject.rawId(raw);
      if (id !== undefined) held.push(subjectKey(subject.type, id));
      continue;
    }
    const id = idOf(record);
    if (drops.any) {
      for (const warning of drops.takeWarnings(`${label}[${i}]`)) warnings.push(warning);
      held.push(subjectKey(subject.type, id));
    }
    const first = firstIndexById.get(id);
    if (first !== undefined) {
      rejected.push({
        record: `${label}[${i}]`,
        field: idField,
        reason: `expected a unique id, got ${describeValue(id)} which is also at ${label}[${first}]`,
      });
      continue;
    }
    firstIndexById.set(id, i);
    records.push(record);
  }
  return { records, rejected, warnings, held };
}
