/** The scan's progress lines: a step that fails says what failed, on one line. */
import { describe, expect, it } from "vitest";
import { progressLine } from "../../cli/commands/scan.ts";
import { findingsTable } from "../../cli/progress.ts";
import { TaskTally } from "../../cli/task-tally.ts";
import { makeFinding, makeScanResult } from "../reports/fixtures.ts";

describe("progressLine", () => {
  it("shows a caught step's error with the message from its cause, without control characters", () => {
    // Prepare
    const event = {
      type: "state-caught" as const,
      state: "ReconcilePartition",
      error: "ConfigError",
      cause: JSON.stringify({
        errorMessage: "identity-map.csv: line 3:\u001b[2J unknown source\nsecond line",
      }),
    };

    // Act
    const line = progressLine(event, new TaskTally());

    // Assess
    expect(line).toBe(
      "  ReconcilePartition: failed: ConfigError: identity-map.csv: line 3:[2J unknown source second line",
    );
  });

  it("shows the error's name alone when its cause is empty", () => {
    expect(
      progressLine(
        { type: "state-caught", state: "PersistFindings", error: "States.Timeout", cause: "" },
        new TaskTally(),
      ),
    ).toBe("  PersistFindings: failed: States.Timeout");
  });

  it("prints no partition line for a partition that ended in an error (its output is the error)", () => {
    // Act
    const line = progressLine(
      {
        type: "state-exited",
        state: "ReconcilePartition",
        stateType: "Task",
        durationMs: 21,
        output: { Error: "ConfigError", Cause: "…" },
      },
      new TaskTally(),
    );

    // Assess
    expect(line).toBe("  ReconcilePartition        21 ms");
  });
});

describe("findingsTable", () => {
  it("counts open findings and names the waived ones apart, as the report and the exit code do", () => {
    // Prepare
    const open = makeFinding({ rule: "ghost-account" });
    const waived = {
      ...makeFinding({ rule: "ghost-account" }),
      id: "ghost-account:waived",
      status: "waived" as const,
    };
    const result = makeScanResult({
      findings: [open, waived],
      rules: [{ id: "ghost-account", evaluated: true, findings: 2 }] as never,
    });

    // Act
    const text = findingsTable(result);

    // Assess
    expect(text).toMatch(/^total\s+\S+\s+\S+\s+\S+\s+\S+\s+1$/m);
    expect(text).toMatch(/\(1 waived findings not counted above\)$/);
  });
});
