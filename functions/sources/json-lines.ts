/**
 * JSON Lines (NDJSON): one record per line, as `jq -c`, log pipelines, BigQuery and Elasticsearch
 * exports write them. A `json` source reads such a file when the whole text is not one JSON
 * document and its first line is a JSON object on its own. A line that is not valid JSON rejects
 * that record only, with its line number, and the other lines are used; a last line that is not
 * (an export cut short) fails the file (json.ts).
 */
import { describeJsonSyntaxError } from "../shared/json-syntax-error.ts";

export interface JsonLines {
  /** One entry per non-blank line: its parsed value, or why it is not JSON. */
  readonly records: readonly { readonly line: number; readonly value?: unknown; readonly invalid?: string }[];
}

const LINE_BREAK = /\r\n|\n|\r/;

/** The file's lines as records, or `undefined` when it is not JSON Lines (its first line alone is no JSON object). */
export function jsonLinesOf(text: string): JsonLines | undefined {
  const lines = text.split(LINE_BREAK);
  const first = lines.findIndex((line) => line.trim() !== "");
  if (first === -1 || !isObjectLine(lines[first] as string)) return undefined;
  const records: { line: number; value?: unknown; invalid?: string }[] = [];
  for (let i = first; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === "") continue;
    try {
      records.push({ line: i + 1, value: JSON.parse(line) });
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      // The record names its line; within it, only the column says anything.
      const where = describeJsonSyntaxError(line, error).replace(
        / at line 1, column (\d+)$/,
        " at column $1",
      );
      records.push({ line: i + 1, invalid: `not valid JSON: ${where}` });
    }
  }
  return { records };
}

function isObjectLine(line: string): boolean {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}
