/**
 * Revoked access → remediation tasks: one per person per campaign, listing each item to remove,
 * who decided and why — so whoever administers the systems gets one task per person, as leavers
 * get one task each from the nightly scan.
 */
import { hash } from "node:crypto";
import type { Severity } from "../finding.ts";
import type { TaskGroup } from "../tasks/types.ts";
import type { ReviewDecision, ReviewItem } from "./types.ts";

export interface Revocation {
  item: ReviewItem;
  /** Absent when an undecided item is treated as revoked (`undecidedAsRevoke`). */
  decision?: ReviewDecision;
}

export interface RevocationTaskContext {
  campaignId: string;
  campaignName: string;
  /** `YYYY-MM-DD`: when the access must be gone. */
  revokeBy: string;
  /** One line about an item, as the reports word it. */
  describe(item: ReviewItem): string;
}

const REVOCATION_TASK_PREFIX = "review:";

export function revocationTaskKey(campaignId: string, employeeId: string): string {
  return `${REVOCATION_TASK_PREFIX}${campaignId}:${employeeId}`;
}

/** The employee id of a revocation task's key; undefined for any other task. */
export function revocationTaskEmployee(key: string): string | undefined {
  if (!key.startsWith(REVOCATION_TASK_PREFIX)) return undefined;
  const employeeId = key.slice(key.lastIndexOf(":") + 1);
  return employeeId === "" ? undefined : employeeId;
}

/** The campaign id of a revocation task's key; undefined for any other task. */
export function revocationTaskCampaign(key: string): string | undefined {
  if (!key.startsWith(REVOCATION_TASK_PREFIX)) return undefined;
  const campaignId = key.slice(REVOCATION_TASK_PREFIX.length, key.lastIndexOf(":"));
  return campaignId === "" ? undefined : campaignId;
}

/** Sorted by key. */
export function revocationTasks(
  revocations: readonly Revocation[],
  context: RevocationTaskContext,
): TaskGroup[] {
  const byPerson = new Map<string, Revocation[]>();
  for (const revocation of revocations) {
    const id = revocation.item.person.employeeId;
    const list = byPerson.get(id);
    if (list) list.push(revocation);
    else byPerson.set(id, [revocation]);
  }
  return [...byPerson]
    .map(([employeeId, list]) => taskOf(employeeId, list, context))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function taskOf(
  employeeId: string,
  revocations: readonly Revocation[],
  context: RevocationTaskContext,
): TaskGroup {
  const person = revocations[0]?.item.person;
  const label = person?.name === undefined ? employeeId : `${person.name} (${employeeId})`;
  const count = `${revocations.length} ${revocations.length === 1 ? "item" : "items"}`;
  const itemIds = revocations.map((r) => r.item.itemId).sort();
  const severity: Severity = revocations.some(
    (r) => r.item.privileged === true || r.item.kind === "entitlement",
  )
    ? "high"
    : "medium";
  return {
    key: revocationTaskKey(context.campaignId, employeeId),
    kind: "access-review",
    title: `Access review "${context.campaignName}": revoke ${count} of ${label}`,
    body: {
      facts: [
        `Employee: ${label}`,
        ...(person?.email !== undefined ? [`Email: ${person.email}`] : []),
        ...(person?.department !== undefined ? [`Department: ${person.department}`] : []),
        `Campaign: ${context.campaignName} (${context.campaignId})`,
        `Remove the access below by ${context.revokeBy}. deprov's nightly scans check that it is gone and record when.`,
      ],
      findings: revocations.map(({ item, decision }) => {
        const why = decision
          ? `revoked by ${decision.by} on ${new Date(decision.at).toISOString().slice(0, 10)}${decision.reason ? `: ${decision.reason}` : ""}`
          : "undecided at close, treated as revoked";
        return `${context.describe(item)} [${item.itemId}] — ${why}`;
      }),
      omitted: 0,
    },
    severity,
    findingIds: itemIds,
    contentHash: hash("sha256", itemIds.join("\n"), "hex").slice(0, 32),
  };
}
