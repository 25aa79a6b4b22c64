/**
 * Who gets a manager digest, about whom: the open findings of each departed person, grouped by
 * what their manager has to do about them, under the manager the roster names. A leaver's
 * manager is the one who knows what must be kept, handed over or recovered.
 */
import type { SubjectType } from "../../functions/core/finding.ts";
import { formatDateInZone } from "../format.ts";
import { compareFindings } from "../report-summary.ts";
import type { PersonSummary, ReportFinding, ScanResult } from "../scan-result.ts";

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

export interface DepartedReport {
  personId: string;
  person: PersonSummary;
  /** Open, unwaived findings by category, most severe first. */
  items: Record<HandoverCategory, ReportFinding[]>;
  total: number;
}

export interface ManagerDigestGroup {
  managerId: string;
  manager: PersonSummary;
  /** The manager's address as the roster has it (validated by the mail port when sent). */
  email: string;
  /** By name, then employee id. */
  reports: DepartedReport[];
}

export interface ManagerRouting {
  /** By manager id. */
  groups: ManagerDigestGroup[];
  /** Managers of departed people with open findings whom no address reaches: not in the roster, or no email. */
  managersWithoutEmail: string[];
  /** Departed people with open findings and no manager on record. */
  leaversWithoutManager: string[];
}

export function routeManagerDigests(result: ScanResult): ManagerRouting {
  // A person has departed once their last day is over: the scan's calendar day in the org zone is later.
  const today = formatDateInZone(result.evaluatedAt, result.timezone);
  const findingsOf = new Map<string, ReportFinding[]>();
  for (const finding of result.findings) {
    if (finding.personId === null || !needsHandover(finding)) continue;
    const terminationDate = result.people[finding.personId]?.terminationDate;
    if (terminationDate === undefined || terminationDate >= today) continue;
    let list = findingsOf.get(finding.personId);
    if (list === undefined) {
      list = [];
      findingsOf.set(finding.personId, list);
    }
    list.push(finding);
  }

  const groups = new Map<string, ManagerDigestGroup>();
  const managersWithoutEmail = new Set<string>();
  const leaversWithoutManager: string[] = [];
  for (const [personId, findings] of findingsOf) {
    const person = result.people[personId] ?? {};
    const managerId = person.managerId;
    if (managerId === undefined || managerId === personId) {
      leaversWithoutManager.push(personId);
      continue;
    }
    const manager = result.people[managerId];
    const email = manager?.email?.trim();
    if (manager === undefined || email === undefined || email === "") {
      managersWithoutEmail.add(managerId);
      continue;
    }
    let group = groups.get(managerId);
    if (group === undefined) {
      group = { managerId, manager, email, reports: [] };
      groups.set(managerId, group);
    }
    group.reports.push(departedReport(personId, person, findings));
  }

  for (const group of groups.values()) group.reports.sort(compareReports);
  return {
    groups: [...groups.values()].sort((a, b) => compareText(a.managerId, b.managerId)),
    managersWithoutEmail: [...managersWithoutEmail].sort(compareText),
    leaversWithoutManager: leaversWithoutManager.sort(compareText),
  };
}

/** Open (not waived), about something a manager can act on. */
function needsHandover(finding: ReportFinding): boolean {
  if (finding.status !== undefined && finding.status !== "open") return false;
  return CATEGORY_OF_SUBJECT[finding.subject.type] !== undefined && !NOTHING_LEFT_TO_DO.has(finding.rule);
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

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
