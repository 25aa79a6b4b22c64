/** A parser's records of the kind a test expects, the detail of a file a parser refuses, and CSV or JSON text parsed as a source. */
import type { SourceConfig } from "../../functions/config/schema.ts";
import type { Account, Asset, Person, RecordsByKind, SourceKind } from "../../functions/core/model.ts";
import { timeParserFor } from "../../functions/fast/iso-time-parser.ts";
import { parseCsv } from "../../functions/sources/csv.ts";
import { parseJson } from "../../functions/sources/json.ts";
import { type ParseOutput, SourceFormatError } from "../../functions/sources/parser.ts";

function recordsOf<K extends SourceKind>(output: ParseOutput, kind: K): RecordsByKind[K][] {
  if (output.records.kind !== kind) throw new Error(`expected ${kind}, got ${output.records.kind}`);
  return output.records.records as RecordsByKind[K][];
}

export const accounts = (output: ParseOutput): Account[] => recordsOf(output, "accounts");
export const people = (output: ParseOutput): Person[] => recordsOf(output, "roster");
export const assets = (output: ParseOutput): Asset[] => recordsOf(output, "assets");

/** The `SourceFormatError` detail `run` throws; fails the test when it throws none. */
export function formatFailure(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof SourceFormatError) return error.detail;
    throw error;
  }
  throw new Error("expected the source to fail");
}

/**
 * `text` read by the csv parser as the file of source "src" of `kind`, with its `columns` and any
 * other source keys, in `zone` (UTC by default) and the org's `currency` (USD by default).
 */
export function parseCsvText(
  text: string,
  kind: SourceKind,
  columns: SourceConfig["columns"],
  options: { zone?: string; currency?: string; source?: Partial<SourceConfig> } = {},
): ParseOutput {
  const source: SourceConfig = {
    id: "src",
    kind,
    format: "csv",
    path: "export.csv",
    columns,
    ...options.source,
  };
  return parseCsv({
    text,
    file: "export.csv",
    source,
    time: timeParserFor(options.zone ?? "UTC"),
    ...(options.currency === undefined ? {} : { currency: options.currency }),
  });
}

/**
 * `text` read by the json parser as the file of source "app" of `kind`, with its `columns` and any
 * other source keys, in `zone` (UTC by default).
 */
export function parseJsonSourceText(
  text: string,
  kind: SourceKind,
  columns: SourceConfig["columns"],
  options: { zone?: string; source?: Partial<SourceConfig> } = {},
): ParseOutput {
  const source: SourceConfig = {
    id: "app",
    kind,
    format: "json",
    path: "users.json",
    columns,
    ...options.source,
  };
  return parseJson({ text, file: "users.json", source, time: timeParserFor(options.zone ?? "UTC") });
}
