/**
 * Builds the deprov stack the way `cdk synth` does (cdk.json's feature flags), minus Lambda
 * bundling, so that template assertions run in about a second. Each test file builds it once.
 */
import { readFileSync } from "node:fs";
import { App, type CfnElement } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";

import { DeprovStack, type DeprovStackProps } from "../../infra/deprov-stack.ts";

export const TEST_PROPS: DeprovStackProps = {
  senderDomain: "acme.com",
  mailFrom: "deprov@acme.com",
  reportTo: ["compliance@acme.com", "security@acme.com"],
  alarmEmail: "oncall@acme.com",
};

const CDK_JSON_CONTEXT: Record<string, unknown> = JSON.parse(
  readFileSync(new URL("../../cdk.json", import.meta.url), "utf8"),
).context;

export interface StackUnderTest {
  readonly app: App;
  readonly stack: DeprovStack;
  readonly template: Template;
  /** The template's logical id of a construct's CloudFormation resource. */
  logicalId(element: CfnElement): string;
}

export interface BuildOptions {
  readonly props?: Partial<DeprovStackProps>;
  /** CloudFormation schema validation at synth (a WASM module, ~2 s to load). @default false */
  readonly cloudFormationValidation?: boolean;
}

/** An app with cdk.json's context that skips Lambda bundling (the template is what is under test). */
export function testApp(cloudFormationValidation = false): App {
  return new App({
    context: { ...CDK_JSON_CONTEXT, "aws:cdk:bundling-stacks": [] },
    builtinCloudFormationValidation: cloudFormationValidation,
  });
}

export function buildStackUnderTest(options: BuildOptions = {}): StackUnderTest {
  const app = testApp(options.cloudFormationValidation);
  const stack = new DeprovStack(app, "Deprov", { ...TEST_PROPS, ...options.props });
  const template = Template.fromStack(stack);
  return { app, stack, template, logicalId: (element) => stack.getLogicalId(element) };
}

export interface PolicyStatementJson {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

/** Every statement of the IAM policies attached to a role, with Action always an array. */
export function statementsOfRole(
  template: Template,
  roleLogicalId: string,
): { effect: string; actions: string[]; resource: unknown; condition?: unknown }[] {
  const policies = template.findResources("AWS::IAM::Policy");
  const statements: { effect: string; actions: string[]; resource: unknown; condition?: unknown }[] = [];
  for (const policy of Object.values(policies)) {
    const roles: unknown[] = policy.Properties.Roles ?? [];
    if (!roles.some((role) => JSON.stringify(role) === JSON.stringify({ Ref: roleLogicalId }))) continue;
    for (const statement of policy.Properties.PolicyDocument.Statement as PolicyStatementJson[]) {
      statements.push({
        effect: statement.Effect,
        actions: Array.isArray(statement.Action) ? statement.Action : [statement.Action],
        resource: statement.Resource,
        ...(statement.Condition === undefined ? {} : { condition: statement.Condition }),
      });
    }
  }
  return statements;
}

/** Whether a CloudFormation value (a Ref, GetAtt, Join…) points at the given logical id. */
export function refersTo(value: unknown, logicalId: string): boolean {
  return JSON.stringify(value).includes(`"${logicalId}"`);
}
