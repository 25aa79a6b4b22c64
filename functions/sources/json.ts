/**
 * The `json` format: an array of objects, for any kind — at the top level, or at the dotted path in
 * the source's `records` (`data.items`). `columns` may name nested keys (`profile.email`). A record
 * that is not an object is rejected with its index path (`data.items[12]`); invalid JSON fails the file,
 * unless it is JSON Lines (json-lines.ts): one record per line.
 */
import type { RejectedRecord } from "../core/model.ts";
import { withoutBom } from "../shared/byte-order-mark.ts";
import { jsonLinesOf } from "./json-lines.ts";
import { type KeyPath, keyPath, parseJsonText, valueAt } from "./json-text.ts";
import { mayHoldNonFinite, nonFiniteWarning, withNonFiniteAsNull } from "./non-finite-numbers.ts";
import type { ParseInput, ParseOutput, SourceParser } from "./parser.ts";
import { SourceFormatError } from "./parser.ts";
import { type ColumnPlan, mapTabularRecords, planColumns, type TabularTable } from "./tabular-fields.ts";
import { describeType, WHOLE_RECORD } from "./value-description.ts";

export const parseJson: SourceParser = (input) => parseJsonSource(input, true);

function parseJsonSource(input: ParseInput, readNonFinite: boolean): ParseOutput {
  const plan = planColumns(input.source.kind, input.source.columns, input.file);
  let document: unknown;
  try {
    document = parseJsonText(input.text, input.file, "before");
  } catch (error) {
    // Python's NaN and Infinity (non-finite-numbers.ts) are read as null, in a document or in JSON
    // Lines. Looked for only here: a file that parses pays nothing.
    const cleaned =
      readNonFinite && error instanceof SourceFormatError && mayHoldNonFinite(input.text)
        ? withNonFiniteAsNull(input.text)
        : undefined;
    if (cleaned !== undefined) {
      const output = parseJsonSource({ ...input, text: cleaned.text }, false);
      return { ...output, warnings: [nonFiniteWarning(cleaned.replaced), ...(output.warnings ?? [])] };
    }
    // Not one document: perhaps JSON Lines, one record per line (json-lines.ts).
    const lines =
      error instanceof SourceFormatError && input.source.records === undefined
        ? jsonLinesOf(withoutBom(input.text))
        : undefined;
    if (lines === undefined) throw error;
    const last = lines.records.at(-1);
    if (last?.invalid !== undefined) {
      // A file that ends inside a record was cut short: how many records went with it cannot be
      // known, and their findings must not resolve for want of them.
      throw new SourceFormatError(
        input.file,
        `line ${last.line}: the last line is not a whole JSON record (${last.invalid}): was the export cut short?`,
      );
    }
    const invalid = new Map<number, string>();
    lines.records.forEach((record, index) => {
      if (record.invalid !== undefined) invalid.set(index, record.invalid);
    });
    const items = lines.records.map((record) => record.value);
    const where = (index: number) => `line ${lines.records[index]?.line ?? "?"}`;
    return mapTabularRecords(input, jsonTabularTable(plan, items, where, invalid));
  }
  const items = recordsArray(document, input.source.records, input.file);
  const recordsPath = input.source.records ?? "";
  return mapTabularRecords(
    input,
    jsonTabularTable(plan, items, (index) => `${recordsPath}[${index}]`),
  );
}

function recordsArray(document: unknown, recordsPath: string | undefined, file: string): unknown[] {
  if (recordsPath === undefined) {
    if (Array.isArray(document)) return document;
    throw new SourceFormatError(
      file,
      `expected a top-level array of records, got ${describeType(document)}${hintListsInside(document)}`,
    );
  }
  const found = valueAt(document, keyPath(recordsPath));
  if (Array.isArray(found)) return found;
  const got = found === undefined ? "nothing there" : describeType(found);
  throw new SourceFormatError(
    file,
    `records: expected an array of records at "${recordsPath}", got ${got}${hintListsInside(document)}`,
  );
}

/** Names the top-level keys that hold arrays: the likely value for `records`. */
function hintListsInside(document: unknown): string {
  if (typeof document !== "object" || document === null || Array.isArray(document)) return "";
  const lists = Object.keys(document).filter((key) =>
    Array.isArray((document as Record<string, unknown>)[key]),
  );
  if (lists.length === 0) return "";
  return ` (set the source's "records" to the path of the array; arrays found at: ${lists.map((k) => `"${k}"`).join(", ")})`;
}

/**
 * `where` names record `index` in messages (`data.items[12]`, `line 13`); `invalid` holds the
 * records that could not be read at all (a JSON Lines line that is not JSON), by index, with why.
 */
function jsonTabularTable(
  plan: readonly ColumnPlan[],
  items: unknown[],
  where: (index: number) => string,
  invalid: ReadonlyMap<number, string> = new Map(),
): TabularTable {
  const paths = plan.map((p) => keyPath(p.column));
  let present: boolean[] | undefined;
  const presentSlots = (): boolean[] => {
    present ??= keysPresent(items, paths);
    return present;
  };
  return {
    plan,
    where,
    has: (slot) => presentSlots()[slot] === true,
    forEach(visit, rejected: RejectedRecord[]) {
      // A key that no record has is not looked up in each record again. (Which keys are present is
      // settled here, before the loop below drops the records it has read.)
      const read = paths.filter((_, slot) => presentSlots()[slot] === true);
      const readSlots = Int32Array.from(read, (path) => paths.indexOf(path));
      const values: unknown[] = new Array(paths.length).fill(undefined);
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        // Dropped once read, so a collection during the loop can already free the raw objects.
        items[i] = undefined;
        const unreadable = invalid.get(i);
        if (unreadable !== undefined) {
          rejected.push({ record: where(i), field: WHOLE_RECORD, reason: unreadable });
          continue;
        }
        if (typeof item !== "object" || item === null || Array.isArray(item)) {
          rejected.push({
            record: where(i),
            field: WHOLE_RECORD,
            reason: `expected an object, got ${describeType(item)}`,
          });
          continue;
        }
        for (let k = 0; k < read.length; k++)
          values[readSlots[k] as number] = valueAt(item, read[k] as KeyPath);
        visit(values, i);
      }
    },
  };
}

/** For each path: does any record have a value (even `null`) there? (SPEC: a field is provided when present.) */
function keysPresent(items: readonly unknown[], paths: readonly KeyPath[]): boolean[] {
  const present = paths.map(() => false);
  let missing = paths.length;
  for (let i = 0; i < items.length && missing > 0; i++) {
    for (let slot = 0; slot < paths.length; slot++) {
      if (present[slot] === true) continue;
      if (valueAt(items[i], paths[slot] as KeyPath) !== undefined) {
        present[slot] = true;
        missing--;
      }
    }
  }
  return present;
}
