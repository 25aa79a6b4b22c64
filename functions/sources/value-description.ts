/**
 * How a bad value is shown in a rejection: enough for the owner of the export to find and fix it,
 * cut short so a runaway field (a whole JSON blob, a pasted note) cannot flood the report.
 */

const MAX_SHOWN = 60;

/** RejectedRecord.field for a problem with a record as a whole (wrong field count, not an object). */
export const WHOLE_RECORD = "(record)";

/** `"31/02/2024"`, `nothing`, `a number (12)`, `an object`: the "got …" part of a rejection. */
export function describeValue(raw: unknown): string {
  if (raw === undefined || raw === null || raw === "") return "nothing";
  if (typeof raw === "string") {
    return JSON.stringify(raw.length > MAX_SHOWN ? `${raw.slice(0, MAX_SHOWN)}…` : raw);
  }
  if (typeof raw === "number" || typeof raw === "boolean") return `a ${typeof raw} (${String(raw)})`;
  if (Array.isArray(raw)) return "a list";
  return typeof raw === "object" ? "an object" : `a ${typeof raw}`;
}

/** The reason text of a rejection: what was expected, and what was found. */
export function expectedGot(expected: string, raw: unknown): string {
  return `expected ${expected}, got ${describeValue(raw)}`;
}
