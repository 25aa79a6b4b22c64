import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { SourceConfig } from "../../functions/config/schema.ts";
import type { SourceKind } from "../../functions/core/model.ts";
import { timeParserFor } from "../../functions/fast/iso-time-parser.ts";
import { parseJson } from "../../functions/sources/json.ts";
import { type ParseOutput, SourceFormatError } from "../../functions/sources/parser.ts";
import { accounts } from "../support/parsed-records.ts";

const FIXTURES = new URL("../fixtures/sources/", import.meta.url);

interface Options {
  columns?: Record<string, string>;
  records?: string;
  dateOrder?: SourceConfig["dateOrder"];
}

function parse(text: string, kind: SourceKind, options: Options = {}): ParseOutput {
  const source: SourceConfig = { id: "src", kind, format: "json", path: "in.json", ...options };
  return parseJson({ text, file: "in.json", source, time: timeParserFor("Europe/Berlin") });
}

function formatError(run: () => unknown): SourceFormatError {
  try {
    run();
  } catch (error) {
    if (error instanceof SourceFormatError) return error;
    throw error;
  }
  throw new Error("expected a SourceFormatError");
}

describe("json resources at a nested records path", () => {
  it("maps nested keys, takes numeric ids as text and rejects non-objects with their index path", () => {
    // Prepare
    const text = readFileSync(new URL("scheduled-jobs.json", FIXTURES), "utf8");

    // Act
    const output = parse(text, "resources", {
      records: "data.items",
      columns: { resourceId: "id", type: "kind", ownerId: "owner.employeeId" },
    });

    // Assess
    expect(output.records).toEqual({
      kind: "resources",
      records: [
        {
          sourceId: "src",
          resourceId: "job-7f3a9c",
          type: "scheduled-job",
          ownerId: "E1002",
          schedule: "0 2 * * *",
        },
        { sourceId: "src", resourceId: "repo-payments-api", type: "repository", ownerId: "E1001" },
        { sourceId: "src", resourceId: "ds-churn-features", type: "dataset" },
        {
          sourceId: "src",
          resourceId: "40211",
          type: "scheduled-job",
          ownerId: "E1008",
          schedule: "0 6 1 */3 *",
        },
      ],
    });
    expect(output.rejected).toEqual([
      { record: "data.items[3]", field: "(record)", reason: "expected an object, got a string" },
      { record: "data.items[4]", field: "id", reason: "expected a value, got nothing" },
    ]);
    expect(output.provides.size).toBe(0);
  });
});

describe("json accounts", () => {
  it("accepts native JSON booleans, numbers and group lists as well as their text forms", () => {
    // Prepare
    const text = JSON.stringify([
      { id: "a1", active: true, admin: "yes", groups: ["eng", " admins ", ""], seat: 9.5 },
      { id: "a2", active: "FALSE", admin: 0, groups: "eng; ops", seat: "9.50" },
      { id: "a3", active: 1, groups: null },
    ]);

    // Act
    const output = parse(text, "accounts", {
      columns: { accountId: "id", enabled: "active", privileged: "admin", monthlyCost: "seat" },
    });

    // Assess
    expect(output.rejected).toEqual([]);
    expect(
      accounts(output).map((a) => [a.accountId, a.enabled, a.privileged, a.groups, a.monthlyCost]),
    ).toEqual([
      ["a1", true, true, ["eng", "admins"], 9.5],
      ["a2", false, false, ["eng", "ops"], 9.5],
      ["a3", true, false, [], undefined],
    ]);
  });

  it("provides a field when at least one object has its key (null included: it means 'never')", () => {
    // Prepare
    const text = JSON.stringify([
      { id: "a1", lastLogin: null },
      { id: "a2", profile: { created: "2024-01-02T03:04:05Z" } },
    ]);

    // Act
    const output = parse(text, "accounts", {
      columns: { accountId: "id", lastLoginAt: "lastLogin", createdAt: "profile.created" },
    });

    // Assess
    expect([...output.provides].sort()).toEqual(["createdAt", "lastLoginAt"]);
    expect(accounts(output)[1]?.createdAt).toBe(Date.parse("2024-01-02T03:04:05Z"));
  });

  it("treats every account as enabled when no object has the enabled key", () => {
    // Act
    const output = parse(JSON.stringify([{ accountId: "a1" }, { accountId: "a2" }]), "accounts");

    // Assess
    expect(accounts(output).every((a) => a.enabled)).toBe(true);
    expect(output.provides.size).toBe(0);
  });

  it("rejects an object without the enabled value once other objects have it", () => {
    // Act
    const output = parse(
      JSON.stringify([
        { accountId: "a1", enabled: false },
        { accountId: "a2" },
        { accountId: "a3", enabled: "sometimes" },
      ]),
      "accounts",
    );

    // Assess
    expect(accounts(output).map((a) => a.accountId)).toEqual(["a1"]);
    expect(output.rejected).toEqual([
      { record: "[1]", field: "enabled", reason: "expected true/false, yes/no or 1/0, got nothing" },
      {
        record: "[2]",
        field: "enabled",
        reason:
          'expected true/false, yes/no or 1/0, got "sometimes" (an export that writes words here maps each to true or false with "enabledValues" on the source, e.g. {"Deactivated": false})',
      },
    ]);
  });

  it("drops a value of the wrong JSON type with a warning naming the key path, and keeps the record", () => {
    // Act
    const output = parse(
      JSON.stringify({
        users: [
          { id: "a1", profile: { email: { primary: "x@acme.com" } } },
          { id: "a2", profile: { email: "b@acme.com" } },
        ],
      }),
      "accounts",
      { records: "users", columns: { accountId: "id", email: "profile.email" } },
    );

    // Assess
    expect(accounts(output).map((a) => a.email)).toEqual([undefined, "b@acme.com"]);
    expect(output.rejected).toEqual([]);
    expect(output.warnings).toEqual([
      {
        record: "users[0]",
        field: "profile.email",
        reason: "expected text, got an object; the value is dropped and the record kept",
      },
    ]);
    expect(output.held).toEqual(["account:a1"]);
  });

  it("finds a key that itself contains dots before walking the path", () => {
    // Prepare
    const key = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    // Act
    const output = parse(JSON.stringify([{ id: "a1", [key]: "E7" }]), "accounts", {
      columns: { accountId: "id", employeeId: key },
    });

    // Assess
    expect(accounts(output)[0]?.employeeId).toBe("E7");
  });

  it("rejects a duplicate account id", () => {
    // Act
    const output = parse(JSON.stringify([{ accountId: "a1" }, { accountId: "a1" }]), "accounts");

    // Assess
    expect(output.rejected).toEqual([
      { record: "[1]", field: "accountId", reason: 'duplicate "a1": first seen at [0]' },
    ]);
  });
});

describe("json roster", () => {
  it("applies the roster rules to JSON objects", () => {
    // Prepare
    const text = JSON.stringify([
      { employeeId: 1001, status: "Active", hireDate: "2020-01-01" },
      { employeeId: "1002", status: "terminated", terminationDate: "2024-03-31T23:30:00Z" },
      { employeeId: "1003", status: "terminated" },
    ]);

    // Act
    const output = parse(text, "roster");

    // Assess
    expect(output.records).toEqual({
      kind: "roster",
      records: [
        { employeeId: "1001", status: "active", hireDate: "2020-01-01" },
        // A timestamp in a date field becomes its calendar date in the org's zone (Berlin: already 1 April).
        { employeeId: "1002", status: "terminated", terminationDate: "2024-04-01" },
        // Kept: departure is by dates, so this leaver's is unknown; they are named in a warning and held.
        { employeeId: "1003", status: "terminated" },
      ],
    });
    expect(output.rejected).toEqual([]);
    expect(output.warnings).toEqual([
      expect.objectContaining({
        record: "[2]",
        field: "terminationDate",
        reason: expect.stringMatching(/^status "terminated" but no termination date/),
      }),
    ]);
    expect(output.held).toEqual(["person:1003"]);
  });
});

describe("json files that cannot be used at all", () => {
  it("fails on invalid JSON with the line and column, without quoting the file's contents", () => {
    // Prepare
    const text = '[\n  {"accountId": "a1", "email": "secret.person@acme.com"},\n  {"accountId": }\n]';

    // Act
    const error = formatError(() => parse(text, "accounts"));

    // Assess
    expect(error.detail).toMatch(/^not valid JSON: /);
    expect(error.detail).not.toContain("secret.person");
  });

  it("reports the line and column when the parser gives a position", () => {
    // Act
    const error = formatError(() =>
      parse('[\n  {"accountId": "a1"},\n  {"accountId": "a2"} x\n]', "accounts"),
    );

    // Assess
    expect(error.detail).toMatch(/^not valid JSON: line 3, column 23: /);
  });

  it("fails when the top level is an object and no records path is set, pointing at the arrays it holds", () => {
    // Act
    const error = formatError(() => parse(JSON.stringify({ users: [], nextPageToken: null }), "accounts"));

    // Assess
    expect(error.detail).toBe(
      'expected a top-level array of records, got an object (set the source\'s "records" to the path of the array; arrays found at: "users")',
    );
  });

  it("fails when the records path leads nowhere", () => {
    // Act
    const error = formatError(() =>
      parse(JSON.stringify({ data: { rows: [] } }), "accounts", { records: "data.items" }),
    );

    // Assess
    expect(error.detail).toBe('records: expected an array of records at "data.items", got nothing there');
  });
});

describe("json dates written day first (dateOrder)", () => {
  it("reads them in the org's zone, and ISO values beside them", () => {
    // Prepare
    const text = JSON.stringify([
      { id: "a1", email: "a@acme.de", lastLogin: "03.11.2026 09:05", created: "15.01.2021" },
      { id: "a2", email: "b@acme.de", lastLogin: "2026-11-02T08:00:00Z", created: "2020-02-29" },
    ]);
    const columns = { accountId: "id", lastLoginAt: "lastLogin", createdAt: "created" };

    // Act
    const output = parse(text, "accounts", { columns, dateOrder: "DMY" });

    // Assess
    expect(output.rejected).toEqual([]);
    expect(output.warnings ?? []).toEqual([]);
    expect(accounts(output).map((a) => [a.lastLoginAt, a.createdAt])).toEqual([
      [Date.parse("2026-11-03T08:05:00Z"), Date.parse("2021-01-14T23:00:00Z")],
      [Date.parse("2026-11-02T08:00:00Z"), Date.parse("2020-02-28T23:00:00Z")],
    ]);
  });
});
