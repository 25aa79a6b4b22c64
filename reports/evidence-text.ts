/** Compact, human-readable evidence (`key=value; key=a, b`) for CSV cells and report tables. */
import type { Evidence, EvidenceValue } from "../functions/core/finding.ts";

export function evidenceValueText(value: EvidenceValue): string {
  if (value === null) return "null";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return value.join(", ");
}

/** Every entry, in the rule's order: the CSV keeps the full evidence. */
export function evidenceText(evidence: Evidence): string {
  let out = "";
  for (const key in evidence) {
    const value = evidence[key];
    if (value === undefined) continue;
    out += `${out === "" ? "" : "; "}${key}=${evidenceValueText(value)}`;
  }
  return out;
}
