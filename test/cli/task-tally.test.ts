import { describe, expect, it } from "vitest";
import { TaskTally, taskCountsText } from "../../cli/task-tally.ts";

const step = (sink: string, created: number, unchanged: number, dryRun = false) => ({
  scanId: "20261126T140000Z-1a2b3c4d",
  sink,
  dryRun,
  created,
  updated: 1,
  closed: 0,
  reopened: 0,
  unchanged,
  skipped: 0,
  durationMs: 812,
});

describe("TaskTally", () => {
  it("adds up every task step's counts per sink and ignores other states' results", () => {
    // Prepare
    const tally = new TaskTally();

    // Act
    const taken = [
      tally.add(step("jira", 40, 0)),
      tally.add(step("jira", 2, 7)),
      tally.add({ reportKey: "reports/x/report.html", findings: 12, durationMs: 90 }),
      tally.add({ sink: "jira", created: "many" }),
      tally.add(null),
    ];

    // Assess
    expect(taken).toEqual([true, true, false, false, false]);
    expect(tally.toJson()).toEqual({
      jira: { created: 42, updated: 2, closed: 0, reopened: 0, unchanged: 7, skipped: 0, dryRun: false },
    });
  });

  it("says what was done, and when it was only planned", () => {
    // Prepare
    const tally = new TaskTally();
    tally.add(step("servicenow", 3, 12, true));

    // Act
    const counts = tally.bySink.get("servicenow");
    const text = counts === undefined ? undefined : taskCountsText(counts);

    // Assess
    expect(text).toBe(
      "3 created, 1 updated, 0 closed, 0 reopened, 12 unchanged (dry run: planned, nothing sent or stored)",
    );
  });
});
