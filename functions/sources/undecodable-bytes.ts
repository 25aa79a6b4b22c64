/**
 * Exports are read as UTF-8; bytes that are not UTF-8 (a Latin-1 or Windows-1252 export, a file
 * cut inside a character) become U+FFFD. The records are still used — a name with a replaced
 * character is still the person — but the owner of the export is told where, once per source.
 */
import type { RecordWarning } from "../core/model.ts";
import { bomLength } from "../shared/byte-order-mark.ts";
import { lineAndColumn } from "../shared/json-syntax-error.ts";

const REPLACEMENT = "\uFFFD";

/** Where the first undecodable byte is, and how many there are; `undefined` when there are none. */
export function undecodableBytesWarning(text: string, tabular: boolean): RecordWarning | undefined {
  // Cheap on the common case: V8 answers at once for text that holds no character above U+00FF.
  const first = text.indexOf(REPLACEMENT);
  if (first === -1) return undefined;
  let count = 0;
  for (let at = first; at !== -1; at = text.indexOf(REPLACEMENT, at + 1)) count++;
  const { line, column } = lineAndColumn(text, first);
  const lineStart = first - column + 1;
  const field = tabular ? csvColumnAt(text, lineStart, first) : jsonKeyBefore(text, first);
  return {
    record: `line ${line}`,
    field: field ?? `(column ${column})`,
    reason: `${count} ${count === 1 ? "sequence" : "sequences"} of bytes that are not UTF-8 (the first at line ${line}, column ${column}; the export looks Latin-1 or Windows-1252 encoded): the values holding them are read with the replacement character "${REPLACEMENT}"; export the file as UTF-8, or name its encoding on the source: "encoding": "windows-1252" for Excel's "CSV (Comma delimited)"`,
  };
}

/** The header name of the CSV column `offset` is in (quotes respected within the line). */
function csvColumnAt(text: string, lineStart: number, offset: number): string | undefined {
  let column = 0;
  let quoted = false;
  for (let i = lineStart; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (c === 44 && !quoted) column++;
  }
  const headerEnd = text.search(/\r?\n|\r/);
  const header = text.slice(bomLength(text), headerEnd === -1 ? text.length : headerEnd);
  const name = header
    .split(",")
    [column]?.trim()
    .replace(/^"(.*)"$/, "$1");
  return name === undefined || name === "" ? undefined : name;
}

/** The key of the JSON member whose string value holds `offset`, if it is one. */
function jsonKeyBefore(text: string, offset: number): string | undefined {
  // Back to the opening quote of the string the character is in, then over `"key":`.
  let i = offset;
  while (i > 0 && !(text.charCodeAt(i) === 34 && text.charCodeAt(i - 1) !== 92)) i--;
  const before = text.slice(Math.max(0, i - 200), i);
  const key = /"((?:[^"\\]|\\.)*)"\s*:\s*$/.exec(before);
  return key?.[1];
}
