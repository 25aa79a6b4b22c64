/**
 * Open findings → remediation task groups (SPEC §6): one task per leaver, one per system for the
 * access nobody owns, and one per system for the remaining hygiene findings. A reviewer then
 * works through one task per person or system instead of one per row.
 */
import { type Finding, SEVERITIES, SEVERITY_RANK, type Severity } from "../finding.ts";
import type { LifecycleFinding } from "../lifecycle/types.ts";
import { compareText } from "../order.ts";
import { taskContentHash } from "./content-hash.ts";
import { describeFinding } from "./describe-finding.ts";
import type { TaskGroup, TaskGroupKind, TaskPerson } from "./types.ts";

/** Enough to act on; a leaver with hundreds of findings is read in findings.csv. */
export const DEFAULT_MAX_LISTED_FINDINGS = 50;

/** Findings without a person that a system's owner must resolve: nobody else can. */
const OWNERSHIP_RULES: ReadonlySet<string> = new Set(["orphan-account", "system-without-admin"]);

export interface GroupFindingsOptions {
  maxListedFindings?: number;
  /**
   * Keys, titles, severities and finding ids only: no body and no content hash (both empty). For
   * working out which tasks are open after a sync (tasks-after-sync.ts), where an update and no
   * change end the same; it saves most of the work at six figures of findings.
   */
  outline?: boolean;
}

interface Membership {
  key: string;
  kind: TaskGroupKind;
  /** The leaver's employee id, or the system's source id. */
  subjectId: string;
}

/** Sorted by key. Only open findings are grouped: waived and resolved ones need no work. */
export function groupFindings(
  findings: Iterable<LifecycleFinding>,
  people: Readonly<Record<string, TaskPerson>>,
  options: GroupFindingsOptions = {},
): TaskGroup[] {
  const maxListed = options.maxListedFindings ?? DEFAULT_MAX_LISTED_FINDINGS;
  const groups = new Map<string, { membership: Membership; findings: Finding[] }>();
  for (const finding of findings) {
    if (finding.status !== "open") continue;
    const membership = membershipOf(finding, people);
    const group = groups.get(membership.key);
    if (group === undefined) groups.set(membership.key, { membership, findings: [finding] });
    else group.findings.push(finding);
  }
  const sorted = [...groups.values()].sort((a, b) => compareText(a.membership.key, b.membership.key));
  if (options.outline)
    return sorted.map(({ membership, findings: members }) => outlineGroup(membership, members, people));
  return sorted.map(({ membership, findings: members }) =>
    buildGroup(membership, members, people, maxListed),
  );
}

function membershipOf(finding: Finding, people: Readonly<Record<string, TaskPerson>>): Membership {
  const personId = finding.personId;
  if (personId !== null && personOf(people, personId)?.terminationDate !== undefined) {
    return { key: `leaver:${personId}`, kind: "leaver", subjectId: personId };
  }
  if (OWNERSHIP_RULES.has(finding.rule)) {
    return { key: `system:${finding.sourceId}`, kind: "ownership", subjectId: finding.sourceId };
  }
  return { key: `system:${finding.sourceId}:hygiene`, kind: "hygiene", subjectId: finding.sourceId };
}

function buildGroup(
  membership: Membership,
  findings: Finding[],
  people: Readonly<Record<string, TaskPerson>>,
  maxListed: number,
): TaskGroup {
  findings.sort(bySeverityThenSubject);
  const listed = findings.slice(0, maxListed);
  const person = membership.kind === "leaver" ? personOf(people, membership.subjectId) : undefined;
  return {
    key: membership.key,
    kind: membership.kind,
    title: titleOf(membership, person, findings.length),
    body: {
      facts: factsOf(membership, person, findings),
      findings: listed.map(describeFinding),
      omitted: findings.length - listed.length,
    },
    severity: findings[0]?.severity ?? "low",
    findingIds: findings.map((finding) => finding.id).sort(compareText),
    contentHash: taskContentHash(findings),
  };
}

function outlineGroup(
  membership: Membership,
  findings: readonly Finding[],
  people: Readonly<Record<string, TaskPerson>>,
): TaskGroup {
  let severity: Severity = "low";
  for (const finding of findings) {
    if (SEVERITY_RANK[finding.severity] < SEVERITY_RANK[severity]) severity = finding.severity;
  }
  const person = membership.kind === "leaver" ? personOf(people, membership.subjectId) : undefined;
  return {
    key: membership.key,
    kind: membership.kind,
    title: titleOf(membership, person, findings.length),
    body: { facts: [], findings: [], omitted: 0 },
    severity,
    findingIds: findings.map((finding) => finding.id).sort(compareText),
    contentHash: "",
  };
}

function titleOf(membership: Membership, person: TaskPerson | undefined, count: number): string {
  const counted = `${count} open ${count === 1 ? "finding" : "findings"}`;
  switch (membership.kind) {
    case "leaver":
      return `Offboarding incomplete: ${personLabel(membership.subjectId, person)}, ${counted}`;
    case "ownership":
      return `Unowned access in ${membership.subjectId}: ${counted}`;
    case "hygiene":
      return `Access hygiene in ${membership.subjectId}: ${counted}`;
  }
}

function factsOf(membership: Membership, person: TaskPerson | undefined, findings: Finding[]): string[] {
  const facts: string[] = [];
  if (membership.kind === "leaver") {
    facts.push(`Employee: ${personLabel(membership.subjectId, person)}`);
    if (person?.email !== undefined) facts.push(`Email: ${person.email}`);
    if (person?.department !== undefined) facts.push(`Department: ${person.department}`);
    if (person?.managerId !== undefined) facts.push(`Manager: ${person.managerId}`);
    if (person?.terminationDate !== undefined) facts.push(`Last day: ${person.terminationDate}`);
  } else {
    facts.push(`System: ${membership.subjectId}`);
  }
  facts.push(`Open findings: ${findings.length} (${severityCounts(findings)})`, WHAT_TO_DO[membership.kind]);
  return facts;
}

const WHAT_TO_DO: Record<TaskGroupKind, string> = {
  leaver:
    "Disable or delete the accounts below, recover the devices, reassign what the person owned, " +
    "and complete the offboarding record.",
  ownership:
    "Give each account below an owner or remove it, and make sure a current person holds an " +
    "enabled admin account.",
  hygiene: "Review the access below and remove what is no longer needed.",
};

function personLabel(employeeId: string, person: TaskPerson | undefined): string {
  return person?.name === undefined ? employeeId : `${person.name} (${employeeId})`;
}

/** e.g. `2 critical, 3 high`, most severe first. */
function severityCounts(findings: readonly Finding[]): string {
  const counts = new Map<Severity, number>();
  for (const finding of findings) counts.set(finding.severity, (counts.get(finding.severity) ?? 0) + 1);
  return SEVERITIES.flatMap((severity) => {
    const count = counts.get(severity);
    return count === undefined ? [] : [`${count} ${severity}`];
  }).join(", ");
}

/** Own properties only: an employee id such as `constructor` must not find Object's prototype. */
function personOf(people: Readonly<Record<string, TaskPerson>>, employeeId: string): TaskPerson | undefined {
  return Object.hasOwn(people, employeeId) ? people[employeeId] : undefined;
}

function bySeverityThenSubject(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    compareText(a.rule, b.rule) ||
    compareText(a.sourceId, b.sourceId) ||
    compareText(a.subject.id, b.subject.id) ||
    compareText(a.id, b.id)
  );
}
