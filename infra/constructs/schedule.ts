/**
 * EventBridge Scheduler starts the nightly scan at a wall-clock time in the org's time zone
 * (an EventBridge rule would be UTC only and drift by an hour twice a year).
 */
import { Duration, Stack, TimeZone } from "aws-cdk-lib";
import { Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
} from "aws-cdk-lib/aws-scheduler";
import { StepFunctionsStartExecution } from "aws-cdk-lib/aws-scheduler-targets";
import type { IStateMachine } from "aws-cdk-lib/aws-stepfunctions";
import { Construct } from "constructs";

export const DEFAULT_SCHEDULE_EXPRESSION = "cron(0 2 * * ? *)";
export const DEFAULT_TIMEZONE = "America/New_York";

export interface NightlyScheduleProps {
  readonly stateMachine: IStateMachine;
  /** A Scheduler `cron(...)`, `rate(...)` or `at(...)` expression. @default "cron(0 2 * * ? *)" */
  readonly scheduleExpression?: string;
  /** IANA time zone the expression is read in. @default "America/New_York" */
  readonly timezone?: string;
  /** What the schedule starts, for its description. @default "deprov nightly deprovisioning scan" */
  readonly purpose?: string;
}

export class NightlySchedule extends Construct {
  readonly schedule: Schedule;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: NightlyScheduleProps) {
    super(scope, id);
    // Only this account's Scheduler may assume the role, and the target grants it nothing but
    // states:StartExecution on this one state machine.
    this.role = new Role(this, "StartExecutionRole", {
      assumedBy: new ServicePrincipal("scheduler.amazonaws.com", {
        conditions: { StringEquals: { "aws:SourceAccount": Stack.of(this).account } },
      }),
      description: `EventBridge Scheduler: start the ${props.purpose ?? "deprov nightly scan"}`,
    });

    this.schedule = new Schedule(this, "Schedule", {
      description: props.purpose ?? "deprov nightly deprovisioning scan",
      schedule: ScheduleExpression.expression(
        props.scheduleExpression ?? DEFAULT_SCHEDULE_EXPRESSION,
        TimeZone.of(props.timezone ?? DEFAULT_TIMEZONE),
      ),
      target: new StepFunctionsStartExecution(props.stateMachine, {
        role: this.role,
        // The scheduled instant lets StartScan derive the same scan for a redelivered invocation.
        input: ScheduleTargetInput.fromObject({
          trigger: "schedule",
          scheduledTime: ContextAttribute.scheduledTime,
        }),
        retryAttempts: 10,
        maxEventAge: Duration.hours(6),
      }),
    });
  }
}
