/**
 * The shipped ASL definition passes the interpreter's validation (ARNs and JSONPaths included):
 * `deprov scan` relies on this test and skips validating it on every run.
 */
import { StateMachine, type StateMachineDefinition } from "aws-local-stepfunctions";
import { describe, expect, it } from "vitest";
import { readAslDefinition, withLocalArns } from "../../cli/local/asl-definition.ts";
import { NIGHTLY_SCAN_ASL } from "../../cli/local/run-local-scan.ts";
import { ASL_VALIDATION, runStateMachineLocally } from "../../cli/local/run-state-machine.ts";

const construct = (definition: unknown) =>
  new StateMachine(definition as StateMachineDefinition, { validationOptions: ASL_VALIDATION });

describe("statemachines/nightly-scan.asl.json", () => {
  it("passes the interpreter's validation", () => {
    // Act
    const build = () => construct(withLocalArns(readAslDefinition(NIGHTLY_SCAN_ASL)));

    // Assess
    expect(build).not.toThrow();
  });

  it("would fail it with a state that goes nowhere (the validation is real)", () => {
    // Prepare
    const definition = structuredClone(readAslDefinition(NIGHTLY_SCAN_ASL)) as {
      States: Record<string, { Next?: string }>;
    };
    const start = definition.States.StartScan as { Next?: string };
    start.Next = "NoSuchState";

    // Act
    const build = () => construct(withLocalArns(definition as never));

    // Assess
    expect(build).toThrow();
  });
});

describe("runStateMachineLocally", () => {
  it("validates a definition it is given unless told it was validated", async () => {
    // Prepare
    const definition = { StartAt: "Missing", States: { Only: { Type: "Succeed" } } };

    // Act
    const run = runStateMachineLocally({ definition: definition as never, handlers: {}, input: {} });

    // Assess
    await expect(run).rejects.toThrow();
  });
});
