/**
 * Which of a rule's findings a "not evaluated" gap stands for. Some rules have branches: the
 * leaver branch of `unused-license` runs on any source, its dormant branch needs last logins. A
 * source without last logins is reported not evaluated for the rule, but the findings the leaver
 * branch opened there were looked for; only those the dormant branch would open were not. The
 * rule names the branch by an evidence value its findings carry, so a finding of the last scan,
 * read back from the blob, can still say which branch produced it (SPEC §5).
 */
import type { Finding } from "../finding.ts";

export interface WithheldBranch {
  /** The evidence key the rule sets on every finding to name its branch, e.g. `reason`. */
  evidenceKey: string;
  /** The value of the branch that could not run, e.g. `dormant`. */
  value: string;
}

/**
 * Whether a gap withholds a finding of its rule and source. A gap that names no branch withholds
 * all of them, and so does one whose finding lacks the key: when in doubt, keep the finding.
 */
export function gapWithholds(branch: WithheldBranch | undefined, finding: Finding): boolean {
  if (branch === undefined) return true;
  const value = finding.evidence[branch.evidenceKey];
  return value === undefined || value === branch.value;
}
