/**
 * Where a JSON text stops being valid, as "what at line L, column C", never quoting the text (it
 * may hold personal data). V8's message says what is wrong and often where (`at position N`), or
 * quotes a slice of the input, which is dropped; when it gives no position, jsonc-parser (in
 * strict mode) finds the offset.
 */
import { type ParseError, parse } from "jsonc-parser";

/**
 * Where the line and column go in the message: after the problem (`… at line 2, column 56`), or in
 * front of it (`line 2, column 56: …`, as the generic `json` format and CSV's `line 4: …` put it).
 */
export type SyntaxErrorPosition = "after" | "before";

const POSITION = / (?:in JSON )?at position (\d+)(?: \(line \d+ column \d+\))?/;

export function describeJsonSyntaxError(
  text: string,
  error: unknown,
  position: SyntaxErrorPosition = "after",
): string {
  const message = error instanceof Error ? error.message : String(error);
  // `Unexpected token 'x', "…snippet…" is not valid JSON` or `…, …"snippet"… is not valid JSON`.
  const quoted = message.search(/, (?:\.\.\.)?"/);
  const v8 = quoted === -1 ? message : message.slice(0, quoted);
  const at = POSITION.exec(v8);
  const what = v8.replace(POSITION, "");
  const offset = at ? Number(at[1]) : strictParseErrorOffset(text);
  if (offset === undefined) return what;
  const { line, column } = lineAndColumn(text, offset);
  return position === "after"
    ? `${what} at line ${line}, column ${column}`
    : `line ${line}, column ${column}: ${what}`;
}

function strictParseErrorOffset(text: string): number | undefined {
  const errors: ParseError[] = [];
  parse(text, errors, { allowTrailingComma: false, disallowComments: true, allowEmptyContent: false });
  return errors[0]?.offset;
}

const LINE_BREAK = /\r\n?|\n/g;

/**
 * The 1-based line and column of `offset`. Lines end at CRLF, LF or a lone CR (a "CSV (Macintosh)"
 * export), as the CSV parser counts them, so a warning and a reject name the same line.
 */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  LINE_BREAK.lastIndex = 0;
  for (
    let match = LINE_BREAK.exec(text);
    match !== null && match.index < offset;
    match = LINE_BREAK.exec(text)
  ) {
    line++;
    lineStart = match.index + match[0].length;
  }
  return { line, column: offset - lineStart + 1 };
}
