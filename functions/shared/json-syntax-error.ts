/**
 * Where a JSON text stops being valid, as "line L, column C: what". Node's own JSON.parse error
 * often gives no position at all; jsonc-parser (in strict mode) reports the offset.
 */
import { type ParseError, parse, printParseErrorCode } from "jsonc-parser";

export function describeJsonSyntaxError(text: string, fallback: unknown): string {
  const errors: ParseError[] = [];
  parse(text, errors, { allowTrailingComma: false, disallowComments: true, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return fallback instanceof Error ? fallback.message : String(fallback);
  const before = text.slice(0, first.offset);
  const line = before.split("\n").length;
  const column = first.offset - before.lastIndexOf("\n");
  return `${printParseErrorCode(first.error)} at line ${line}, column ${column}`;
}
