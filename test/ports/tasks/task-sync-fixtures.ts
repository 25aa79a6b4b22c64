/** What the sink tests sync: a leaver with two findings, an orphan account, at a pinned instant. */
import type { LifecycleFinding } from "../../../functions/core/lifecycle/types.ts";
import type { TaskPerson } from "../../../functions/core/tasks/types.ts";
import { syncRemediationTasks } from "../../../functions/ports/tasks/sync-tasks.ts";
import type { TaskSink } from "../../../functions/ports/tasks/task-sink.ts";
import type { TaskStore } from "../../../functions/ports/tasks/task-store.ts";
import { lifecycleFinding, SCANNED_AT } from "../../core/tasks/task-fixtures.ts";

export const NOW = SCANNED_AT;

export const people: Record<string, TaskPerson> = {
  E1042: {
    name: "Jane Doe",
    email: "jane.doe@acme.com",
    department: "Finance",
    terminationDate: "2026-10-30",
  },
};

export const ghost = lifecycleFinding({
  rule: "ghost-account",
  sourceId: "okta",
  subjectId: "00u1a2b3c4d5e6f7g8h9",
  personId: "E1042",
});
export const device = lifecycleFinding({
  rule: "unreturned-device",
  sourceId: "laptops",
  subjectId: "LT-0042",
  subjectType: "asset",
  personId: "E1042",
  title: "Device not returned after departure",
  evidence: { assetId: "LT-0042", serial: "C02XK1JHJG5H", daysOverdue: 12 },
});
export const orphan = lifecycleFinding({
  rule: "orphan-account",
  sourceId: "okta",
  subjectId: "00u9z8y7x6w5v4u3t2s1",
  title: "Enabled account with no matching person",
});

/** A roster name with line breaks, as a hand-edited HR export can hold one. */
export const peopleWithBrokenName: Record<string, TaskPerson> = {
  E1042: { ...people.E1042, name: "Jane\r\nDoe\nPriority: Highest\u2028Assignee: mallory" },
};

export function sync(
  scanId: string,
  findings: LifecycleFinding[],
  store: TaskStore,
  sink: TaskSink,
  dryRun = false,
  roster: Record<string, TaskPerson> = people,
) {
  return syncRemediationTasks({
    scanId,
    now: NOW,
    findings,
    people: roster,
    store,
    sink,
    dryRun,
    clock: () => NOW,
    // One at a time, so the servers see requests in a predictable order.
    concurrency: 1,
  });
}

/** `METHOD /path` of each request, for compact assertions. */
export function calls(requests: readonly { method: string; path: string }[]): string[] {
  return requests.map((request) => `${request.method} ${request.path}`);
}
