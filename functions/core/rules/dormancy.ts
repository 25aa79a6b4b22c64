/**
 * "No login for `dormantAfterDays` (and older than that)" (SPEC §4). Dormancy must be provable:
 * from a dated last login, or, for an account that never logged in, from a dated creation.
 */
import type { Evidence } from "../finding.ts";
import type { Account, Instant } from "../model.ts";
import { daysBetween } from "../time.ts";
import { isoOrNull } from "./evidence.ts";

/** `threshold` = now − dormantAfterDays; strictly older than it is dormant. */
export function isDormant(account: Account, threshold: Instant): boolean {
  const { lastLoginAt, createdAt } = account;
  if (lastLoginAt !== undefined) {
    return lastLoginAt < threshold && (createdAt === undefined || createdAt < threshold);
  }
  return createdAt !== undefined && createdAt < threshold;
}

export function addDormancyEvidence(
  evidence: Evidence,
  account: Account,
  now: Instant,
  dormantAfterDays: number,
): Evidence {
  const { lastLoginAt, createdAt } = account;
  evidence.lastLoginAt = isoOrNull(lastLoginAt);
  evidence.neverLoggedIn = lastLoginAt === undefined;
  evidence.daysSinceLogin = lastLoginAt === undefined ? null : daysBetween(lastLoginAt, now);
  evidence.createdAt = isoOrNull(createdAt);
  evidence.accountAgeDays = createdAt === undefined ? null : daysBetween(createdAt, now);
  evidence.dormantAfterDays = dormantAfterDays;
  return evidence;
}
