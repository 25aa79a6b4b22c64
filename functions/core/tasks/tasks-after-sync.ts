/**
 * The remediation tasks as this scan's sync leaves them, worked out from the stored records and
 * this scan's findings with the sync's own grouping and planner — for the report, which is
 * rendered while the sync runs. Planning is idempotent (once applied, planning again yields no
 * action), so records the sync has partly written already give the same answer. The groups are
 * outlines (no body, no content hash): the plan then updates every open task it would have left
 * alone, which ends in the same state, at a fraction of the work.
 */
import type { LifecycleFinding } from "../lifecycle/types.ts";
import type { Instant } from "../model.ts";
import { groupFindings } from "./group-findings.ts";
import { planTaskChanges } from "./plan-task-changes.ts";
import type { TaskGroup, TaskPerson, TaskRecord, TaskStatus } from "./types.ts";

export interface TaskState {
  key: string;
  status: TaskStatus;
  title: string;
  severity: TaskRecord["severity"];
  /** When the task was first opened (a reopened task keeps its first date, as its record does). */
  openedAt: Instant;
  closedAt?: Instant;
  /** Open tasks: their open findings (all of them); closed ones: those they had. */
  findingIds: readonly string[];
  /** The sink's id and link; unknown for a task this scan creates until the sink answers. */
  externalId?: string;
  url?: string;
}

export interface TasksAfterSyncInput {
  scanId: string;
  /** The scan's evaluation instant: what the sync dates its changes with. */
  now: Instant;
  findings: Iterable<LifecycleFinding>;
  people: Readonly<Record<string, TaskPerson>>;
  /** The stored task records (as `TaskStore.listTasks` returns them). */
  records: readonly TaskRecord[];
}

/** Every task there is after the sync, open and closed, by key. */
export function tasksAfterSync(input: TasksAfterSyncInput): TaskState[] {
  const groups = groupFindings(input.findings, input.people, { outline: true });
  const plan = planTaskChanges({ scanId: input.scanId, groups, records: input.records });
  const states = new Map<string, TaskState>();
  // A record whose first creation never completed is no task (yet): only the plan can make it one.
  for (const record of input.records)
    if (record.externalId !== undefined) states.set(record.key, stateOf(record));
  for (const action of plan.actions) {
    if (action.kind === "close") {
      states.set(action.key, { ...stateOf(action.record), status: "closed", closedAt: input.now });
    } else if (action.kind === "create") {
      states.set(action.key, openState(action.group, input.now));
    } else {
      const { closedAt: _closedAt, ...kept } = stateOf(action.record);
      states.set(action.key, {
        ...kept,
        ...openState(action.group, kept.openedAt),
        ...linkOf(action.record),
      });
    }
  }
  // Unchanged tasks: the stored record lists at most its first findings; the group has them all.
  for (const group of groups) {
    const state = states.get(group.key);
    if (state?.status === "open") state.findingIds = group.findingIds;
  }
  return [...states.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function openState(group: TaskGroup, openedAt: Instant): TaskState {
  return {
    key: group.key,
    status: "open",
    title: group.title,
    severity: group.severity,
    openedAt,
    findingIds: group.findingIds,
  };
}

function stateOf(record: TaskRecord): TaskState {
  return {
    key: record.key,
    status: record.status,
    title: record.title,
    severity: record.severity,
    openedAt: record.createdAt,
    ...(record.closedAt === undefined ? {} : { closedAt: record.closedAt }),
    findingIds: record.findingIds,
    ...linkOf(record),
  };
}

function linkOf(record: TaskRecord): Pick<TaskState, "externalId" | "url"> {
  return {
    ...(record.externalId === undefined ? {} : { externalId: record.externalId }),
    ...(record.url === undefined ? {} : { url: record.url }),
  };
}
