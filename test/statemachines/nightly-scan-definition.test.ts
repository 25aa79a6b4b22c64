/**
 * The shipped ASL definition passes the interpreter's validation (ARNs and JSONPaths included):
 * `deprov scan` relies on this test and skips validating it on every run.
 */
import { StateMachine, type StateMachineDefinition } from "aws-local-stepfunctions";
import { describe, expect, it } from "vitest";
import { readAslDefinition, withLocalArns } from "../../cli/local/asl-definition.ts";
import { NIGHTLY_SCAN_ASL } from "../../cli/local/run-local-scan.ts";
import { ASL_VALIDATION, runStateMachineLocally } from "../../cli/local/run-state-machine.ts";
import { SCAN_LOCK_TTL_MS } from "../../functions/scan/scan-lock.ts";

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

describe("the scan lock's TTL", () => {
  it("outlasts the longest an execution can run, and ends when the execution must have", () => {
    // Prepare
    const definition = readAslDefinition(NIGHTLY_SCAN_ASL) as { TimeoutSeconds?: number };

    // Assess: a lock that expired earlier would let a second scan in beside a slow first one.
    expect(definition.TimeoutSeconds).toBeDefined();
    expect(SCAN_LOCK_TTL_MS).toBe((definition.TimeoutSeconds ?? 0) * 1000);
  });

  it("releases the lock on every way out: FinishScan, AbortScan and RecordScanFailure pass the execution", () => {
    // Prepare
    const states = readAslDefinition(NIGHTLY_SCAN_ASL).States as Record<string, { Parameters?: object }>;

    // Assess
    for (const name of ["StartScan", "AbortScan", "FinishScan", "RecordScanFailure"]) {
      expect(states[name]?.Parameters, name).toMatchObject({ "execution.$": "$$.Execution.Id" });
    }
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
