/**
 * CloudWatch alarms on the nightly scan — failed, timed out, aborted, or not started at all — sent to
 * a KMS-encrypted SNS topic, optionally with an email subscription.
 */
import { Duration, Stack } from "aws-cdk-lib";
import { Alarm, ComparisonOperator, type Metric, Stats, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import { PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Key } from "aws-cdk-lib/aws-kms";
import { Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import type { IStateMachine, StateMachine } from "aws-cdk-lib/aws-stepfunctions";
import { Construct } from "constructs";

export interface ScanAlarmsProps {
  readonly stateMachine: StateMachine;
  /** Subscribed to the alarm topic when given (the recipient must confirm the subscription). */
  readonly alarmEmail?: string;
}

/** Hours without a started execution before "the scan did not run" alarms: a day plus an hour of slack. */
export const NOT_STARTED_HOURS = 25;

export class ScanAlarms extends Construct {
  readonly topic: Topic;
  readonly key: Key;
  readonly alarms: readonly Alarm[];

  constructor(scope: Construct, id: string, props: ScanAlarmsProps) {
    super(scope, id);

    // A customer-managed key because CloudWatch cannot publish to a topic encrypted with the
    // AWS-managed aws/sns key: its key policy cannot be extended to the CloudWatch service.
    this.key = new Key(this, "TopicKey", {
      description: "deprov alarm topic encryption",
      enableKeyRotation: true,
    });
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: "AllowCloudWatchAlarmsToPublish",
        principals: [new ServicePrincipal("cloudwatch.amazonaws.com")],
        actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
        resources: ["*"],
        conditions: { StringEquals: { "aws:SourceAccount": Stack.of(this).account } },
      }),
    );

    this.topic = new Topic(this, "Topic", {
      displayName: "deprov scan alarms",
      masterKey: this.key,
      enforceSSL: true,
    });
    if (props.alarmEmail !== undefined) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));

    const sm = props.stateMachine;
    this.alarms = [
      this.anyExecution(
        "ScanFailed",
        sm.metricFailed(),
        "The nightly scan failed (or a guard rail stopped it).",
        sm,
      ),
      this.anyExecution("ScanTimedOut", sm.metricTimedOut(), "The nightly scan timed out.", sm),
      this.anyExecution("ScanAborted", sm.metricAborted(), "The nightly scan was aborted by hand.", sm),
      this.notStarted(sm),
    ];
  }

  private anyExecution(id: string, metric: Metric, description: string, sm: IStateMachine): Alarm {
    return this.withAction(
      new Alarm(this, id, {
        alarmDescription: `${description} State machine: ${sm.stateMachineArn}`,
        metric: metric.with({ period: Duration.minutes(5), statistic: Stats.SUM }),
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }

  /** Catches a disabled or broken schedule: no execution started for NOT_STARTED_HOURS hours. */
  private notStarted(sm: StateMachine): Alarm {
    return this.withAction(
      new Alarm(this, "ScanNotStarted", {
        alarmDescription: `No nightly scan has started for ${NOT_STARTED_HOURS} hours. State machine: ${sm.stateMachineArn}`,
        metric: sm.metricStarted({ period: Duration.hours(1), statistic: Stats.SUM }),
        threshold: 1,
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: NOT_STARTED_HOURS,
        datapointsToAlarm: NOT_STARTED_HOURS,
        // An hour without a start has no data point; only 25 such hours in a row mean trouble.
        treatMissingData: TreatMissingData.BREACHING,
      }),
    );
  }

  private withAction(alarm: Alarm): Alarm {
    alarm.addAlarmAction(new SnsAction(this.topic));
    return alarm;
  }
}
