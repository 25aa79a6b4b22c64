import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { SourceConfig } from "../../functions/config/schema.ts";
import { timeParserFor } from "../../functions/fast/iso-time-parser.ts";
import { type ParseOutput, SourceFormatError } from "../../functions/sources/parser.ts";
import { parseScim } from "../../functions/sources/scim.ts";
import { accounts } from "../support/parsed-records.ts";

const SOURCE: SourceConfig = { id: "slack", kind: "accounts", format: "scim", path: "slack-users.json" };
const LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";

function parse(text: string): ParseOutput {
  return parseScim({ text, file: "slack-users.json", source: SOURCE, time: timeParserFor("UTC") });
}

function listResponse(resources: unknown[], totalResults = resources.length): string {
  return JSON.stringify({
    schemas: [LIST_RESPONSE],
    totalResults,
    itemsPerPage: resources.length,
    startIndex: 1,
    Resources: resources,
  });
}

describe("scim ListResponse", () => {
  const fixture = readFileSync(new URL("../fixtures/sources/scim-users.json", import.meta.url), "utf8");

  it("maps a User with the enterprise extension, the primary email and group names", () => {
    // Act
    const dana = accounts(parse(fixture))[0];

    // Assess
    expect(dana).toEqual({
      sourceId: "slack",
      accountId: "U01HZ3K9Q",
      username: "dana.whitfield",
      email: "dana.whitfield@acme.com",
      employeeId: "E1001",
      displayName: "Dana Whitfield",
      enabled: true,
      privileged: false,
      createdAt: Date.parse("2019-04-02T13:14:07Z"),
      groups: ["engineering", "workspace-admins"],
      credentials: [],
    });
  });

  it("reads active=false as disabled and falls back to name.formatted for an empty displayName", () => {
    // Act
    const marcus = accounts(parse(fixture))[1];

    // Assess
    expect(marcus).toMatchObject({ accountId: "U01HZ3KA2", enabled: false, displayName: "Marcus O'Neil" });
  });

  it("takes the first email when none is primary, and given + family name without displayName", () => {
    // Act
    const priya = accounts(parse(fixture))[2];

    // Assess
    expect(priya).toMatchObject({
      email: "priya.raman@acme.io",
      displayName: "Priya Raman",
      employeeId: undefined,
      groups: ["finance-admins"],
    });
  });

  it("rejects a User with no id, and drops an unreadable creation time with a warning, with their Resources index", () => {
    // Act
    const output = parse(fixture);

    // Assess
    expect(accounts(output)).toHaveLength(4);
    expect(output.rejected).toEqual([
      { record: "Resources[3]", field: "id", reason: "expected a non-empty string, got nothing" },
    ]);
    expect(output.warnings).toEqual([
      {
        record: "Resources[4]",
        field: "meta.created",
        reason:
          'expected an ISO 8601 timestamp, got "last Tuesday"; the value is dropped and the record kept',
      },
    ]);
    expect(output.held).toEqual([`account:${accounts(output)[3]?.accountId}`]);
  });

  it("provides creation time and groups only: SCIM has no last login and no disable time", () => {
    // Act
    const output = parse(fixture);

    // Assess
    expect([...output.provides].sort()).toEqual(["createdAt", "groups"]);
  });

  it("accepts the strings True/False that some providers send for `active`", () => {
    // Act
    const output = parse(
      listResponse([
        { schemas: [USER], id: "u2", userName: "b", active: "False" },
        { schemas: [USER], id: "u3", userName: "c", active: "True" },
      ]),
    );

    // Assess
    expect(accounts(output).map((a) => [a.accountId, a.enabled])).toEqual([
      ["u2", false],
      ["u3", true],
    ]);
  });

  it("rejects a User without `active`, or with a null one, holds its account and counts it in one warning", () => {
    // Prepare
    const unknown =
      'RFC 7643 leaves a user without "active" to the service provider\'s meaning, so whether this account is enabled is unknown';

    // Act
    const output = parse(
      listResponse([
        { schemas: [USER], id: "u1", userName: "a", active: true },
        { schemas: [USER], id: "u2", userName: "b" },
        { schemas: [USER], id: "u3", userName: "c", active: null },
      ]),
    );

    // Assess
    expect(accounts(output).map((a) => a.accountId)).toEqual(["u1"]);
    expect(output.rejected).toEqual([
      { record: "Resources[1]", field: "active", reason: `expected true or false, got nothing: ${unknown}` },
      { record: "Resources[2]", field: "active", reason: `expected true or false, got null: ${unknown}` },
    ]);
    expect(output.held).toEqual(["account:u2", "account:u3"]);
    expect(output.warnings).toEqual([
      {
        record: "Resources[1], Resources[2]",
        field: "active",
        reason:
          'no "active" in 2 of 3 users: RFC 7643 leaves a user without it to the service provider\'s meaning, so whether these accounts are enabled is unknown; they are rejected and their findings stay open (export the users with "active": GET /Users without an "attributes" or "excludedAttributes" parameter that leaves it out)',
      },
    ]);
  });

  it("rejects every User of an export without `active` instead of reading them all as enabled", () => {
    // Prepare
    const body = JSON.parse(fixture) as { Resources: Record<string, unknown>[] };
    for (const user of body.Resources) delete user.active;

    // Act
    const output = parse(JSON.stringify(body));

    // Assess: the user without an id is rejected for that first, as before.
    expect(accounts(output)).toEqual([]);
    expect(output.rejected.map((r) => [r.record, r.field])).toEqual([
      ["Resources[0]", "active"],
      ["Resources[1]", "active"],
      ["Resources[2]", "active"],
      ["Resources[3]", "id"],
      ["Resources[4]", "active"],
    ]);
    expect(output.warnings).toEqual([
      expect.objectContaining({
        record: "Resources[0], Resources[1], Resources[2], Resources[4]",
        field: "active",
        reason: expect.stringMatching(/^no "active" in 4 of 5 users: /),
      }),
    ]);
  });

  it("rejects malformed Users one by one and keeps the rest", () => {
    // Act
    const output = parse(
      listResponse([
        "not-a-user",
        { schemas: [USER], id: "u1", active: "yes please" },
        { schemas: [USER], id: "u2", active: true, emails: "u2@acme.com" },
        { schemas: [USER], id: "u3", active: true, groups: [{ value: "g1", display: 42 }, "admins"] },
        { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], id: "g1", displayName: "admins" },
        {
          schemas: [USER],
          id: "u4",
          active: true,
          "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": "E4",
        },
        { schemas: [USER], id: "u5", userName: "ok", active: true },
        { schemas: [USER], id: "u5", userName: "again", active: true },
      ]),
    );

    // Assess
    expect(accounts(output).map((a) => a.accountId)).toEqual(["u5"]);
    expect(output.rejected).toEqual([
      {
        record: "Resources[0]",
        field: "(record)",
        reason: 'expected a User resource object, got "not-a-user"',
      },
      { record: "Resources[1]", field: "active", reason: 'expected true or false, got "yes please"' },
      {
        record: "Resources[2]",
        field: "emails",
        reason: 'expected a list of {value, primary}, got "u2@acme.com"',
      },
      { record: "Resources[3]", field: "groups[1]", reason: 'expected an object, got "admins"' },
      {
        record: "Resources[4]",
        field: "schemas",
        reason: 'expected a User resource ("urn:ietf:params:scim:schemas:core:2.0:User")',
      },
      {
        record: "Resources[5]",
        field: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
        reason: 'expected an object, got "E4"',
      },
      { record: "Resources[7]", field: "id", reason: 'duplicate "u5": first seen at Resources[6]' },
    ]);
  });

  it("takes a group's id when the provider omits its display name", () => {
    // Act
    const output = parse(
      listResponse([{ schemas: [USER], id: "u1", active: true, groups: [{ value: "g-7" }] }]),
    );

    // Assess
    expect(accounts(output)[0]?.groups).toEqual(["g-7"]);
  });

  it("accepts an empty ListResponse without Resources (RFC 7644 §3.4.2)", () => {
    // Act
    const output = parse(
      JSON.stringify({ schemas: [LIST_RESPONSE], totalResults: 0, startIndex: 1, itemsPerPage: 0 }),
    );

    // Assess
    expect(accounts(output)).toEqual([]);
  });

  it("fails on a document that is not a ListResponse", () => {
    // Act
    const run = () => parse(JSON.stringify([{ id: "u1" }]));

    // Assess
    expect(run).toThrow(SourceFormatError);
    expect(run).toThrow(/not a SCIM ListResponse/);
  });

  it("fails on a single page of a larger result, which would hide the other pages' accounts", () => {
    // Act
    const run = () => parse(listResponse([{ schemas: [USER], id: "u1" }], 250));

    // Assess
    expect(run).toThrow(/holds 1 of 250 users \("totalResults"\): one page of a paginated response/);
  });
});
