/**
 * Rules not evaluated, one line per rule and reason with the sources it holds for: a night of ten
 * systems without disable times or last logins is 30 rule/source pairs, which read as a wall of
 * near-identical lines above the summary; grouped, they are a handful.
 */
import type { RuleNotEvaluated } from "../functions/core/engine.ts";

export interface NotEvaluatedGroup {
  rule: string;
  reason: string;
  /** In the order the scan listed them. */
  sourceIds: string[];
}

export function notEvaluatedGroups(entries: readonly RuleNotEvaluated[]): NotEvaluatedGroup[] {
  const groups = new Map<string, NotEvaluatedGroup>();
  for (const { rule, reason, sourceId } of entries) {
    const key = `${rule}\u0000${reason}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { rule, reason, sourceIds: [sourceId] });
    else group.sourceIds.push(sourceId);
  }
  return [...groups.values()];
}
