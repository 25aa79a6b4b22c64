/**
 * The CDK app: one deprov stack, checked by cdk-nag's AWS Solutions pack on every synth.
 * Settings come from context: `npx cdk deploy -c senderDomain=acme.com -c reportTo=compliance@acme.com`.
 */
import { Annotations, App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { deploySettingsFromContext } from "./deploy-settings.ts";
import { DeprovStack } from "./deprov-stack.ts";

const app = new App();
const settings = deploySettingsFromContext((key) => app.node.tryGetContext(key));

const stack = new DeprovStack(app, "Deprov", {
  description: "deprov: scheduled deprovisioning audit scanner (Step Functions, Lambda, DynamoDB, S3, SES)",
  senderDomain: settings.senderDomain,
  mailFrom: settings.mailFrom,
  reportTo: settings.reportTo,
  scheduleExpression: settings.scheduleExpression,
  timezone: settings.timezone,
  alarmEmail: settings.alarmEmail,
  logLevel: settings.logLevel,
  ...(settings.sourceRoleArns === undefined ? {} : { sourceRoleArns: settings.sourceRoleArns }),
  reviewScheduleExpression: settings.reviewScheduleExpression,
  snapshotRetentionDays: settings.snapshotRetentionDays,
  auditRetentionDays: settings.auditRetentionDays,
});
for (const warning of settings.warnings) Annotations.of(stack).addWarningV2("deprov:context", warning);

Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
