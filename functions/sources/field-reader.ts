/**
 * Reads one flat record (a CSV row or a JSON object's values) field by field, applying the SPEC §2
 * value rules. A malformed value of a *droppable* field (an optional one whose absence misleads no
 * rule into "all fine") is dropped with a warning and the record kept; any other problem rejects the
 * record, and the first one is its rejection. One reader is reused for every record of a source, so
 * the hot loop allocates nothing but the values it returns.
 */
import type { Instant, IsoDate, RecordWarning, RejectedRecord } from "../core/model.ts";
import { DEFAULT_CURRENCY } from "../core/money.ts";
import type { TimeParser } from "../core/time.ts";
import { expectedFlag, type FlagWords, flagOfWord, flagWordHint } from "./account-words.ts";
import { NO_GROUPS } from "./empty-lists.ts";
import { isNoValueWord } from "./no-value-words.ts";
import { unixTimeInstant } from "./unix-time.ts";
import { expectedGot } from "./value-description.ts";
import { readWrittenAmount } from "./written-amounts.ts";

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
/**
 * Longer values are not what an id, a name or a date looks like (a pasted document, a broken
 * export that ran two columns together): they are not kept in records, reports and emails.
 */
export const MAX_TEXT_CHARS = 65_536;
const EXPECTED_SHORT_TEXT = `text of at most ${MAX_TEXT_CHARS.toLocaleString("en-US")} characters`;
const EXPECTED_NUMBER = "a non-negative number";
const EXPECTED_AMOUNT = "a non-negative amount";
const EXPECTED_GROUPS = "group names separated by ';' (or a list of names)";

/**
 * Besides SPEC §2's words: `Y`/`N`, the flags of PeopleSoft, SAP and Oracle exports, and `t`/`f`,
 * PostgreSQL's booleans as `COPY … TO … CSV` and `psql` write them.
 */
const BOOLEAN_WORDS: ReadonlyMap<string, boolean> = new Map([
  ["true", true],
  ["yes", true],
  ["1", true],
  ["y", true],
  ["t", true],
  ["false", false],
  ["no", false],
  ["0", false],
  ["n", false],
  ["f", false],
]);

const NO_VALUES: ArrayLike<unknown> = [];
const NO_WARNINGS: readonly RecordWarning[] = Object.freeze([]);

export class FieldReader {
  private readonly slots: ReadonlyMap<string, number>;
  private values: ArrayLike<unknown> = NO_VALUES;
  private recordNo = 0;
  private firstRejection: RejectedRecord | undefined;
  private recordWarnings: RecordWarning[] | undefined;
  private droppedField = false;
  private heldRecord = false;

  /**
   * @param fields the record's fields; `values` passed to `start` are in this order.
   * @param where how to name a record in a rejection (`line 14`, `data.items[12]`), built only on failure.
   * @param droppable fields whose malformed values are dropped with a warning instead of rejecting.
   * @param timeHint what to add to the message about a date or timestamp that did not read (how
   * the source could say the form it writes), if anything.
   * @param currency the org's currency (ISO 4217): a cost written with another is not read.
   */
  constructor(
    private readonly fields: readonly FieldColumn[],
    private readonly time: TimeParser,
    private readonly where: (recordNo: number) => string,
    private readonly droppable: ReadonlySet<string> = new Set(),
    private readonly timeHint: (text: string) => string | undefined = () => undefined,
    private readonly currency: string = DEFAULT_CURRENCY,
  ) {
    // A field's first entry is its own; a later one with the same name is a further column joined into it.
    const slots = new Map<string, number>();
    fields.forEach((f, slot) => {
      if (!slots.has(f.field)) slots.set(f.field, slot);
    });
    this.slots = slots;
  }

  /** Points the reader at the next record. */
  start(values: ArrayLike<unknown>, recordNo: number): void {
    this.values = values;
    this.recordNo = recordNo;
    this.firstRejection = undefined;
    this.recordWarnings = undefined;
    this.droppedField = false;
    this.heldRecord = false;
  }

  get rejection(): RejectedRecord | undefined {
    return this.firstRejection;
  }

  get failed(): boolean {
    return this.firstRejection !== undefined;
  }

  /** The current record's warnings (dropped fields, and what `warn` added). */
  get warnings(): readonly RecordWarning[] {
    return this.recordWarnings ?? NO_WARNINGS;
  }

  /**
   * Whether the current record, though kept, cannot vouch for its subject: a malformed value was
   * dropped from it, or `hold` was called (its findings are then not resolved, SPEC §5).
   */
  get held(): boolean {
    return this.droppedField || this.heldRecord;
  }

  /** Marks the current record as one whose subject's findings must not be resolved. */
  hold(): void {
    this.heldRecord = true;
  }

  /** Records a warning on the current record (it is kept). */
  warn(field: string, reason: string): void {
    const warning = { record: this.where(this.recordNo), field: this.columnOf(field), reason };
    if (this.recordWarnings === undefined) this.recordWarnings = [warning];
    else this.recordWarnings.push(warning);
  }

  /** The field's value as text, without judging it (to name a rejected record by its id). */
  peekText(field: string): string | undefined {
    const raw = this.raw(field);
    if (typeof raw === "number" && Number.isFinite(raw)) return String(raw);
    if (typeof raw !== "string" || raw.length > MAX_TEXT_CHARS) return undefined;
    return nonEmpty(raw);
  }

  /** Where the current record is, for messages: `line 14`, `data.items[12]`. */
  location(): string {
    return this.where(this.recordNo);
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

  /** A malformed value: dropped with a warning when the field is droppable, else the record is rejected. */
  invalid(field: string, reason: string): undefined {
    if (!this.droppable.has(field)) return this.reject(field, reason);
    this.droppedField = true;
    this.warn(field, `${reason}; the value is dropped and the record kept`);
    return undefined;
  }

  /** Trimmed text; empty means absent. JSON numbers are taken as their text (ids are often numeric). */
  text(field: string): string | undefined {
    const raw = this.raw(field);
    if (raw === undefined || raw === null) return undefined;
    if (typeof raw === "string") {
      if (raw.length > MAX_TEXT_CHARS) return this.invalid(field, expectedGot(EXPECTED_SHORT_TEXT, raw));
      return nonEmpty(raw);
    }
    if (typeof raw === "number" && Number.isFinite(raw)) return String(raw);
    return this.invalid(field, expectedGot(EXPECTED_TEXT, raw));
  }

  /** `words`: the source's own words for this flag (account-words.ts), before true/false, yes/no, 1/0, Y/N, t/f. */
  boolean(field: string, words?: FlagWords): boolean | undefined {
    const raw = this.raw(field);
    if (raw === undefined || raw === null) return undefined;
    if (typeof raw === "boolean") return raw;
    if (typeof raw === "number" && (raw === 0 || raw === 1)) return raw === 1;
    if (typeof raw === "string") {
      const text = nonEmpty(raw);
      if (text === undefined) return undefined;
      // The source's own words first: one whose "T" stands for Terminated means false.
      const value =
        (words === undefined || words.lookup.size === 0 ? undefined : flagOfWord(words, text)) ??
        BOOLEAN_WORDS.get(text.toLowerCase());
      if (value !== undefined) return value;
      if (words !== undefined) {
        const hint = flagWordHint(words);
        const message = expectedGot(expectedFlag(words, EXPECTED_BOOLEAN), raw);
        return this.invalid(field, hint === undefined ? message : `${message} (${hint})`);
      }
    }
    return this.invalid(field, expectedGot(EXPECTED_BOOLEAN, raw));
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
    return this.invalid(field, expectedGot(expected, raw));
  }

  instant(field: string): Instant | undefined {
    const raw = this.raw(field);
    if (raw === undefined || raw === null) return undefined;
    if (typeof raw === "string") {
      const text = nonEmpty(raw);
      if (text === undefined) return undefined;
      const ms = this.time.instant(text);
      if (ms !== undefined) return ms;
      if (isNoValueWord(text)) return undefined;
      const unix = unixTimeInstant(text);
      if (unix !== undefined) return unix ?? undefined;
    } else if (typeof raw === "number") {
      const unix = unixTimeInstant(raw);
      if (unix !== undefined) return unix ?? undefined;
    }
    return this.invalid(field, this.withTimeHint(expectedGot(EXPECTED_TIMESTAMP, raw), raw));
  }

  date(field: string): IsoDate | undefined {
    const raw = this.raw(field);
    if (raw === undefined || raw === null) return undefined;
    if (typeof raw === "string") {
      const text = nonEmpty(raw);
      if (text === undefined) return undefined;
      const date = this.time.date(text);
      if (date !== undefined) return date;
      if (isNoValueWord(text)) return undefined;
    }
    return this.invalid(field, this.withTimeHint(expectedGot(EXPECTED_DATE, raw), raw));
  }

  private withTimeHint(message: string, raw: unknown): string {
    const hint = typeof raw === "string" ? this.timeHint(raw) : undefined;
    return hint === undefined ? message : `${message} (${hint})`;
  }

  /** A non-negative amount of the org's currency (a cost): `12.5`, `$1,234.50`, `12,50 €` (written-amounts.ts). */
  amount(field: string): number | undefined {
    const raw = this.raw(field);
    if (raw === undefined || raw === null) return undefined;
    if (typeof raw === "number") {
      if (Number.isFinite(raw) && raw >= 0) return raw;
      return this.invalid(field, expectedGot(EXPECTED_NUMBER, raw));
    }
    if (typeof raw !== "string") return this.invalid(field, expectedGot(EXPECTED_NUMBER, raw));
    const text = nonEmpty(raw);
    if (text === undefined || isNoValueWord(text)) return undefined;
    const written = readWrittenAmount(text, this.currency);
    if (written !== undefined && "amount" in written && written.amount >= 0) return written.amount;
    const expected = expectedGot(`${EXPECTED_AMOUNT} in ${this.currency}`, raw);
    return this.invalid(
      field,
      written !== undefined && "problem" in written ? `${expected}: ${written.problem}` : expected,
    );
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
          this.invalid(field, expectedGot(EXPECTED_GROUPS, item));
          return NO_GROUPS;
        }
        const name = item.trim();
        if (name !== "") groups.push(name);
      }
      return groups.length === 0 ? NO_GROUPS : groups;
    }
    this.invalid(field, expectedGot(EXPECTED_GROUPS, raw));
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
