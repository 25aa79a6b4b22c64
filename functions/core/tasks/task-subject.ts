/**
 * Whom or what a task is about, read back from its key (group-findings.ts writes the keys):
 * `leaver:<employeeId>` is a person's, `system:<sourceId>` and `system:<sourceId>:hygiene` a
 * system's. Source ids never contain `:` (the config allows letters, digits, `.`, `_`, `-`).
 */
import type { TaskGroupKind } from "./types.ts";

export interface TaskSubject {
  kind: TaskGroupKind;
  /** The leaver's employee id; null for a system's task. */
  personId: string | null;
  /** The system's source id; null for a leaver's task (which spans their systems). */
  sourceId: string | null;
}

const LEAVER = "leaver:";
const SYSTEM = "system:";
const HYGIENE = ":hygiene";

/** Undefined for a key no version of deprov writes. */
export function taskSubjectOf(key: string): TaskSubject | undefined {
  if (key.startsWith(LEAVER) && key.length > LEAVER.length) {
    return { kind: "leaver", personId: key.slice(LEAVER.length), sourceId: null };
  }
  if (!key.startsWith(SYSTEM)) return undefined;
  const rest = key.slice(SYSTEM.length);
  if (rest.endsWith(HYGIENE)) {
    const sourceId = rest.slice(0, -HYGIENE.length);
    return sourceId === "" ? undefined : { kind: "hygiene", personId: null, sourceId };
  }
  return rest === "" || rest.includes(":")
    ? undefined
    : { kind: "ownership", personId: null, sourceId: rest };
}
