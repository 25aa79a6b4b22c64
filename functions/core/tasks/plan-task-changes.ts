/**
 * What to do with each remediation task this scan: create the new ones, update the open ones
 * whose findings changed, close those with nothing left open, reopen those whose findings came
 * back. Idempotent: once the plan is applied, planning again yields no actions.
 */
import type { FindingStatus } from "../lifecycle/types.ts";
import type { TaskAction, TaskGroup, TaskPlan, TaskRecord } from "./types.ts";

export interface PlanTaskChangesInput {
  scanId: string;
  groups: readonly TaskGroup[];
  records: readonly TaskRecord[];
  /** This scan's findings' statuses, to tell waived from resolved in a closing comment. */
  findingStatus?: ReadonlyMap<string, FindingStatus>;
}

/** A closing comment names at most this many findings; the task's history has the rest. */
const MAX_COMMENT_FINDINGS = 20;

export function planTaskChanges(input: PlanTaskChangesInput): TaskPlan {
  const recordsByKey = new Map(input.records.map((record) => [record.key, record]));
  const actions: TaskAction[] = [];
  let unchanged = 0;
  for (const group of input.groups) {
    const record = recordsByKey.get(group.key);
    recordsByKey.delete(group.key);
    if (record === undefined || record.externalId === undefined) {
      actions.push({ kind: "create", key: group.key, group, ...(record === undefined ? {} : { record }) });
    } else if (record.status === "closed") {
      actions.push({ kind: "reopen", key: group.key, group, record });
    } else if (record.contentHash !== group.contentHash) {
      actions.push({ kind: "update", key: group.key, group, record, ...findingChanges(record, group) });
    } else {
      unchanged++;
    }
  }
  // Records left over have no open finding any more. One whose creation never completed has no
  // issue to close: if its findings return, creating it again finds any issue already opened.
  for (const record of recordsByKey.values()) {
    if (record.status !== "open" || record.externalId === undefined) continue;
    actions.push({ kind: "close", key: record.key, record, comment: closingComment(record, input) });
  }
  actions.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { actions, unchanged };
}

function findingChanges(record: TaskRecord, group: TaskGroup): { added: string[]; removed: string[] } {
  const before = new Set(record.findingIds);
  const now = new Set(group.findingIds);
  return {
    added: group.findingIds.filter((id) => !before.has(id)),
    removed: record.findingIds.filter((id) => !now.has(id)),
  };
}

/** e.g. "All findings resolved as of scan s-42: 2 findings no longer open." plus one line each. */
export function closingComment(
  record: TaskRecord,
  input: Pick<PlanTaskChangesInput, "scanId" | "findingStatus">,
): string {
  const statusOf = (id: string) => (input.findingStatus?.get(id) === "waived" ? "waived" : "resolved");
  const waived = record.findingIds.filter((id) => statusOf(id) === "waived").length;
  const count = record.findingIds.length;
  const headline =
    waived === 0
      ? `All findings resolved as of scan ${input.scanId}: ${count} ${count === 1 ? "finding" : "findings"} no longer open.`
      : `All findings resolved or waived as of scan ${input.scanId}: ${count - waived} resolved, ${waived} waived.`;
  const lines = record.findingIds.slice(0, MAX_COMMENT_FINDINGS).map((id) => `- ${id} (${statusOf(id)})`);
  if (count > MAX_COMMENT_FINDINGS) lines.push(`…and ${count - MAX_COMMENT_FINDINGS} more.`);
  return [headline, ...lines].join("\n");
}
