import { describe, expect, it } from "vitest";
import type { AslMachine } from "../../../cli/local/asl-definition.ts";
import { runStateMachineLocally } from "../../../cli/local/run-state-machine.ts";

/** A Lambda placeholder as the ASL writes it (`${Name}`). */
const placeholder = (name: string) => ["$", "{", name, "}"].join("");

/** Two branches: one fails at once, the other is still working when it does. */
const PARALLEL: AslMachine = {
  StartAt: "Both",
  States: {
    Both: {
      Type: "Parallel",
      End: true,
      Branches: [
        {
          StartAt: "Fails",
          States: { Fails: { Type: "Task", Resource: placeholder("FailsFunctionArn"), End: true } },
        },
        {
          StartAt: "Slow",
          States: { Slow: { Type: "Task", Resource: placeholder("SlowFunctionArn"), End: true } },
        },
      ],
    },
  },
};

describe("runStateMachineLocally", () => {
  it("returns from a failed execution only once every handler it started has finished", async () => {
    // Prepare
    let slowFinished = false;
    const handlers = {
      FailsFunctionArn: async () => {
        throw new Error("boom");
      },
      SlowFunctionArn: async () => {
        await new Promise((resolve) => setTimeout(resolve, 200));
        slowFinished = true;
        return {};
      },
    };

    // Act
    const run = await runStateMachineLocally({ definition: PARALLEL, handlers, input: {} });

    // Assess
    expect(run.status).toBe("failed");
    expect(slowFinished).toBe(true);
  });
});
