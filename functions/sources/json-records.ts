/**
 * Shared plumbing for parsers of JSON API responses: read typed fields or reject the record
 * (naming the field and what was expected), and map an array of raw records to canonical ones while
 * collecting rejections and duplicate ids.
 */
import type { Instant, RejectedRecord } from "../core/model.ts";
import type { TimeParser } from "../core/time.ts";
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
  if (typeof value === "string" && value !== "") return value;
  throw new RecordRejection(field, expectedGot("a non-empty string", value));
}

/** A string, or `undefined` when absent, null or empty (APIs write all three for "no value"). */
export function optionalString(record: JsonObject, key: string, field: string): string | undefined {
  const value = record[key];
  if (typeof value === "string") return value === "" ? undefined : value;
  if (value === undefined || value === null) return undefined;
  throw new RecordRejection(field, expectedGot("a string or null", value));
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
}

/**
 * Maps each item with `toRecord`; a `RecordRejection` rejects that record as `${label}[i]`, and a
 * second record with an id already seen is rejected (ids must be unique per source: findings are
 * keyed on them). Any other error is a bug and propagates.
 */
export function mapRecords<T>(
  items: JsonElements,
  label: string,
  toRecord: (raw: unknown) => T,
  idOf: (record: T) => string,
  idField: string,
): MappedRecords<T> {
  const records: T[] = [];
  const rejected: RejectedRecord[] = [];
  const firstIndexById = new Map<string, number>();
  for (let i = 0; i < items.length; i++) {
    let record: T;
    try {
      record = toRecord(items.at(i));
    } catch (error) {
      if (!(error instanceof RecordRejection)) throw error;
      rejected.push({ record: `${label}[${i}]`, field: error.field, reason: error.reason });
      continue;
    }
    const id = idOf(record);
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
  return { records, rejected };
}
