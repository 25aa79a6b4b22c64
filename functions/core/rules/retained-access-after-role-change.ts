/** Catches privilege creep: people who changed role but kept the restricted access of their old one. */
import type { FindingDraft } from "../finding.ts";
import { isActive } from "../person-facts.ts";
import { toIso } from "../time.ts";
import { accountEvidence, addMatchEvidence } from "./evidence.ts";
import type { NotEvaluated, Rule } from "./rule.ts";
import { splitAccountSourcesByField } from "./source-selection.ts";

interface RestrictedGroup {
  /** As configured, for evidence. */
  name: string;
  departments: readonly string[];
  /** Lower-cased, for case-insensitive comparison with the person's department. */
  allowed: ReadonlySet<string>;
}

/** Restricted groups keyed by lower-cased name: exports and configs rarely agree on case. */
function restrictedGroups(entitlements: Readonly<Record<string, { departments: readonly string[] }>>) {
  const groups = new Map<string, RestrictedGroup>();
  for (const [name, { departments }] of Object.entries(entitlements)) {
    const allowed = new Set(departments.map((d) => d.trim().toLowerCase()));
    groups.set(name.trim().toLowerCase(), { name, departments, allowed });
  }
  return groups;
}

export const retainedAccessAfterRoleChangeRule: Rule = {
  id: "retained-access-after-role-change",
  title: "Restricted entitlement retained after role change",
  rationale:
    "A mover who keeps a restricted entitlement of their previous department after the grace period " +
    "accumulates access beyond their role (privilege creep), breaking least privilege and segregation " +
    "of duties.",
  severityLogic: "always high",
  subjectType: "account",
  controls: ["SOC2 CC6.3", "ISO27001 A.5.15", "ISO27001 A.5.18", "NIST AC-6", "NIST PS-5"],
  evaluate(context) {
    const restricted = restrictedGroups(context.entitlements);
    // Nothing is restricted: there is nothing to evaluate, and nothing missing.
    if (restricted.size === 0) return { findings: [], notEvaluated: [] as NotEvaluated[] };
    const { evaluable, notEvaluated } = splitAccountSourcesByField(
      context,
      "groups",
      "restricted entitlements cannot be checked",
    );
    const findings: FindingDraft[] = [];
    const { roleChangeGraceDays } = context.policy;
    const graceStartedBefore = context.calendar.plusDays(context.now, -roleChangeGraceDays);
    for (const { account, match } of context.accounts) {
      if (!account.enabled || match === undefined || account.groups.length === 0) continue;
      const person = match.person.person;
      const changedAt = person.roleChangedAt;
      if (!isActive(match.person) || changedAt === undefined || changedAt >= graceStartedBefore) continue;
      if (!evaluable.has(account.sourceId)) continue;
      const department = person.department?.trim().toLowerCase();
      const heldAs: string[] = [];
      const retained: RestrictedGroup[] = [];
      for (const group of account.groups) {
        const entitlement = restricted.get(group.trim().toLowerCase());
        if (entitlement === undefined) continue;
        if (department !== undefined && entitlement.allowed.has(department)) continue;
        heldAs.push(group);
        retained.push(entitlement);
      }
      if (heldAs.length === 0) continue;
      const evidence = addMatchEvidence(accountEvidence(account), match, context.calendar);
      evidence.groups = heldAs;
      evidence.allowedDepartments = retained.map((g) => `${g.name}: ${g.departments.join(", ")}`);
      evidence.currentDepartment = person.department ?? null;
      evidence.previousDepartment = person.previousDepartment ?? null;
      evidence.roleChangedAt = toIso(changedAt);
      evidence.roleChangeGraceDays = roleChangeGraceDays;
      evidence.graceEndedAt = toIso(context.calendar.plusDays(changedAt, roleChangeGraceDays));
      findings.push({
        severity: "high",
        sourceId: account.sourceId,
        subject: { type: "account", id: account.accountId },
        personId: person.employeeId,
        title: "Restricted entitlement retained after role change",
        evidence,
      });
    }
    return { findings, notEvaluated };
  },
};
