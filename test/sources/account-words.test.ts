/**
 * Account exports that write words where deprov reads flags (enabledValues, privilegedValues):
 * a member list shaped like Slack's "Export member list", whose `status` column says both whether
 * the account is active and whether it is an admin.
 */
import { describe, expect, it } from "vitest";
import type { SourceConfig } from "../../functions/config/schema.ts";
import { timeParserFor } from "../../functions/fast/iso-time-parser.ts";
import { parseCsv } from "../../functions/sources/csv.ts";
import { parseJson } from "../../functions/sources/json.ts";
import type { ParseOutput } from "../../functions/sources/parser.ts";
import { accounts } from "../support/parsed-records.ts";

const MEMBER_LIST = [
  "username,email,status,billing-active,has-2fa,has-sso,userid,fullname,displayname,expiration-timestamp",
  "ana,ana@acme.com,Primary Owner,1,1,0,U01AAAAAA,Ana Lima,ana,",
  "ben,ben@acme.com,Member,1,0,0,U01BBBBBB,Ben Ode,ben,",
  "cy,cy@acme.com,Deactivated,0,0,0,U01CCCCCC,Cy Park,cy,",
  "dee,dee@contractor.io,multi channel guest,1,0,0,U01DDDDDD,Dee Roy,dee,2026-12-31",
  "eve,eve@acme.com,Admin,1,1,0,U01EEEEEE,Eve Sato,eve,",
].join("\n");

const COLUMNS = {
  accountId: "userid",
  username: "username",
  email: "email",
  displayName: "fullname",
  enabled: "status",
  privileged: "status",
};

const ENABLED_VALUES = {
  "Primary Owner": true,
  Owner: true,
  Admin: true,
  Member: true,
  "Multi-Channel Guest": true,
  "Single-Channel Guest": true,
  Deactivated: false,
};

const PRIVILEGED_VALUES = {
  "Primary Owner": true,
  Owner: true,
  Admin: true,
  Member: false,
  "Multi-Channel Guest": false,
  "Single-Channel Guest": false,
  Deactivated: false,
};

function parse(text: string, extra: Partial<SourceConfig>): ParseOutput {
  const source: SourceConfig = {
    id: "slack",
    kind: "accounts",
    format: "csv",
    path: "members.csv",
    ...extra,
  };
  return parseCsv({ text, file: "members.csv", source, time: timeParserFor("UTC") });
}

describe("enabledValues and privilegedValues", () => {
  it("read each account's status word as the source maps it, in any case and punctuation", () => {
    // Act
    const output = parse(MEMBER_LIST, {
      columns: COLUMNS,
      enabledValues: ENABLED_VALUES,
      privilegedValues: PRIVILEGED_VALUES,
    });

    // Assess
    expect(output.rejected).toEqual([]);
    expect(output.warnings ?? []).toEqual([]);
    expect(accounts(output).map((a) => [a.accountId, a.enabled, a.privileged])).toEqual([
      ["U01AAAAAA", true, true],
      ["U01BBBBBB", true, false],
      ["U01CCCCCC", false, false],
      ["U01DDDDDD", true, false],
      ["U01EEEEEE", true, true],
    ]);
  });

  it("reject an account whose word the source did not map, naming the words it did", () => {
    // Act
    const output = parse(`${MEMBER_LIST}\nbot,bot@acme.com,Bot,0,0,0,U01FFFFFF,Deploy Bot,bot,`, {
      columns: COLUMNS,
      enabledValues: ENABLED_VALUES,
      privilegedValues: PRIVILEGED_VALUES,
    });

    // Assess
    expect(accounts(output)).toHaveLength(5);
    expect(output.rejected).toEqual([
      {
        record: "line 7",
        field: "status",
        reason:
          'expected true/false, yes/no or 1/0, or a word of the source\'s "enabledValues" ("Primary Owner", "Owner", "Admin", "Member", "Multi-Channel Guest", …), got "Bot"',
      },
    ]);
  });

  it("without them, reject a word in the enabled column and say how to map it", () => {
    // Act
    const output = parse(MEMBER_LIST, { columns: { accountId: "userid", enabled: "status" } });

    // Assess
    expect(accounts(output)).toEqual([]);
    expect(output.rejected[2]).toEqual({
      record: "line 4",
      field: "status",
      reason:
        'expected true/false, yes/no or 1/0, got "Deactivated" (an export that writes words here maps each to true or false with "enabledValues" on the source, e.g. {"Deactivated": false})',
    });
  });

  it("read a json export's words too", () => {
    // Prepare
    const text = JSON.stringify({
      users: [
        { id: "a1", email: "a@acme.com", "User status": "Active" },
        { id: "a2", email: "b@acme.com", "User status": "Suspended" },
      ],
    });
    const source: SourceConfig = {
      id: "atlassian",
      kind: "accounts",
      format: "json",
      path: "users.json",
      records: "users",
      columns: { accountId: "id", enabled: "User status" },
      enabledValues: { Active: true, Suspended: false },
    };

    // Act
    const output = parseJson({ text, file: "users.json", source, time: timeParserFor("UTC") });

    // Assess
    expect(accounts(output).map((a) => [a.accountId, a.enabled])).toEqual([
      ["a1", true],
      ["a2", false],
    ]);
  });
});

describe("one-letter flags", () => {
  const FLAGS = { accountId: "id", email: "email", enabled: "active", privileged: "admin" };

  it("reads Y/N (PeopleSoft, SAP, Oracle) and t/f (PostgreSQL's COPY) in any case", () => {
    // Prepare
    const text = [
      "id,email,active,admin",
      "1,a@acme.com,Y,n",
      "2,b@acme.com,N,y",
      "3,c@acme.com,t,F",
      "4,d@acme.com,f,T",
    ].join("\n");

    // Act
    const output = parse(text, { columns: FLAGS });

    // Assess
    expect(output.rejected).toEqual([]);
    expect(accounts(output).map((a) => [a.accountId, a.enabled, a.privileged])).toEqual([
      ["1", true, false],
      ["2", false, true],
      ["3", true, false],
      ["4", false, true],
    ]);
  });

  it("reads the source's own word before a letter: an export whose T stands for Terminated", () => {
    // Act
    const output = parse(["id,email,active", "1,a@acme.com,A", "2,b@acme.com,T"].join("\n"), {
      columns: { accountId: "id", email: "email", enabled: "active" },
      enabledValues: { A: true, T: false },
    });

    // Assess
    expect(accounts(output).map((a) => [a.accountId, a.enabled])).toEqual([
      ["1", true],
      ["2", false],
    ]);
  });
});
