/** One line per finding in a task: severity, what, where, and the few facts that prove it. */
import type { EvidenceValue, Finding } from "../finding.ts";

/**
 * The evidence worth reading in a task, most telling first. The rest (correlation details,
 * termination dates repeated on every line of a leaver's task) stays in findings.csv.
 */
const KEY_EVIDENCE = [
  "lastLoginAt",
  "loginAfterTermination",
  "hoursOverdue",
  "hoursLate",
  "daysOverdue",
  "daysSinceLogin",
  "ageDays",
  "monthlyCost",
  "credentialIds",
  "groups",
  "missing",
  "ticketId",
  "privilegedAccountIds",
  "serial",
  "type",
  "schedule",
  "username",
  "email",
] as const;

const MAX_EVIDENCE_ITEMS = 4;
const MAX_VALUE_CHARS = 80;
const MAX_ARRAY_ITEMS = 3;

export function describeFinding(finding: Finding): string {
  const evidence = keyEvidence(finding);
  const subject = `${finding.sourceId} ${finding.subject.type} "${clip(finding.subject.id)}"`;
  const facts = evidence.length === 0 ? "" : ` (${evidence.join("; ")})`;
  return `[${finding.severity}] ${finding.title}: ${subject}${facts} · ${finding.id}`;
}

function keyEvidence(finding: Finding): string[] {
  const shown: string[] = [];
  for (const name of KEY_EVIDENCE) {
    if (shown.length === MAX_EVIDENCE_ITEMS) break;
    const value = finding.evidence[name];
    if (value === undefined || value === null || value === "" || value === false) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    shown.push(`${name}: ${formatValue(value)}`);
  }
  return shown;
}

function formatValue(value: EvidenceValue): string {
  if (typeof value === "string") return clip(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value === null) return "none";
  const listed = value.slice(0, MAX_ARRAY_ITEMS).map(clip).join(", ");
  return value.length > MAX_ARRAY_ITEMS ? `${listed} +${value.length - MAX_ARRAY_ITEMS} more` : listed;
}

/** Keeps a task readable whatever a source put in a field; also flattens line breaks. */
function clip(text: string): string {
  const flat = text.replace(/\s+/g, " ");
  return flat.length > MAX_VALUE_CHARS ? `${flat.slice(0, MAX_VALUE_CHARS - 1)}…` : flat;
}
