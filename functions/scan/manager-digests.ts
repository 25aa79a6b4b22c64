/**
 * Manager digests (SPEC §6) as a night's bulk work: who gets one (routing, in reports/email), which
 * of them changed since the last scan, and the names their idempotency markers and audit entries
 * go by. PlanManagerDigests and SendManagerDigests (steps/) carry them out.
 */
import {
  type ManagerDigestGroup,
  type ManagerRouting,
  routeManagerDigests,
  shownInDigest,
} from "../../reports/email/manager-digest-routing.ts";
import type { LoadedConfig } from "../config/load-config.ts";
import type { Severity } from "../core/finding.ts";
import { isPlainAddress } from "../ports/mail/validate-email.ts";
import type { ScanResult } from "./contract/scan-result.ts";

export const managerDigestPurpose = (managerId: string): string => `manager-digest:${managerId}`;
/** Where a scan records its sent (or written) manager digests, by manager id (`StateStore.recordDone`). */
export const MANAGER_DIGESTS_DONE = "email:manager-digests";
/**
 * Where a scan records the digests a chunk failed to send after its retries, by manager id: the
 * next scan sends those whether or not anything changed for them, since news is counted from the
 * last published scan (ADR 0010) and that scan's news never reached them.
 */
export const MANAGER_DIGESTS_OWED = "email:manager-digests-owed";

/** What changed since the last scan, as far as a digest is concerned. */
export interface DigestChanges {
  isNew(findingId: string): boolean;
  hasResolved(personId: string): boolean;
}

/**
 * `minSeverity`: the digests' own. A resolved finding counts only if the digest showed it, so a
 * late-disable resolving (never shown: nothing left to do) does not send the same digest again.
 */
export function digestChangesOf(result: ScanResult, minSeverity: Severity): DigestChanges {
  const { history } = result;
  // A scan without persisted state cannot tell what is new: everything is.
  if (history === undefined) return { isNew: () => true, hasResolved: () => false };
  // A finding back after a fix or a waiver is news to the manager too.
  const newIds = new Set([
    ...history.newFindingIds,
    ...history.reopenedFindingIds,
    ...history.waiverExpiredFindingIds,
  ]);
  const resolvedPeople = new Set<string>();
  for (const finding of history.resolved) {
    if (finding.personId !== null && shownInDigest(finding, minSeverity))
      resolvedPeople.add(finding.personId);
  }
  return { isNew: (id) => newIds.has(id), hasResolved: (personId) => resolvedPeople.has(personId) };
}

/** Whether anything in the digest is new, or one of its leavers had a finding it showed resolved. */
export function changedFor(group: ManagerDigestGroup, changes: DigestChanges): boolean {
  for (const report of group.reports) {
    if (changes.hasResolved(report.personId)) return true;
    for (const findings of Object.values(report.items)) {
      if (findings.some((finding) => changes.isNew(finding.id))) return true;
    }
  }
  return false;
}

/** A plain address on one of the organisation's `emailDomains` (none configured: nobody). */
export function emailDomainPolicy(emailDomains: readonly string[]): (address: string) => boolean {
  const domains = new Set(emailDomains.map((domain) => domain.trim().toLowerCase().replace(/^@/, "")));
  return (address) => {
    if (!isPlainAddress(address)) return false;
    const at = address.lastIndexOf("@");
    return domains.has(address.slice(at + 1).toLowerCase());
  };
}

export interface DueDigests {
  routing: ManagerRouting;
  /**
   * The digests to send tonight: something changed for them, the last published scan owed them
   * theirs, or `report.sendWhenUnchanged`.
   */
  due: ManagerDigestGroup[];
  /** Of `due`, those due only because the last published scan failed to send them. */
  owed: number;
}

/**
 * The routing of this scan's digests under the config's `report` and `emailDomains`, and which of
 * them are due; undefined when the config sends no manager digests. `owed`: the managers whose
 * digests the last published scan failed to send (MANAGER_DIGESTS_OWED).
 */
export function dueDigests(
  result: ScanResult,
  config: LoadedConfig,
  owed: ReadonlySet<string> = new Set(),
): DueDigests | undefined {
  const report = config.report;
  if (report === undefined || !report.managerDigests.enabled) return undefined;
  const mayReceive = emailDomainPolicy(config.emailDomains);
  const routing = routeManagerDigests(result, {
    minSeverity: report.managerDigests.minSeverity,
    mayReceive,
    // The compliance recipients are the organisation's own: only those on emailDomains get leavers' details.
    fallbackRecipients: report.to.filter(mayReceive),
  });
  if (report.sendWhenUnchanged) return { routing, due: routing.groups, owed: 0 };
  const changes = digestChangesOf(result, report.managerDigests.minSeverity);
  const due: ManagerDigestGroup[] = [];
  let owedOnly = 0;
  for (const group of routing.groups) {
    if (changedFor(group, changes)) due.push(group);
    else if (owed.has(group.managerId)) {
      due.push(group);
      owedOnly++;
    }
  }
  return { routing, due, owed: owedOnly };
}
