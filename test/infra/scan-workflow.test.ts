import { readFileSync } from "node:fs";
import type { CfnFunction } from "aws-cdk-lib/aws-lambda";
import type { CfnLogGroup } from "aws-cdk-lib/aws-logs";
import type { CfnStateMachine } from "aws-cdk-lib/aws-stepfunctions";
import { describe, expect, it } from "vitest";
import { NIGHTLY_SCAN_HANDLERS } from "../../functions/handlers/catalogue.ts";
import { aslPlaceholders } from "../../infra/asl-placeholders.ts";
import { DeprovStack } from "../../infra/deprov-stack.ts";
import { NIGHTLY_SCAN_DEFINITION } from "../../infra/paths.ts";
import { buildStackUnderTest, statementsOfRole, TEST_PROPS, testApp } from "./stack-under-test.ts";

interface AslState {
  readonly Type: string;
  readonly Resource?: string;
  readonly TimeoutSeconds?: number;
  readonly Retry?: readonly unknown[];
  readonly Catch?: readonly unknown[];
  readonly ItemProcessor?: AslMachine;
  readonly Iterator?: AslMachine;
  readonly Branches?: readonly AslMachine[];
}
interface AslMachine {
  readonly States: Readonly<Record<string, AslState>>;
}

/** Every state, including those inside Map item processors and Parallel branches, with its path. */
function allStates(machine: AslMachine, path = ""): { path: string; state: AslState }[] {
  return Object.entries(machine.States).flatMap(([name, state]) => {
    const here = `${path}${name}`;
    const nested = [state.ItemProcessor, state.Iterator, ...(state.Branches ?? [])].filter(
      (child): child is AslMachine => child !== undefined,
    );
    return [{ path: here, state }, ...nested.flatMap((child) => allStates(child, `${here}/`))];
  });
}

// Prepare (once for the file)
const definitionText = readFileSync(NIGHTLY_SCAN_DEFINITION, "utf8");
const definition: AslMachine = JSON.parse(definitionText);
const { stack, template, logicalId } = buildStackUnderTest();
const stateMachineId = logicalId(stack.workflow.stateMachine.node.defaultChild as CfnStateMachine);
const stateMachine = template.findResources("AWS::StepFunctions::StateMachine")[stateMachineId];
const functionIdByPlaceholder = new Map(
  stack.handlers.all.map((handler) => [
    handler.spec.placeholder,
    logicalId(handler.fn.node.defaultChild as CfnFunction),
  ]),
);
const tasks = allStates(definition).filter(({ state }) => state.Type === "Task");

describe("the ASL definition and the handlers", () => {
  it("uses exactly the catalogue's placeholders, and the template substitutes exactly those", () => {
    // Act: an independent scan of the file for ${...}
    const inFile = new Set([...definitionText.matchAll(/\$\{([^}]+)\}/g)].map((match) => match[1]));
    const inCatalogue = new Set(NIGHTLY_SCAN_HANDLERS.map((spec) => spec.placeholder));
    const substituted = new Set(Object.keys(stateMachine?.Properties.DefinitionSubstitutions ?? {}));

    // Assess
    expect(inFile).toEqual(inCatalogue);
    expect(substituted).toEqual(inFile);
    expect(aslPlaceholders(definitionText)).toEqual(inFile);
  });

  it("substitutes each placeholder with its own function's ARN", () => {
    // Act
    const substitutions: Record<string, unknown> = stateMachine?.Properties.DefinitionSubstitutions;

    // Assess
    for (const [placeholder, value] of Object.entries(substitutions)) {
      expect(value).toEqual({ "Fn::GetAtt": [functionIdByPlaceholder.get(placeholder), "Arn"] });
    }
  });

  it("inlines the definition file unchanged, so the deployed and local machines are the same", () => {
    // Assess
    expect(stateMachine?.Properties.DefinitionString).toBe(definitionText);
  });

  it("finds every Task, nested ones included (one per handler)", () => {
    // Assess
    expect(tasks.map(({ path }) => path).sort()).toEqual(
      [
        "StartScan",
        "CollectSources/CollectSource",
        "CollectSources/RecordSourceFailure",
        "CheckGuardRails",
        "AbortScan",
        "Reconcile/ReconcilePartition",
        "PersistFindings",
        "CheckRevocations",
        "PublishResults/PublishReport",
        "PublishResults/ExportFindings",
        "PublishResults/PlanManagerDigests",
        "PublishResults/ManagerDigestChunks/SendManagerDigests",
        "PublishResults/ManagerDigestChunks/RecordManagerDigestsFailure",
        "PublishResults/PlanRemediationTasks",
        "PublishResults/RemediationTaskChunks/SyncRemediationTasks",
        "PublishResults/RemediationTaskChunks/RecordRemediationTasksFailure",
        "PublishResults/FinishRemediationTasks",
        "PublishResults/PlanSecurityHubImport",
        "PublishResults/SecurityHubImportChunks/ImportSecurityHubFindings",
        "FinishScan",
        "RecordScanFailure",
      ].sort(),
    );
  });

  it.each(tasks)("Task $path has Retry and Catch", ({ state }) => {
    // Assess
    expect(state.Retry?.length ?? 0).toBeGreaterThan(0);
    expect(state.Catch?.length ?? 0).toBeGreaterThan(0);
  });

  it.each(tasks)("Task $path: the Lambda times out before the state does", ({ state }) => {
    // Prepare
    const spec = NIGHTLY_SCAN_HANDLERS.find((candidate) => `\${${candidate.placeholder}}` === state.Resource);

    // Assess
    expect(spec).toBeDefined();
    expect(state.TimeoutSeconds).toBeDefined();
    expect(spec?.timeoutSeconds ?? Number.POSITIVE_INFINITY).toBeLessThan(state.TimeoutSeconds ?? 0);
  });
});

describe("the state machine", () => {
  it("is a STANDARD machine with X-Ray tracing", () => {
    // Assess
    expect(stateMachine?.Properties.StateMachineType).toBe("STANDARD");
    expect(stateMachine?.Properties.TracingConfiguration).toEqual({ Enabled: true });
  });

  it("logs ALL events without execution data to a vended-logs group with a retention", () => {
    // Prepare
    const logGroupId = logicalId(stack.workflow.logGroup.node.defaultChild as CfnLogGroup);

    // Act
    const logging = stateMachine?.Properties.LoggingConfiguration;
    const logGroup = template.findResources("AWS::Logs::LogGroup")[logGroupId];

    // Assess
    expect(logging).toEqual({
      Level: "ALL",
      IncludeExecutionData: false,
      Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { "Fn::GetAtt": [logGroupId, "Arn"] } } }],
    });
    expect(logGroup?.Properties).toMatchObject({
      LogGroupName: "/aws/vendedlogs/states/Deprov-NightlyScan",
      RetentionInDays: 90,
    });
  });

  it("may invoke exactly the catalogue's handlers, unqualified", () => {
    // Prepare
    const roleId = stateMachine?.Properties.RoleArn["Fn::GetAtt"][0];

    // Act
    const invoke = statementsOfRole(template, roleId).filter((statement) =>
      statement.actions.includes("lambda:InvokeFunction"),
    );

    // Assess
    expect(invoke).toHaveLength(1);
    expect(new Set(invoke[0]?.resource as unknown[])).toEqual(
      new Set([...functionIdByPlaceholder.values()].map((id) => ({ "Fn::GetAtt": [id, "Arn"] }))),
    );
  });
});

describe("a catalogue that disagrees with the definition", () => {
  it("stops the synth and names the placeholder without a handler", () => {
    // Prepare
    const app = testApp();
    const withoutAbort = stack.handlers.all
      .map((handler) => handler.spec)
      .filter((spec) => spec.name !== "abort-scan");

    // Act
    const build = () => new DeprovStack(app, "Broken", { ...TEST_PROPS, catalogue: withoutAbort });

    // Assess
    expect(build).toThrow(/placeholders without a handler: \[AbortScanFunctionArn\]/);
  });
});
