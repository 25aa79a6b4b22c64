/**
 * Which leavers breached the offboarding SLA (SPEC §6). A leaver whose accounts were not all
 * disabled within `disableWithinHours` stays a breach: deleting the late accounts later resolves
 * their findings, but does not make the offboarding timely. So each scan carries the breaches the
 * last persisted scan knew forward, adds those its open findings show, and drops those whose
 * termination has left the lookback window (as they leave the SLA population).
 */
import type { Instant } from "./model.ts";

/** Rules whose findings mean a leaver's accounts were not all disabled in time. */
export const SLA_BREACH_RULES: ReadonlySet<string> = new Set(["ghost-account", "late-disable"]);

/** Breaching leavers: termination instant (ISO) by employee id. */
export type SlaBreaches = Record<string, string>;

export function slaBreaches(input: {
  /** The last persisted scan's breaches (absent: none known, e.g. the first scan). */
  previous: SlaBreaches | undefined;
  /** This scan's open and waived findings. */
  findings: Iterable<{ rule: string; personId: string | null }>;
  /** This scan's leavers in the SLA population: termination instant (ISO) by employee id. */
  terminatedAt: Readonly<Record<string, string>>;
  /** The start of the lookback window: breaches of earlier terminations are dropped. */
  lookbackStart: Instant;
}): SlaBreaches {
  const breaches: SlaBreaches = {};
  for (const [personId, terminatedAt] of Object.entries(input.previous ?? {})) {
    if (Date.parse(terminatedAt) >= input.lookbackStart) breaches[personId] = terminatedAt;
  }
  for (const finding of input.findings) {
    if (finding.personId === null || !SLA_BREACH_RULES.has(finding.rule)) continue;
    const terminatedAt = input.terminatedAt[finding.personId];
    if (terminatedAt !== undefined) breaches[finding.personId] = terminatedAt;
  }
  return breaches;
}
