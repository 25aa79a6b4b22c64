/**
 * Raw evidence (`key=value; key=a, b`): field names and values exactly as the rule wrote them, for
 * findings.csv and the Security Hub export. People read evidence in words: reports/evidence-sentences.ts.
 */
import type { Evidence, EvidenceValue } from "./finding.ts";

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
