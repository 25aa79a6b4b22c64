/** Detects a change in a task's findings without comparing their text, which moves every night. */
import { hash } from "node:crypto";
import type { Severity } from "../finding.ts";

/**
 * Over the finding ids and severities only: evidence such as hours overdue grows each scan, and
 * updating every open issue nightly for that would drown the real changes.
 */
export function taskContentHash(findings: readonly { id: string; severity: Severity }[]): string {
  const lines = findings.map((finding) => `${finding.id}\u0000${finding.severity}`).sort();
  return hash("sha256", lines.join("\n"), "hex").slice(0, 32);
}
