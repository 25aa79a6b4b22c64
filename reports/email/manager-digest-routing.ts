/**
 * Who gets a manager digest, about whom: the open findings of each departed person, grouped by
 * what their manager has to do about them, under the manager the roster names. A leaver's
 * manager is the one who knows what must be kept, handed over or recovered.
 *
 * When that manager cannot take it — they have left too, the roster has no usable address for
 * them, or their address is outside the organisation's `emailDomains` — the leaver goes to the
 * next manager up the chain who can, and failing that to the fallback recipients (the compliance
 * team): a digest is never dropped because one link of the chain is missing, and no leaver's
 * details are mailed outside the organisation.
 */
import { SEVERITY_RANK, type Severity, type SubjectType } from "../../functions/core/finding.ts";
import { compareFindings, compareText } from "../../functions/core/order.ts";
import type { PersonSummary, ReportFinding, ScanResult } from "../../functions/scan/contract/scan-result.ts";
import { formatDateInZone } from "../format.ts";

/** What a manager is asked to do something about, by the finding's subject. */
export const HANDOVER_CATEGORIES = ["accounts", "data", "devices", "offboarding"] as const;
export type HandoverCategory = (typeof HANDOVER_CATEGORIES)[number];

const CATEGORY_OF_SUBJECT: Readonly<Partial<Record<SubjectType, HandoverCategory>>> = {
  account: "accounts",
  resource: "data",
  asset: "devices",
  person: "offboarding",
};

/** Findings that record a past breach, with nothing left for a manager to do (late-disable: already disabled). */
const NOTHING_LEFT_TO_DO: ReadonlySet<string> = new Set(["late-disable"]);

/** How far up a management chain a digest is passed before it goes to the fallback recipients. */
const MAX_CHAIN = 32;

/** The managerId of the group that goes to the fallback recipients. */
export const FALLBACK_RECIPIENT_ID = "(compliance)";

export interface DepartedReport {
  personId: string;
  person: PersonSummary;
  /** Open, unwaived findings by category, most severe first. */
  items: Record<HandoverCategory, ReportFinding[]>;
  total: number;
  /**
   * The manager the roster names, when the digest went to someone else (they left, or no address
   * of theirs may be mailed).
   */
  reportedTo?: string;
}

export interface ManagerDigestGroup {
  /** The recipient's employee id, or `FALLBACK_RECIPIENT_ID`. */
  managerId: string;
  manager: PersonSummary;
  /** Recipient addresses: the manager's, or the fallback recipients. */
  to: string[];
  /** By name, then employee id. */
  reports: DepartedReport[];
}

/** Why a manager named by the roster did not get a digest, for the scan summary. */
export type PassedOverReason = "departed" | "no-address" | "outside-email-domains" | "not-in-roster";

export interface ManagerRouting {
  /** By manager id; the fallback group (if any) last. */
  groups: ManagerDigestGroup[];
  /** Managers passed over, by reason (their leavers went up the chain or to the fallback). */
  passedOver: Record<PassedOverReason, string[]>;
  /** Leavers whom no manager could take: in the fallback group, or unsent when there is none. */
  unrouted: string[];
}

export interface DigestRoutingOptions {
  /** Findings below this severity are left out. */
  minSeverity: Severity;
  /**
   * Whether an address may receive a digest: a plain address on one of the organisation's
   * `emailDomains` (the caller decides; the mail port validates).
   */
  mayReceive(address: string): boolean;
  /** Where leavers go when no manager up the chain can take them; empty: nowhere (reported). */
  fallbackRecipients: readonly string[];
}

export function routeManagerDigests(result: ScanResult, options: DigestRoutingOptions): ManagerRouting {
  // A person has departed once their last day is over: the scan's calendar day in the org zone is later.
  const today = formatDateInZone(result.evaluatedAt, result.timezone);
  const departed = (person: PersonSummary | undefined) =>
    person?.terminationDate !== undefined && person.terminationDate < today;
  const findingsOf = leaversFindings(result, departed, options.minSeverity);

  const groups = new Map<string, ManagerDigestGroup>();
  const passedOver = new Map<string, PassedOverReason>();
  const unrouted: string[] = [];
  for (const [personId, findings] of findingsOf) {
    const person = result.people[personId] ?? {};
    const recipient = recipientFor(personId, person.managerId, result.people, departed, options, passedOver);
    const report = departedReport(personId, person, findings);
    if (recipient === undefined) {
      unrouted.push(personId);
      if (options.fallbackRecipients.length === 0) continue;
    }
    const managerId = recipient?.managerId ?? FALLBACK_RECIPIENT_ID;
    if (person.managerId !== undefined && person.managerId !== managerId)
      report.reportedTo = person.managerId;
    let group = groups.get(managerId);
    if (group === undefined) {
      group =
        recipient === undefined
          ? { managerId, manager: { name: "Compliance" }, to: [...options.fallbackRecipients], reports: [] }
          : { managerId, manager: recipient.manager, to: [recipient.address], reports: [] };
      groups.set(managerId, group);
    }
    group.reports.push(report);
  }

  for (const group of groups.values()) group.reports.sort(compareReports);
  const fallback = groups.get(FALLBACK_RECIPIENT_ID);
  groups.delete(FALLBACK_RECIPIENT_ID);
  const byReason: Record<PassedOverReason, string[]> = {
    departed: [],
    "no-address": [],
    "outside-email-domains": [],
    "not-in-roster": [],
  };
  for (const [managerId, reason] of passedOver) byReason[reason].push(managerId);
  for (const ids of Object.values(byReason)) ids.sort(compareText);
  return {
    groups: [
      ...[...groups.values()].sort((a, b) => compareText(a.managerId, b.managerId)),
      ...(fallback ? [fallback] : []),
    ],
    passedOver: byReason,
    unrouted: unrouted.sort(compareText),
  };
}

/** Each departed person's open findings a manager can act on, at or above the minimum severity. */
function leaversFindings(
  result: ScanResult,
  departed: (person: PersonSummary | undefined) => boolean,
  minSeverity: Severity,
): Map<string, ReportFinding[]> {
  const findingsOf = new Map<string, ReportFinding[]>();
  for (const finding of result.findings) {
    if (finding.personId === null || !needsHandover(finding, minSeverity)) continue;
    if (!departed(result.people[finding.personId])) continue;
    let list = findingsOf.get(finding.personId);
    if (list === undefined) {
      list = [];
      findingsOf.set(finding.personId, list);
    }
    list.push(finding);
  }
  return findingsOf;
}

/**
 * The first manager up the chain from `managerId` who may receive the leaver's digest: in the
 * roster, not departed, with an address that may be mailed, and not the leaver themself.
 */
function recipientFor(
  leaverId: string,
  managerId: string | undefined,
  people: Readonly<Record<string, PersonSummary>>,
  departed: (person: PersonSummary | undefined) => boolean,
  options: DigestRoutingOptions,
  passedOver: Map<string, PassedOverReason>,
): { managerId: string; manager: PersonSummary; address: string } | undefined {
  const seen = new Set<string>([leaverId]);
  let current = managerId;
  for (let depth = 0; current !== undefined && !seen.has(current) && depth < MAX_CHAIN; depth++) {
    seen.add(current);
    const manager = people[current];
    const address = manager?.email?.trim();
    const reason: PassedOverReason | undefined =
      manager === undefined
        ? "not-in-roster"
        : departed(manager)
          ? "departed"
          : address === undefined || address === ""
            ? "no-address"
            : options.mayReceive(address)
              ? undefined
              : "outside-email-domains";
    if (reason === undefined && manager !== undefined && address !== undefined)
      return { managerId: current, manager, address };
    passedOver.set(current, reason ?? "no-address");
    current = manager?.managerId;
  }
  return undefined;
}

/** Open (not waived), and of a kind the digest shows. */
function needsHandover(finding: ReportFinding, minSeverity: Severity): boolean {
  if (finding.status !== undefined && finding.status !== "open") return false;
  return shownInDigest(finding, minSeverity);
}

/** The part of a finding that decides whether a digest shows it: also all a resolved finding keeps. */
export interface DigestKind {
  rule: string;
  severity: string;
  subject: { type: string };
}

/**
 * Whether a digest shows a finding of this kind while it is open: about something a manager can
 * act on, at or above the minimum severity. Whether a resolved finding changes a digest depends on
 * it too: one the digest never showed changes nothing a manager sees.
 */
export function shownInDigest(finding: DigestKind, minSeverity: Severity): boolean {
  const category = (CATEGORY_OF_SUBJECT as Readonly<Record<string, HandoverCategory>>)[finding.subject.type];
  // A severity this build does not know is shown: a digest sent once too often beats one missed.
  const rank = (SEVERITY_RANK as Readonly<Record<string, number>>)[finding.severity];
  return (
    category !== undefined &&
    !NOTHING_LEFT_TO_DO.has(finding.rule) &&
    (rank === undefined || rank <= SEVERITY_RANK[minSeverity])
  );
}

function departedReport(personId: string, person: PersonSummary, findings: ReportFinding[]): DepartedReport {
  const items: Record<HandoverCategory, ReportFinding[]> = {
    accounts: [],
    data: [],
    devices: [],
    offboarding: [],
  };
  for (const finding of findings) {
    const category = CATEGORY_OF_SUBJECT[finding.subject.type];
    if (category !== undefined) items[category].push(finding);
  }
  for (const category of HANDOVER_CATEGORIES) items[category].sort(compareFindings);
  return { personId, person, items, total: findings.length };
}

function compareReports(a: DepartedReport, b: DepartedReport): number {
  return compareText(a.person.name ?? "", b.person.name ?? "") || compareText(a.personId, b.personId);
}
