/** Shared text shapes: CSV rows and JSON documents that wrap a record list. */
import { csvField, RFC4180_SPECIALS } from "../../reports/csv-row.ts";

/** A CSV cell, quoted only when RFC 4180 requires it, as the systems' own exports are. */
export function csvCell(value: string | number | boolean | undefined): string {
  return value === undefined ? "" : csvField(String(value), RFC4180_SPECIALS);
}

/** One line of a CSV export, without its line break (each format writes its own). */
export function csvRow(values: readonly (string | number | boolean | undefined)[]): string {
  return values.map(csvCell).join(",");
}

const RECORDS_SLOT = "\u0000records\u0000";

/** A JSON document whose record list is written in pieces: the text before it, between, after. */
export interface JsonFrame {
  head: string;
  separator: string;
  tail: string;
  /** Renders one record at the right depth. */
  item(record: unknown): string;
}

/**
 * `shape` is the document with `RECORDS` where the record list goes (or `RECORDS` itself for a
 * top-level array). Pretty output indents like `JSON.stringify(doc, null, 2)` would.
 */
export function jsonFrame(shape: unknown, pretty: boolean): JsonFrame {
  const text = JSON.stringify(shape, null, pretty ? 2 : undefined);
  const marker = JSON.stringify(RECORDS_SLOT);
  const at = text.indexOf(marker);
  if (at === -1) throw new Error("jsonFrame: the shape has no RECORDS slot");
  const before = text.slice(0, at);
  const after = text.slice(at + marker.length);
  if (!pretty) {
    return {
      head: `${before}[`,
      separator: ",",
      tail: `]${after}`,
      item: (record) => JSON.stringify(record),
    };
  }
  const lineStart = before.lastIndexOf("\n") + 1;
  const indent = /^ */.exec(before.slice(lineStart))?.[0] ?? "";
  const inner = `${indent}  `;
  return {
    head: `${before}[\n${inner}`,
    separator: `,\n${inner}`,
    tail: `\n${indent}]${after}`,
    item: (record) => JSON.stringify(record, null, 2).replace(/\n/g, `\n${inner}`),
  };
}

/** Put this where the record list goes in a `jsonFrame` shape. */
export const RECORDS = RECORDS_SLOT;
