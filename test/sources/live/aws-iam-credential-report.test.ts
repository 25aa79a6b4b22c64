import {
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  IAMClient,
  type IAMClientConfig,
} from "@aws-sdk/client-iam";
import { AssumeRoleCommand, STSClient, type STSClientConfig } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SourceConfig } from "../../../functions/config/schema.ts";
import type { AwsClientFactories } from "../../../functions/sources/live/aws-clients.ts";
import { fixtureText } from "../api-source-input.ts";
import { liveFailure, parseFileForm, readLive, recordsById } from "./live-harness.ts";

const REPORT = fixtureText("credential-report.csv");
const GENERATED = new Date("2026-11-26T08:12:40Z");
const ROLE = "arn:aws:iam::493172815064:role/deprov-credential-report";
const SESSION_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY";

const iam = mockClient(IAMClient);
const sts = mockClient(STSClient);

/** The SDK's clients, recording how each was configured. */
function recordingClients(configs: { iam: IAMClientConfig[]; sts: STSClientConfig[] }): AwsClientFactories {
  return {
    iam: async (config) => {
      configs.iam.push(config);
      return new IAMClient(config);
    },
    sts: async (config) => {
      configs.sts.push(config);
      return new STSClient(config);
    },
  };
}

const source: SourceConfig = {
  id: "aws-prod",
  kind: "accounts",
  format: "aws-iam-credential-report",
  aws: { region: "eu-west-1" },
  privileged: ["admin-alice"],
};

beforeEach(() => {
  iam.reset();
  sts.reset();
});
afterEach(() => {
  iam.reset();
  sts.reset();
});

describe("aws-iam-credential-report live reader", () => {
  it("generates the report until COMPLETE, reads it, and gives exactly the records of the file form", async () => {
    // Prepare
    iam
      .on(GenerateCredentialReportCommand)
      .resolvesOnce({
        State: "STARTED",
        Description: "No report exists. Starting a new report generation task",
      })
      .resolvesOnce({ State: "INPROGRESS" })
      .resolves({ State: "COMPLETE" });
    iam.on(GetCredentialReportCommand).resolves({
      Content: new TextEncoder().encode(REPORT),
      ReportFormat: "text/csv",
      GeneratedTime: GENERATED,
    });
    const configs = { iam: [] as IAMClientConfig[], sts: [] as STSClientConfig[] };

    // Act
    const { collected, exported, waits } = await readLive(source, {
      env: {},
      settings: { aws: recordingClients(configs) },
    });

    // Assess
    const fileForm = parseFileForm(source, REPORT);
    expect(recordsById(collected)).toEqual(recordsById(fileForm));
    expect(exported.text).toBe(REPORT);
    expect(collected.info).toMatchObject({
      status: "ok",
      exportedAt: GENERATED.getTime(),
      exportedAtFrom: "api",
    });
    expect(iam.commandCalls(GenerateCredentialReportCommand)).toHaveLength(3);
    expect(waits).toEqual([2000, 2000]);
    expect(configs).toEqual({ iam: [{ region: "eu-west-1" }], sts: [] });
  });

  it("assumes aws.roleArn first and reads with the role's credentials", async () => {
    // Prepare
    sts.on(AssumeRoleCommand).resolves({
      Credentials: {
        AccessKeyId: "ASIAEXAMPLEKEYID0001",
        SecretAccessKey: SESSION_SECRET,
        SessionToken: "FwoGZXIvYXdzEXAMPLE",
        Expiration: new Date("2026-11-26T09:15:00Z"),
      },
    });
    iam.on(GenerateCredentialReportCommand).resolves({ State: "COMPLETE" });
    iam
      .on(GetCredentialReportCommand)
      .resolves({ Content: new TextEncoder().encode(REPORT), ReportFormat: "text/csv" });
    const configs = { iam: [] as IAMClientConfig[], sts: [] as STSClientConfig[] };

    // Act
    const { collected } = await readLive(
      { ...source, aws: { roleArn: ROLE, region: "eu-west-1" } },
      { env: {}, settings: { aws: recordingClients(configs) } },
    );

    // Assess
    expect(collected.info.status).toBe("ok");
    expect(sts.commandCalls(AssumeRoleCommand)[0]?.args[0].input).toEqual({
      RoleArn: ROLE,
      RoleSessionName: "deprov-credential-report",
      DurationSeconds: 900,
    });
    expect(configs.iam[0]?.credentials).toMatchObject({
      accessKeyId: "ASIAEXAMPLEKEYID0001",
      secretAccessKey: SESSION_SECRET,
    });
  });

  it("fails the source when the role may not be assumed, naming the role", async () => {
    // Prepare
    const denied = Object.assign(
      new Error(
        `User: arn:aws:sts::111122223333:assumed-role/deprov-collect-source is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`,
      ),
      { name: "AccessDenied" },
    );
    sts.on(AssumeRoleCommand).rejects(denied);

    // Act
    const message = await liveFailure({ ...source, aws: { roleArn: ROLE } }, { env: {} });

    // Assess
    expect(message).toBe(
      `source "aws-prod": AssumeRole ${ROLE} failed: AccessDenied: ${denied.message} (the scanner's role needs sts:AssumeRole on it, and its trust policy must name the scanner's role; see infra/README.md)`,
    );
  });

  it("fails the source when the report is never ready", async () => {
    // Prepare
    iam.on(GenerateCredentialReportCommand).resolves({ State: "INPROGRESS" });

    // Act
    const message = await liveFailure(source, { env: {} });

    // Assess
    expect(message).toBe('source "aws-prod": the credential report was still INPROGRESS after 60 requests');
    expect(iam.commandCalls(GetCredentialReportCommand)).toHaveLength(0);
  });

  it("fails the source on an empty report", async () => {
    // Prepare
    iam.on(GenerateCredentialReportCommand).resolves({ State: "COMPLETE" });
    iam.on(GetCredentialReportCommand).resolves({ ReportFormat: "text/csv" });

    // Act
    const message = await liveFailure(source, { env: {} });

    // Assess
    expect(message).toBe('source "aws-prod": GetCredentialReport returned no content');
  });

  it("fails the source when the report cannot be read", async () => {
    // Prepare
    iam.on(GenerateCredentialReportCommand).resolves({ State: "COMPLETE" });
    iam.on(GetCredentialReportCommand).rejects(
      Object.assign(new Error("Credential report is expired"), {
        name: "CredentialReportExpiredException",
      }),
    );

    // Act
    const message = await liveFailure(source, { env: {} });

    // Assess
    expect(message).toBe(
      'source "aws-prod": GetCredentialReport failed: CredentialReportExpiredException: Credential report is expired',
    );
  });
});
