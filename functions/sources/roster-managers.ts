/**
 * Managers as HR exports name them. deprov routes digests and access reviews by the manager's
 * employee id (SPEC §3), but many rosters give the manager's work email instead: those mastered in
 * Okta or Google Workspace, Rippling's and HiBob's reports. An email that belongs to exactly one
 * person on the roster becomes that person's employee id. A value that names nobody on the roster
 * (a manager's name, as BambooHR's "Reporting to" writes it) is kept as it is, and one warning
 * for the source counts those people: their digests and reviews cannot reach their manager.
 */
import type { Person, RecordWarning } from "../core/model.ts";

/** Rewrites, in place, each manager given by email to their employee id; the warning, if any manager names nobody. */
export function resolveManagers(people: Person[], column: string): RecordWarning | undefined {
  const ids = new Set(people.map((p) => p.employeeId));
  const byEmail = new Map<string, string | null>();
  for (const person of people) {
    if (person.email === undefined) continue;
    const key = person.email.trim().toLowerCase();
    byEmail.set(key, byEmail.has(key) ? null : person.employeeId);
  }
  let unresolved = 0;
  let example: string | undefined;
  for (const person of people) {
    const manager = person.managerId;
    if (manager === undefined || ids.has(manager)) continue;
    const id = manager.includes("@") ? byEmail.get(manager.trim().toLowerCase()) : undefined;
    if (id !== undefined && id !== null) {
      person.managerId = id;
      continue;
    }
    unresolved++;
    example ??= manager;
  }
  if (unresolved === 0) return undefined;
  return {
    record: "(file)",
    field: column,
    reason: `${unresolved} ${unresolved === 1 ? "person's manager names" : "people's managers name"} no single person on the roster by employee id or email (such as ${JSON.stringify(example)}): their digests go to the compliance recipients and their access reviews to the fallback reviewer; map the column that holds the manager's employee id or work email`,
  };
}
