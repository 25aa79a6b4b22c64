import { Match } from "aws-cdk-lib/assertions";
import type { CfnKey } from "aws-cdk-lib/aws-kms";
import type { CfnTopic } from "aws-cdk-lib/aws-sns";
import type { CfnStateMachine } from "aws-cdk-lib/aws-stepfunctions";
import { describe, expect, it } from "vitest";
import { buildStackUnderTest } from "./stack-under-test.ts";

// Prepare (once for the file)
const { stack, template, logicalId } = buildStackUnderTest();
const stateMachineId = logicalId(stack.workflow.stateMachine.node.defaultChild as CfnStateMachine);
const topicId = logicalId(stack.alarms.topic.node.defaultChild as CfnTopic);
const keyId = logicalId(stack.alarms.key.node.defaultChild as CfnKey);
const alarms = Object.values(template.findResources("AWS::CloudWatch::Alarm")).map(
  (alarm) => alarm.Properties,
);

describe("scan alarms", () => {
  it.each(["ExecutionsFailed", "ExecutionsTimedOut", "ExecutionsAborted"])(
    "alarms on any %s of the state machine, into the topic",
    (metricName) => {
      // Act
      const alarm = alarms.find((candidate) => candidate.MetricName === metricName);

      // Assess
      expect(alarm).toMatchObject({
        Namespace: "AWS/States",
        Dimensions: [{ Name: "StateMachineArn", Value: { Ref: stateMachineId } }],
        Statistic: "Sum",
        Threshold: 1,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
        TreatMissingData: "notBreaching",
        AlarmActions: [{ Ref: topicId }],
      });
    },
  );

  it("alarms when no scan has started for 25 hours (a broken or disabled schedule)", () => {
    // Act
    const alarm = alarms.find((candidate) => candidate.MetricName === "ExecutionsStarted");

    // Assess
    expect(alarm).toMatchObject({
      Period: 3600,
      EvaluationPeriods: 25,
      DatapointsToAlarm: 25,
      Threshold: 1,
      ComparisonOperator: "LessThanThreshold",
      TreatMissingData: "breaching",
      AlarmActions: [{ Ref: topicId }],
    });
  });

  it("publishes to a topic encrypted with a rotating customer-managed key that CloudWatch may use", () => {
    // Act
    const key = template.findResources("AWS::KMS::Key")[keyId]?.Properties;

    // Assess
    template.hasResourceProperties("AWS::SNS::Topic", { KmsMasterKeyId: { "Fn::GetAtt": [keyId, "Arn"] } });
    expect(key?.EnableKeyRotation).toBe(true);
    expect(key?.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      }),
    );
  });

  it("the topic refuses publishing without TLS", () => {
    // Assess
    template.hasResourceProperties("AWS::SNS::TopicPolicy", {
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Effect: "Deny",
            Action: "sns:Publish",
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          }),
        ],
      },
    });
  });

  it("subscribes the alarm email when one is given", () => {
    // Assess
    template.hasResourceProperties("AWS::SNS::Subscription", {
      Protocol: "email",
      Endpoint: "oncall@acme.com",
      TopicArn: { Ref: topicId },
    });
  });

  it("has no subscription without an alarm email", () => {
    // Prepare
    const { template: quiet } = buildStackUnderTest({ props: { alarmEmail: undefined } });

    // Assess
    quiet.resourceCountIs("AWS::SNS::Subscription", 0);
  });
});
