/**
 * `aws-iam-credential-report` live, through the AWS SDK: `GenerateCredentialReport` until its state
 * is COMPLETE, then `GetCredentialReport`, whose content is the report's CSV (the file form). With
 * `aws.roleArn` the runtime's credentials first assume that role (STS `AssumeRole`), so one
 * deployment can read other accounts. The report's own `GeneratedTime` dates the data (AWS serves
 * a report up to four hours old instead of generating a new one).
 */
import {
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  type IAMClient,
} from "@aws-sdk/client-iam";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import type { SourceConfig } from "../../config/schema.ts";
import type { LiveReadContext, LiveReader } from "./live-read.ts";
import { LiveReadError, sourceName } from "./live-read.ts";

/** How often, and how many times, the report's state is asked while AWS generates it. */
export const REPORT_POLL_MS = 2_000;
export const REPORT_MAX_POLLS = 60;
const SESSION_NAME = "deprov-credential-report";
const SESSION_SECONDS = 900;

export const readAwsCredentialReportLive: LiveReader = async (source, snapshot, context) => {
  const iam = await iamClient(source, context);
  const started = context.now();
  try {
    await generateReport(source, iam, context);
    const report = await call(context, source, "GetCredentialReport", () =>
      iam.send(new GetCredentialReportCommand({})),
    );
    if (report.Content === undefined || report.Content.length === 0) {
      throw new LiveReadError(`${sourceName(source)}: GetCredentialReport returned no content`);
    }
    if (report.ReportFormat !== undefined && report.ReportFormat !== "text/csv") {
      throw new LiveReadError(
        `${sourceName(source)}: GetCredentialReport returned ${report.ReportFormat}, not text/csv`,
      );
    }
    const csv = Buffer.from(report.Content).toString("utf8");
    await snapshot.write(csv);
    const lines = csv.split("\n").filter((line) => line.trim() !== "");
    return {
      pages: 1,
      records: Math.max(0, lines.length - 1),
      readAt: report.GeneratedTime?.getTime() ?? started,
      warnings: [],
    };
  } finally {
    iam.destroy();
  }
};

async function iamClient(source: SourceConfig, context: LiveReadContext): Promise<IAMClient> {
  const region = source.aws?.region ?? process.env.AWS_REGION ?? "us-east-1";
  const roleArn = source.aws?.roleArn;
  if (roleArn === undefined) return await context.aws.iam({ region });
  const sts = await context.aws.sts({ region });
  try {
    const assumed = await call(
      context,
      source,
      `AssumeRole ${roleArn}`,
      () =>
        sts.send(
          new AssumeRoleCommand({
            RoleArn: roleArn,
            RoleSessionName: SESSION_NAME,
            DurationSeconds: SESSION_SECONDS,
          }),
        ),
      "the scanner's role needs sts:AssumeRole on it, and its trust policy must name the scanner's role; see infra/README.md",
    );
    const credentials = assumed.Credentials;
    if (credentials?.AccessKeyId === undefined || credentials.SecretAccessKey === undefined) {
      throw new LiveReadError(`${sourceName(source)}: AssumeRole ${roleArn} returned no credentials`);
    }
    return await context.aws.iam({
      region,
      credentials: {
        accessKeyId: credentials.AccessKeyId,
        secretAccessKey: credentials.SecretAccessKey,
        ...(credentials.SessionToken === undefined ? {} : { sessionToken: credentials.SessionToken }),
        ...(credentials.Expiration === undefined ? {} : { expiration: credentials.Expiration }),
      },
    });
  } finally {
    sts.destroy();
  }
}

async function generateReport(source: SourceConfig, iam: IAMClient, context: LiveReadContext): Promise<void> {
  for (let poll = 1; ; poll++) {
    const answer = await call(context, source, "GenerateCredentialReport", () =>
      iam.send(new GenerateCredentialReportCommand({})),
    );
    if (answer.State === "COMPLETE") return;
    if (poll >= REPORT_MAX_POLLS) {
      throw new LiveReadError(
        `${sourceName(source)}: the credential report was still ${answer.State ?? "not ready"} after ${REPORT_MAX_POLLS} requests`,
      );
    }
    await context.sleep(REPORT_POLL_MS);
  }
}

/** An SDK call whose failure fails the source, with AWS's error name and message (never a credential). */
async function call<T>(
  context: LiveReadContext,
  source: SourceConfig,
  what: string,
  send: () => Promise<T>,
  accessHint = "the role needs iam:GenerateCredentialReport and iam:GetCredentialReport; see infra/README.md",
): Promise<T> {
  try {
    const result = await send();
    context.answered();
    return result;
  } catch (error) {
    if (error instanceof LiveReadError) throw error;
    // An AWS error with an HTTP status came from AWS: the service was reached.
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== undefined)
      context.answered();
    const name = error instanceof Error ? error.name : "Error";
    const message = error instanceof Error ? error.message : String(error);
    const hint = name === "AccessDenied" || name === "AccessDeniedException" ? ` (${accessHint})` : "";
    throw new LiveReadError(`${sourceName(source)}: ${what} failed: ${name}: ${message}${hint}`);
  }
}
