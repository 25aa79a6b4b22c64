/**
 * The canonical fields a csv or json source may map in its `columns`, per kind (SPEC §2). The
 * config checks a source's `columns` keys against them, so a typo (`employeId`) is a config error
 * naming its JSON path rather than a source that fails at scan time; the parsers map the same
 * fields (functions/sources/tabular-fields.ts), and a test holds the two lists together.
 */
import type { SourceKind } from "../core/model.ts";

export const MAPPABLE_FIELDS: Readonly<Record<SourceKind, readonly string[]>> = {
  roster: [
    "employeeId",
    "email",
    "name",
    "status",
    "workerType",
    "hireDate",
    "terminationDate",
    "terminatedAt",
    "managerId",
    "department",
    "title",
    "previousDepartment",
    "roleChangedAt",
  ],
  accounts: [
    "accountId",
    "username",
    "email",
    "employeeId",
    "displayName",
    "enabled",
    "privileged",
    "createdAt",
    "lastLoginAt",
    "disabledAt",
    "deleteAfter",
    "groups",
    "monthlyCost",
  ],
  assets: ["assetId", "serial", "type", "assignedTo", "assignedAt", "status", "lastSeenAt"],
  "offboarding-records": [
    "employeeId",
    "ticketId",
    "requestedAt",
    "requestedBy",
    "approvedBy",
    "approvedAt",
    "completedAt",
    "completedBy",
  ],
  resources: ["resourceId", "type", "ownerId", "schedule"],
};

/** The field a mistyped key most likely meant: the same ignoring case and separators, or at most two edits away. */
export function closestField(key: string, fields: readonly string[]): string | undefined {
  const loose = (text: string) => text.toLowerCase().replace(/[\s_-]+/g, "");
  const same = fields.find((field) => loose(field) === loose(key));
  if (same !== undefined) return same;
  let best: { field: string; distance: number } | undefined;
  for (const field of fields) {
    const distance = editDistance(loose(key), loose(field));
    if (distance <= 2 && (best === undefined || distance < best.distance)) best = { field, distance };
  }
  return best?.field;
}

/** Levenshtein distance: insertions, deletions and substitutions, each costing one. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
