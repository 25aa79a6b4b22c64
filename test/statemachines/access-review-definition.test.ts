/** The shipped access-review definition passes the interpreter's validation and keeps the house rules. */
import { StateMachine, type StateMachineDefinition } from "aws-local-stepfunctions";
import { describe, expect, it } from "vitest";
import { readAslDefinition, taskStates, withLocalArns } from "../../cli/local/asl-definition.ts";
import { ACCESS_REVIEW_ASL } from "../../cli/local/run-local-review.ts";
import { ASL_VALIDATION } from "../../cli/local/run-state-machine.ts";

const definition = readAslDefinition(ACCESS_REVIEW_ASL);

describe("statemachines/access-review.asl.json", () => {
  it("passes the interpreter's validation", () => {
    // Act
    const build = () =>
      new StateMachine(withLocalArns(definition) as unknown as StateMachineDefinition, {
        validationOptions: ASL_VALIDATION,
      });

    // Assess
    expect(build).not.toThrow();
  });

  it("gives every Task a Retry and a Catch", () => {
    // Act
    const tasks = taskStates(definition);

    // Assess
    expect(tasks.map((t) => t.stateName).sort()).toEqual(
      ["CheckCampaign", "CloseCampaign", "SendPacketChunk", "StartCampaign"].sort(),
    );
    for (const { state } of tasks) {
      expect(state.Retry?.length ?? 0).toBeGreaterThan(0);
      expect(state.Catch?.length ?? 0).toBeGreaterThan(0);
    }
  });

  it("waits in a loop until the check says close (no execution timeout: a campaign runs for weeks)", () => {
    // Assess
    expect(definition.States.WaitForNextCheck).toEqual({
      Type: "Wait",
      TimestampPath: "$.check.waitUntil",
      Next: "CheckCampaign",
    });
    expect(definition.TimeoutSeconds).toBeUndefined();
  });
});
