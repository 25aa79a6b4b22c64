/**
 * The nightly-scan state machine, defined by the same ASL file the local runner executes. Every
 * `${...}FunctionArn` placeholder is substituted with its handler's ARN; a placeholder without a
 * handler, or a handler without a placeholder, stops the synth instead of deploying a broken machine.
 */
import { readFileSync } from "node:fs";
import { RemovalPolicy, Stack } from "aws-cdk-lib";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from "aws-cdk-lib/aws-stepfunctions";
import { Construct } from "constructs";
import { aslPlaceholders } from "../asl-placeholders.ts";
import { acknowledgeNag } from "../nag.ts";
import type { DeprovHandler } from "./handlers.ts";

export interface ScanWorkflowProps {
  /** Path of the ASL JSON definition. */
  readonly definitionFile: string;
  readonly handlers: readonly DeprovHandler[];
  readonly logRetention: RetentionDays;
}

export class ScanWorkflow extends Construct {
  readonly stateMachine: StateMachine;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ScanWorkflowProps) {
    super(scope, id);
    const definition = readFileSync(props.definitionFile, "utf8");
    const substitutions = substitutionsFor(props.definitionFile, definition, props.handlers);

    this.logGroup = new LogGroup(this, "LogGroup", {
      // The /aws/vendedlogs/ prefix keeps CloudWatch Logs resource policies small (AWS guidance for
      // Step Functions log groups).
      logGroupName: `/aws/vendedlogs/states/${Stack.of(this).stackName}-${id}`,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // Inlined rather than uploaded as an asset, so the template (and its tests) show the definition.
    this.stateMachine = new StateMachine(this, "StateMachine", {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromString(definition),
      definitionSubstitutions: substitutions,
      tracingEnabled: true,
      logs: {
        destination: this.logGroup,
        level: LogLevel.ALL,
        // Execution data would copy state inputs and outputs (scan ids, but also error causes that
        // may quote source records) into the logs; the log level alone is enough to follow a run.
        includeExecutionData: false,
      },
    });

    // Exactly the unqualified ARNs the definition calls. grantInvoke would also allow `<arn>:*`
    // (every version and alias), which the definition never uses.
    this.stateMachine.addToRolePolicy(
      new PolicyStatement({
        actions: ["lambda:InvokeFunction"],
        resources: props.handlers.map((handler) => handler.fn.functionArn),
      }),
    );
    acknowledgeNag(
      this.stateMachine,
      "AwsSolutions-IAM5[Resource::*]",
      'Added by CDK for state-machine logging and X-Ray tracing: the CloudWatch Logs delivery actions (logs:CreateLogDelivery, logs:PutResourcePolicy, …) and xray:PutTraceSegments/PutTelemetryRecords/GetSampling* support no resource-level permissions, so AWS documents Resource "*" for them.',
    );
  }
}

function substitutionsFor(
  definitionFile: string,
  definition: string,
  handlers: readonly DeprovHandler[],
): Record<string, string> {
  const placeholders = aslPlaceholders(definition);
  const provided = new Set(handlers.map((handler) => handler.spec.placeholder));
  const missing = [...placeholders].filter((name) => !provided.has(name));
  const unused = [...provided].filter((name) => !placeholders.has(name));
  if (missing.length > 0 || unused.length > 0) {
    throw new Error(
      `infra: ${definitionFile}: the ASL placeholders and the handler catalogue disagree — ` +
        `placeholders without a handler: [${missing.join(", ")}]; handlers the definition never calls: [${unused.join(", ")}]`,
    );
  }
  return Object.fromEntries(handlers.map((handler) => [handler.spec.placeholder, handler.fn.functionArn]));
}
