/**
 * The report's view of the tasks after a scan must be what the sync really leaves: each night
 * below is predicted from the records before the sync, then synced for real (the local sink and
 * the in-memory store), and the two compared.
 */
import { describe, expect, it } from "vitest";
import type { LifecycleFinding } from "../../../functions/core/lifecycle/types.ts";
import { type TaskState, tasksAfterSync } from "../../../functions/core/tasks/tasks-after-sync.ts";
import type { TaskPerson } from "../../../functions/core/tasks/types.ts";
import { LocalTaskSink } from "../../../functions/ports/tasks/local-task-sink.ts";
import { syncRemediationTasks } from "../../../functions/ports/tasks/sync-tasks.ts";
import type { StoredTask } from "../../../functions/ports/tasks/task-store.ts";
import { MemoryTaskStore } from "../../support/memory-task-store.ts";
import { lifecycleFinding, SCANNED_AT } from "./task-fixtures.ts";

const DAY = 86_400_000;
const PEOPLE: Record<string, TaskPerson> = {
  E1042: { name: "Jane Doe", terminationDate: "2026-10-30" },
  E2001: { name: "Lee Park", terminationDate: "2026-11-02" },
  E3003: { name: "Ravi Menon", terminationDate: "2026-11-20" },
};

const janeOkta = lifecycleFinding({
  rule: "ghost-account",
  sourceId: "okta",
  subjectId: "00u1",
  personId: "E1042",
});
const janeLaptop = lifecycleFinding({
  rule: "unreturned-device",
  sourceId: "laptops",
  subjectId: "LT-42",
  subjectType: "asset",
  personId: "E1042",
});
const leeOkta = lifecycleFinding({
  rule: "ghost-account",
  sourceId: "okta",
  subjectId: "00u2",
  personId: "E2001",
});
const raviSlack = lifecycleFinding({
  rule: "ghost-account",
  sourceId: "slack",
  subjectId: "U3",
  personId: "E3003",
});
const orphan = lifecycleFinding({ rule: "orphan-account", sourceId: "okta", subjectId: "00u9" });

/** What the report needs of a stored record, as `tasksAfterSync` describes it. */
function stateOf(task: StoredTask): Omit<TaskState, "externalId" | "url"> {
  return {
    key: task.key,
    status: task.status,
    title: task.title,
    severity: task.severity,
    openedAt: task.createdAt,
    ...(task.closedAt === undefined ? {} : { closedAt: task.closedAt }),
    findingIds: task.findingIds,
  };
}

function withoutLink({ externalId: _externalId, url: _url, ...rest }: TaskState) {
  return rest;
}

describe("tasksAfterSync", () => {
  it("predicts, night after night, exactly the tasks the sync leaves", async () => {
    // Prepare: night 2 updates Jane's task, closes Lee's, creates Ravi's over a record whose
    // creation never completed, and keeps the orphan task; night 3 reopens Lee's.
    const store = new MemoryTaskStore();
    const nights: LifecycleFinding[][] = [
      [janeOkta, leeOkta, orphan],
      [janeOkta, janeLaptop, orphan, raviSlack],
      [janeOkta, janeLaptop, orphan, raviSlack, leeOkta],
    ];
    const pending = {
      status: "open",
      title: "pending",
      severity: "high",
      contentHash: "",
      findingIds: [],
    } as const;
    const predicted: TaskState[][] = [];
    const synced: StoredTask[][] = [];

    // Act
    for (const [night, findings] of nights.entries()) {
      const now = SCANNED_AT + night * DAY;
      const scanId = `s${night + 1}`;
      if (night === 1) {
        const claimed = { createdAt: now - DAY, updatedAt: now - DAY, scanId: "s1" };
        await store.putTask({ key: "leaver:E3003", ...pending, findingIds: [], ...claimed }, 0);
        await store.putTask({ key: "leaver:E9999", ...pending, findingIds: [], ...claimed }, 0);
      }
      const records = await store.listTasks();
      predicted.push(tasksAfterSync({ scanId, now, findings, people: PEOPLE, records }));
      await syncRemediationTasks({
        scanId,
        now,
        findings,
        people: PEOPLE,
        store,
        sink: new LocalTaskSink(),
        dryRun: false,
      });
      synced.push(await store.listTasks());
    }

    // Assess
    for (const [night, tasks] of synced.entries()) {
      const real = tasks.filter((task) => task.externalId !== undefined).map(stateOf);
      expect(predicted[night]?.map(withoutLink), `night ${night + 1}`).toEqual(real);
    }
    expect(predicted[1]?.map((t) => [t.key, t.status, t.openedAt - SCANNED_AT])).toEqual([
      ["leaver:E1042", "open", 0],
      ["leaver:E2001", "closed", 0],
      ["leaver:E3003", "open", DAY],
      ["system:okta", "open", 0],
    ]);
    expect(predicted[2]?.find((t) => t.key === "leaver:E2001")).toMatchObject({
      status: "open",
      openedAt: SCANNED_AT,
    });
  });

  it("gives the same answer over records the sync has already written in part", async () => {
    // Prepare
    const store = new MemoryTaskStore();
    const sync = (scanId: string, now: number, findings: LifecycleFinding[]) =>
      syncRemediationTasks({
        scanId,
        now,
        findings,
        people: PEOPLE,
        store,
        sink: new LocalTaskSink(),
        dryRun: false,
      });
    await sync("s1", SCANNED_AT, [janeOkta, leeOkta]);
    const night2 = [janeOkta, janeLaptop, raviSlack];
    const input = { scanId: "s2", now: SCANNED_AT + DAY, findings: night2, people: PEOPLE };
    const before = tasksAfterSync({ ...input, records: await store.listTasks() });

    // Act
    await sync("s2", SCANNED_AT + DAY, night2);
    const after = tasksAfterSync({ ...input, records: await store.listTasks() });

    // Assess
    expect(after.map(withoutLink)).toEqual(before.map(withoutLink));
  });
});
