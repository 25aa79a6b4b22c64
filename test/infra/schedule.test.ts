import type { CfnRole } from "aws-cdk-lib/aws-iam";
import type { CfnStateMachine } from "aws-cdk-lib/aws-stepfunctions";
import { describe, expect, it } from "vitest";
import { buildStackUnderTest, statementsOfRole } from "./stack-under-test.ts";

// Prepare (once for the file)
const { stack, template, logicalId } = buildStackUnderTest();
const stateMachineId = logicalId(stack.workflow.stateMachine.node.defaultChild as CfnStateMachine);
const roleId = logicalId(stack.schedule.role.node.defaultChild as CfnRole);

describe("nightly schedule", () => {
  it("runs at 02:00 in America/New_York by default, without a flexible window", () => {
    // Assess
    // This one, and the access reviews' own (review-workflow.test.ts).
    template.resourceCountIs("AWS::Scheduler::Schedule", 2);
    template.resourceCountIs("AWS::Events::Rule", 0);
    template.hasResourceProperties("AWS::Scheduler::Schedule", {
      ScheduleExpression: "cron(0 2 * * ? *)",
      ScheduleExpressionTimezone: "America/New_York",
      FlexibleTimeWindow: { Mode: "OFF" },
      State: "ENABLED",
    });
  });

  it("starts the state machine with the scheduled time as input, through its own role", () => {
    // Act
    const schedule = Object.values(template.findResources("AWS::Scheduler::Schedule")).find(
      (candidate) =>
        JSON.stringify(candidate.Properties.Target.Arn) === JSON.stringify({ Ref: stateMachineId }),
    );
    const target = schedule?.Properties.Target;

    // Assess
    expect(target.Arn).toEqual({ Ref: stateMachineId });
    expect(target.RoleArn).toEqual({ "Fn::GetAtt": [roleId, "Arn"] });
    expect(JSON.parse(target.Input)).toEqual({
      trigger: "schedule",
      scheduledTime: "<aws.scheduler.scheduled-time>",
    });
    expect(target.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 21600, MaximumRetryAttempts: 10 });
  });

  it("its role can be assumed only by this account's EventBridge Scheduler", () => {
    // Act
    const trust = template.findResources("AWS::IAM::Role")[roleId]?.Properties.AssumeRolePolicyDocument;

    // Assess
    expect(trust.Statement).toEqual([
      {
        Action: "sts:AssumeRole",
        Effect: "Allow",
        Principal: { Service: "scheduler.amazonaws.com" },
        Condition: { StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } } },
      },
    ]);
  });

  it("its role may do nothing but states:StartExecution on this state machine", () => {
    // Act
    const statements = statementsOfRole(template, roleId);

    // Assess
    expect(statements).toEqual([
      { effect: "Allow", actions: ["states:StartExecution"], resource: { Ref: stateMachineId } },
    ]);
  });

  it("takes the cron expression and the org's time zone from props", () => {
    // Prepare
    const { template: custom } = buildStackUnderTest({
      props: { scheduleExpression: "cron(30 1 ? * MON-FRI *)", timezone: "Europe/Berlin" },
    });

    // Assess
    custom.hasResourceProperties("AWS::Scheduler::Schedule", {
      ScheduleExpression: "cron(30 1 ? * MON-FRI *)",
      ScheduleExpressionTimezone: "Europe/Berlin",
    });
  });
});
