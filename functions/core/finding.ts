/** A finding (SPEC §4): one thing offboarding left behind, with the evidence that proves it. */
import { hash } from "node:crypto";

export const SEVERITIES = ["critical", "high", "medium", "low"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Lower is more severe; used for `--fail-on` and sorting. */
export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

export type SubjectType = "account" | "asset" | "person" | "system" | "resource";

export interface Subject {
  type: SubjectType;
  id: string;
}

export type EvidenceValue = string | number | boolean | null | readonly string[];
export type Evidence = Record<string, EvidenceValue>;

/** What a rule emits; the engine adds the stable id, controls and dependencies. */
export interface FindingDraft {
  severity: Severity;
  sourceId: string;
  subject: Subject;
  personId: string | null;
  title: string;
  evidence: Evidence;
  /** Extra sources whose success this finding's resolution depends on (beyond its own source and the roster). */
  dependsOn?: readonly string[];
}

export interface Finding extends Omit<FindingDraft, "dependsOn"> {
  id: string;
  rule: string;
  controls: readonly string[];
  /** Sources that must all be collected successfully before this finding may be auto-resolved. */
  dependsOn: readonly string[];
}

/** Stable across runs: derived from rule + source + subject only, never from dates or evidence. */
export function findingId(rule: string, sourceId: string, subject: Subject): string {
  // One-shot hash: ~4x faster than createHash() over a couple of hundred thousand short inputs.
  const digest = hash("sha256", `${rule}\u0000${sourceId}\u0000${subject.type}\u0000${subject.id}`, "hex");
  return `${rule}:${digest.slice(0, 20)}`;
}
