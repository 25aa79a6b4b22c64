/** A parser's records of the kind a test expects, and the detail of a file a parser refuses. */
import type { Account, Asset, Person, RecordsByKind, SourceKind } from "../../functions/core/model.ts";
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
