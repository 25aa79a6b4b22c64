/**
 * How a bad value is shown in a rejection: enough for the owner of the export to find and fix it,
 * cut short so a runaway field (a whole JSON blob, a pasted note) cannot flood the report. Every
 * parser describes values through here, so the same value reads the same in every format.
 */

const MAX_SHOWN = 60;

/** RejectedRecord.field for a problem with a record as a whole (wrong field count, not an object). */
export const WHOLE_RECORD = "(record)";

/** `"31/02/2024"`, `nothing`, `null`, `number 12`, `an object`: the "got …" part of a rejection. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") {
    return JSON.stringify(value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value);
  }
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}

/** `an object`, `an array`, `a string`…: what a JSON value is, without showing it. */
export function describeType(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

/** The reason text of a rejection: what was expected, and what was found. */
export function expectedGot(expected: string, value: unknown): string {
  return `expected ${expected}, got ${describeValue(value)}`;
}
