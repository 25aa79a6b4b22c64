import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { SourceConfig } from "../../functions/config/schema.ts";
import type { Account } from "../../functions/core/model.ts";
import { timeParserFor } from "../../functions/fast/iso-time-parser.ts";
import {
  CREDENTIAL_REPORT_COLUMNS,
  parseAwsIamCredentialReport,
} from "../../functions/sources/aws-iam-credential-report.ts";
import { type ParseOutput, SourceFormatError } from "../../functions/sources/parser.ts";
import { accounts } from "../support/parsed-records.ts";

const SOURCE: SourceConfig = {
  id: "aws-prod",
  kind: "accounts",
  format: "aws-iam-credential-report",
  path: "credential-report.csv",
  privileged: ["admin-alice"],
};
const HEADER = CREDENTIAL_REPORT_COLUMNS.join(",");
const NO_KEYS_NO_CERTS = "false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A";

function parse(text: string): ParseOutput {
  return parseAwsIamCredentialReport({
    text,
    file: "credential-report.csv",
    source: SOURCE,
    time: timeParserFor("UTC"),
  });
}

function byId(output: ParseOutput): Map<string, Account> {
  return new Map(accounts(output).map((a) => [a.accountId, a]));
}

describe("aws-iam-credential-report", () => {
  const fixture = readFileSync(new URL("../fixtures/sources/credential-report.csv", import.meta.url), "utf8");

  it("reads every row of a real-looking report, the root row included", () => {
    // Act
    const output = parse(fixture);

    // Assess
    expect(output.rejected).toEqual([]);
    expect(accounts(output).map((a) => a.accountId)).toEqual([
      "<root_account>",
      "admin-alice",
      "marcus.oneil",
      "svc-deploy",
      "amara.nwosu",
      "legacy-ftp",
    ]);
  });

  it("marks the root row as root; not_supported and N/A are absent values", () => {
    // Act
    const root = byId(parse(fixture)).get("<root_account>");

    // Assess
    expect(root).toEqual({
      sourceId: "aws-prod",
      accountId: "<root_account>",
      username: "<root_account>",
      enabled: false,
      privileged: false,
      createdAt: Date.parse("2017-05-14T08:22:10Z"),
      lastLoginAt: Date.parse("2024-02-28T17:03:55Z"),
      groups: [],
      credentials: [],
      isRoot: true,
    });
  });

  it("maps the console password and the first access key of a person's user", () => {
    // Act
    const alice = byId(parse(fixture)).get("admin-alice");

    // Assess: privileged is left to the collector, which applies the source's `privileged` list.
    expect(alice).toMatchObject({
      enabled: true,
      privileged: false,
      isRoot: false,
      createdAt: Date.parse("2019-04-02T13:45:09Z"),
      lastLoginAt: Date.parse("2024-03-10T21:17:44Z"),
      credentials: [
        {
          id: "access_key_1",
          active: true,
          createdAt: Date.parse("2023-11-20T10:31:02Z"),
          lastUsedAt: Date.parse("2024-03-11T07:58:00Z"),
        },
      ],
    });
  });

  it("reads no_information (password never used) as no last login", () => {
    // Act
    const marcus = byId(parse(fixture)).get("marcus.oneil");

    // Assess
    expect(marcus).toMatchObject({ enabled: true, lastLoginAt: undefined, credentials: [] });
  });

  it("keeps both keys of a user with two, including a never-used one", () => {
    // Act
    const deploy = byId(parse(fixture)).get("svc-deploy");

    // Assess: no console password, but active keys keep the user enabled.
    expect(deploy?.enabled).toBe(true);
    expect(deploy?.lastLoginAt).toBeUndefined();
    expect(deploy?.credentials).toEqual([
      {
        id: "access_key_1",
        active: true,
        createdAt: Date.parse("2021-02-14T16:40:27Z"),
        lastUsedAt: Date.parse("2024-03-11T03:12:00Z"),
      },
      {
        id: "access_key_2",
        active: true,
        createdAt: Date.parse("2023-08-30T11:02:19Z"),
        lastUsedAt: undefined,
      },
    ]);
  });

  it("keeps an inactive key that still exists, and a user with nothing active is disabled", () => {
    // Act
    const amara = byId(parse(fixture)).get("amara.nwosu");

    // Assess
    expect(amara?.enabled).toBe(false);
    expect(amara?.credentials).toEqual([
      {
        id: "access_key_1",
        active: false,
        createdAt: Date.parse("2022-03-03T09:15:00Z"),
        lastUsedAt: Date.parse("2023-12-01T10:00:00Z"),
      },
    ]);
  });

  it("counts an active signing certificate as enabled", () => {
    // Act
    const ftp = byId(parse(fixture)).get("legacy-ftp");

    // Assess
    expect(ftp).toMatchObject({ enabled: true, credentials: [] });
  });

  it("provides last login, creation time and credentials, but no disable time", () => {
    // Act
    const output = parse(fixture);

    // Assess
    expect([...output.provides].sort()).toEqual(["createdAt", "credentials", "lastLoginAt"]);
  });

  it("rejects a row with a malformed timestamp or boolean, naming the line and the AWS column", () => {
    // Prepare
    const text = [
      HEADER,
      `bob,arn:aws:iam::1:user/bob,2024-13-01T00:00:00+00:00,true,N/A,N/A,N/A,false,${NO_KEYS_NO_CERTS}`,
      `carol,arn:aws:iam::1:user/carol,2024-01-01T00:00:00+00:00,enabled,N/A,N/A,N/A,false,${NO_KEYS_NO_CERTS}`,
      `dave,arn:aws:iam::1:user/dave,2024-01-01T00:00:00+00:00,true,N/A,N/A,N/A,false,${NO_KEYS_NO_CERTS}`,
      "erin,arn:aws:iam::1:user/erin,2024-01-01T00:00:00+00:00,true",
      `dave,arn:aws:iam::1:user/dave,2024-01-01T00:00:00+00:00,true,N/A,N/A,N/A,false,${NO_KEYS_NO_CERTS}`,
    ].join("\n");

    // Act
    const output = parse(text);

    // Assess
    expect(accounts(output).map((a) => a.accountId)).toEqual(["dave"]);
    expect(output.rejected).toEqual([
      {
        record: "line 2",
        field: "user_creation_time",
        reason: 'expected an ISO 8601 timestamp, got "2024-13-01T00:00:00+00:00"',
      },
      {
        record: "line 3",
        field: "password_enabled",
        reason: 'expected true/false, yes/no or 1/0, got "enabled"',
      },
      { record: "line 5", field: "(record)", reason: "expected 22 fields (as in the header), got 4" },
      { record: "line 6", field: "user", reason: 'duplicate "dave": first seen at line 4' },
    ]);
  });

  it("fails when the header is not the credential report's", () => {
    // Prepare
    const text =
      "user,arn,user_creation_time,password_enabled\nbob,arn:aws:iam::1:user/bob,2024-01-01T00:00:00+00:00,true\n";

    // Act
    const run = () => parse(text);

    // Assess
    expect(run).toThrow(SourceFormatError);
    expect(run).toThrow(
      /line 1: not an IAM credential report: the header lacks password_last_used, password_last_changed/,
    );
  });
});
