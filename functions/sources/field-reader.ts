/**
 * Reads one flat record (a CSV row or a JSON object's values) field by field, applying the SPEC §2
 * value rules, and keeps the first problem as the record's rejection. One reader is reused for every
 * record of a source, so the hot loop allocates nothing but the values it returns.
 */
import type { Instant, IsoDate, RejectedRecord } from "../core/model.ts";
import type { TimeParser } from "../core/time.ts";
import { NO_GROUPS } from "./empty-lists.ts";
import { expectedGot } from "./value-description.ts";

/** A canonical field and where the source holds it. */
export interface FieldColumn {
  /** Canonical field name, e.g. `employeeId`. */
  readonly field: string;
  /** The source's column (CSV header name) or key path (JSON), e.g. `Employee #`. */
  readonly column: string;
}

export const EXPECTED_BOOLEAN = "true/false, yes/no or 1/0";
export const EXPECTED_TIMESTAMP = "an ISO 8601 timestamp";
export const EXPECTED_DATE = "a date YYYY-MM-DD or ISO 8601 timestamp";
const EXPECTED_TEXT = "text";
const EXPECTED_NUMBER = "a non-negative number";
const EXPECTED_GROUPS = "group names separated by ';' (or a list of names)";

const BOOLEAN_WORDS: ReadonlyMap<string, boolean> = new Map([
  ["true", true],
  ["yes", true],
  ["1", true],
  ["false", false],
  ["no", false],
  ["0", false],
]);

const NO_VALUES: ArrayLike<unknown> = [];

export class FieldReader {
  private readonly slots: ReadonlyMap<string, number>;
  private values: ArrayLike<unknown> = NO_VALUES;
  private recordNo = 0;
  private firstRejection: RejectedRecord | undefined;

  /**
   * @param fields the record's fields; `values` passed to `start` are in this order.
   * @param where how to name a record in a rejection (`line 14`, `data.items[12]`), built only on failure.
   */
  constructor(
    private readonly fields: readonly FieldColumn[],
    private readonly time: TimeParser,
    private readonly where: (recordNo: number) => string,
  ) {
    this.slots = new Map(fields.map((f, slot) => [f.field, slot]));
  }

  /** Points the reader at the next record. */
  start(values: ArrayLike<unknown>, recordNo: number): void {
    this.values = values;
    this.recordNo = recordNo;
    this.firstRejection = undefined;
  }

  get rejection(): RejectedRecord | undefined {
    return this.firstRejection;
  }

  get failed(): boolean {
    return this.firstRejection !== undefined;
  }

  /** The source's name for a canonical field (for messages). */
  columnOf(field: string): string {
    const slot = this.slots.get(field);
    return slot === undefined ? field : (this.fields[slot]?.column ?? field);
  }

  /** Rejects the record; only the first problem is kept (the user fixes one thing at a time). */
  reject(field: string, reason: string): undefined {
    if (this.firstRejection === undefined) {
      this.firstRejection = { record: this.where(this.recordNo), field: this.columnOf(field), reason };
    }
    return undefined;
  }

  /** For a required field that came back undefined: rejects as missing unless it was already rejected as invalid. */
  missing(field: string, expected = "a value"): undefined {
    return this.reject(field, expectedGot(expected, undefined));
  }

  /** Trimmed text; empty means absent. JSON numbers are taken as their text (ids are often numeric). */
  text(field: string): string | undefined {
    const raw = this.raw(field);
    if (raw === undefined || raw === null) return undefined;
    if (typeof raw === "string") return nonEmpty(raw);
    if (typeof raw === "number" && Number.isFinite(raw)) return String(raw);
    return this.reject(field, expectedGot(EXPECTED_TEXT, raw));
  }

  boolean(field: string): boolean | undefined {
    const raw = this.raw(field);
    if (raw === undefined || raw === null) return undefined;
    if (typeof raw === "boolean") return raw;
    if (typeof raw === "number" && (raw === 0 || raw === 1)) return raw === 1;
    if (typeof raw === "string") {
      const text = nonEmpty(raw);
      if (text === undefined) return undefined;
      const value = BOOLEAN_WORDS.get(text.toLowerCase());
      if (value !== undefined) return value;
    }
    return this.reject(field, expectedGot(EXPECTED_BOOLEAN, raw));
  }

  /** A value from a closed set, matched case-insensitively (`lookup` keys are lowercase). */
  oneOf<T>(field: string, lookup: ReadonlyMap<string, T>, expected: string): T | undefined {
    const raw = this.raw(field);
    if (raw === undefined || raw === null) return undefined;
    if (typeof raw === "string") {
      const text = nonEmpty(raw);
      if (text === undefined) return undefined;
      const value = lookup.get(text.toLowerCase());
      if (value !== undefined) return value;
    }
    return this.reject(field, expectedGot(expected, raw));
  }

  instant(field: string): Instant | undefined {
    const raw = this.raw(field);
    if (raw === undefined || raw === null) return undefined;
    if (typeof raw === "string") {
      const text = nonEmpty(raw);
      if (text === undefined) return undefined;
      const ms = this.time.instant(text);
      if (ms !== undefined) return ms;
    }
    return this.reject(field, expectedGot(EXPECTED_TIMESTAMP, raw));
  }

  date(field: string): IsoDate | undefined {
    const raw = this.raw(field);
    if (raw === undefined || raw === null) return undefined;
    if (typeof raw === "string") {
      const text = nonEmpty(raw);
      if (text === undefined) return undefined;
      const date = this.time.date(text);
      if (date !== undefined) return date;
    }
    return this.reject(field, expectedGot(EXPECTED_DATE, raw));
  }

  /** A non-negative number (a cost). */
  number(field: string): number | undefined {
    const raw = this.raw(field);
    if (raw === undefined || raw === null) return undefined;
    let value = Number.NaN;
    if (typeof raw === "number") value = raw;
    else if (typeof raw === "string") {
      const text = nonEmpty(raw);
      if (text === undefined) return undefined;
      value = Number(text);
    }
    if (Number.isFinite(value) && value >= 0) return value;
    return this.reject(field, expectedGot(EXPECTED_NUMBER, raw));
  }

  /** Group names: `a; b;c` in a cell, or a JSON list of names. Trimmed, empties dropped. */
  groups(field: string): string[] {
    const raw = this.raw(field);
    if (raw === undefined || raw === null) return NO_GROUPS;
    if (typeof raw === "string") return splitGroups(raw);
    if (Array.isArray(raw)) {
      const groups: string[] = [];
      for (const item of raw) {
        if (typeof item !== "string") {
          this.reject(field, expectedGot(EXPECTED_GROUPS, item));
          return NO_GROUPS;
        }
        const name = item.trim();
        if (name !== "") groups.push(name);
      }
      return groups.length === 0 ? NO_GROUPS : groups;
    }
    this.reject(field, expectedGot(EXPECTED_GROUPS, raw));
    return NO_GROUPS;
  }

  private raw(field: string): unknown {
    const slot = this.slots.get(field);
    return slot === undefined ? undefined : this.values[slot];
  }
}

function nonEmpty(text: string): string | undefined {
  if (text === "") return undefined;
  const trimmed = text.trim();
  return trimmed === "" ? undefined : trimmed;
}

function splitGroups(text: string): string[] {
  if (text.indexOf(";") === -1) {
    const name = text.trim();
    return name === "" ? NO_GROUPS : [name];
  }
  const groups: string[] = [];
  for (const part of text.split(";")) {
    const name = part.trim();
    if (name !== "") groups.push(name);
  }
  return groups.length === 0 ? NO_GROUPS : groups;
}
