import { describe, expect, it } from "vitest";
import type { Account } from "../../functions/core/model.ts";
import { parseEntra } from "../../functions/sources/entra.ts";
import { SourceFormatError } from "../../functions/sources/parser.ts";
import { apiParseInput, at, collectedAccounts, fixtureJson, fixtureText } from "./api-source-input.ts";

const WITH_SIGN_IN = "entra-users.json";
const WITHOUT_SIGN_IN = "entra-users-without-sign-in.json";

interface GraphUsersResponse {
  "@odata.context"?: string;
  "@odata.nextLink"?: string;
  value: Record<string, unknown>[];
}

function accountsOf(output: ReturnType<typeof parseEntra>): Account[] {
  if (output.records.kind !== "accounts") throw new Error(`expected accounts, got ${output.records.kind}`);
  return output.records.records;
}

function byUpn(accounts: Account[], upn: string): Account | undefined {
  return accounts.find((account) => account.username === upn);
}

function response(name = WITH_SIGN_IN): GraphUsersResponse {
  return fixtureJson(name) as GraphUsersResponse;
}

/** The fixture with `edit` applied to user `index`, re-serialised as Graph would send it. */
function withUser(index: number, edit: (user: Record<string, unknown>) => void): string {
  const body = response();
  const user = body.value[index];
  if (user === undefined) throw new Error(`no user ${index} in ${WITH_SIGN_IN}`);
  edit(user);
  return JSON.stringify(body);
}

function parse(text: string): ReturnType<typeof parseEntra> {
  return parseEntra(apiParseInput("entra", text));
}

describe("parseEntra", () => {
  describe("a GET /users response with signInActivity", () => {
    it("maps a member with every field", () => {
      // Prepare
      const text = fixtureText(WITH_SIGN_IN);

      // Act
      const output = parse(text);

      // Assess
      expect(byUpn(accountsOf(output), "alice.nguyen@acme.com")).toEqual({
        sourceId: "entra",
        accountId: "4c6a0b7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d",
        username: "alice.nguyen@acme.com",
        email: "alice.nguyen@acme.com",
        employeeId: "E1001",
        displayName: "Alice Nguyen",
        enabled: true,
        privileged: false,
        createdAt: at("2019-02-11T10:04:55Z"),
        lastLoginAt: at("2024-05-30T08:12:44Z"),
        groups: [],
        credentials: [],
      });
      expect(accountsOf(output)).toHaveLength(5);
      expect(output.rejected).toEqual([]);
    });

    it("maps accountEnabled: false to a disabled account with no disable time", () => {
      // Prepare
      const text = fixtureText(WITH_SIGN_IN);

      // Act
      const chloe = byUpn(accountsOf(parse(text)), "chloe.martin@acme.com");

      // Assess
      expect(chloe?.enabled).toBe(false);
      expect(chloe?.disabledAt).toBeUndefined();
    });

    it("keeps a guest's external mail as email and the #EXT# UPN as username", () => {
      // Prepare
      const text = fixtureText(WITH_SIGN_IN);

      // Act
      const guest = byUpn(
        accountsOf(parse(text)),
        "jordan.lee_partner.example#EXT#@acmecorp.onmicrosoft.com",
      );

      // Assess
      expect(guest).toMatchObject({ email: "jordan.lee@partner.example", enabled: true });
      expect(guest?.employeeId).toBeUndefined();
    });

    it("uses the UPN as email when mail is null, and leaves a null createdDateTime absent", () => {
      // Prepare
      const text = fixtureText(WITH_SIGN_IN);

      // Act
      const service = byUpn(accountsOf(parse(text)), "svc-backup@acmecorp.onmicrosoft.com");

      // Assess
      expect(service?.email).toBe("svc-backup@acmecorp.onmicrosoft.com");
      expect(service?.createdAt).toBeUndefined();
    });

    it("reads only interactive sign-ins: a null lastSignInDateTime is no login", () => {
      // Prepare
      const text = fixtureText(WITH_SIGN_IN);

      // Act
      const service = byUpn(accountsOf(parse(text)), "svc-backup@acmecorp.onmicrosoft.com");

      // Assess
      expect(service?.lastLoginAt).toBeUndefined();
    });

    it("reads a user without signInActivity, in an export that has it, as never signed in", () => {
      // Prepare
      const text = fixtureText(WITH_SIGN_IN);

      // Act
      const output = parse(text);

      // Assess
      expect(byUpn(accountsOf(output), "farah.haddad@acme.com")?.lastLoginAt).toBeUndefined();
      expect(output.provides.has("lastLoginAt")).toBe(true);
    });

    it("provides createdAt and lastLoginAt", () => {
      // Prepare
      const text = fixtureText(WITH_SIGN_IN);

      // Act
      const output = parse(text);

      // Assess
      expect([...output.provides].sort()).toEqual(["createdAt", "lastLoginAt"]);
    });

    it("marks accounts named in the source's privileged list, by id or by UPN", () => {
      // Prepare
      const input = apiParseInput("entra", fixtureText(WITH_SIGN_IN), {
        privileged: ["svc-backup@acmecorp.onmicrosoft.com", "4c6a0b7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"],
      });

      // Act: the collector applies the list, for every account source alike.
      const accounts = collectedAccounts(input);

      // Assess
      expect(accounts.filter((a) => a.privileged).map((a) => a.username)).toEqual([
        "alice.nguyen@acme.com",
        "svc-backup@acmecorp.onmicrosoft.com",
      ]);
    });
  });

  describe("a GET /users response without sign-in data", () => {
    it("does not provide lastLoginAt, so dormancy is not evaluated rather than everyone dormant", () => {
      // Prepare
      const text = fixtureText(WITHOUT_SIGN_IN);

      // Act
      const output = parse(text);

      // Assess
      expect([...output.provides]).toEqual(["createdAt"]);
      expect(accountsOf(output).map((a) => a.lastLoginAt)).toEqual([undefined, undefined]);
    });

    it("provides lastLoginAt when $select named signInActivity, even if no user has signed in", () => {
      // Prepare
      const body = response(WITHOUT_SIGN_IN);
      body["@odata.context"] =
        "https://graph.microsoft.com/v1.0/$metadata#users(id,userPrincipalName,accountEnabled,signInActivity)";

      // Act
      const output = parse(JSON.stringify(body));

      // Assess
      expect(output.provides.has("lastLoginAt")).toBe(true);
    });

    it("accepts a response without @odata.context (e.g. re-serialised by a script)", () => {
      // Prepare
      const body = response(WITHOUT_SIGN_IN);
      delete body["@odata.context"];

      // Act
      const output = parse(JSON.stringify(body));

      // Assess
      expect(accountsOf(output)).toHaveLength(2);
      expect(output.provides.has("lastLoginAt")).toBe(false);
    });

    it("accepts the beta endpoint and an empty tenant page", () => {
      // Prepare
      const text = JSON.stringify({
        "@odata.context": "https://graph.microsoft.com/beta/$metadata#users",
        value: [],
      });

      // Act
      const output = parse(text);

      // Assess
      expect(accountsOf(output)).toEqual([]);
    });
  });

  describe("rejected records", () => {
    it.each<[string, (user: Record<string, unknown>) => void, string, string]>([
      [
        "a missing id",
        (user) => {
          delete user.id;
        },
        "id",
        "expected a non-empty string, got nothing",
      ],
      [
        "an accountEnabled that is not a boolean",
        (user) => {
          user.accountEnabled = "True";
        },
        "accountEnabled",
        'expected true or false, got "True"',
      ],
      [
        "a missing accountEnabled",
        (user) => {
          delete user.accountEnabled;
        },
        "accountEnabled",
        "expected true or false, got nothing",
      ],
      [
        "a signInActivity that is not an object",
        (user) => {
          user.signInActivity = "2024-05-30T08:12:44Z";
        },
        "signInActivity",
        'expected an object or null, got "2024-05-30T08:12:44Z"',
      ],
      [
        "an employeeId that is not a string",
        (user) => {
          user.employeeId = { value: "E1001" };
        },
        "employeeId",
        "expected a string or null, got an object",
      ],
    ])("rejects %s", (_case, edit, field, reason) => {
      // Prepare
      const text = withUser(0, edit);

      // Act
      const output = parse(text);

      // Assess
      expect(output.rejected).toEqual([{ record: "value[0]", field, reason }]);
      expect(accountsOf(output)).toHaveLength(4);
    });

    it.each<[string, (user: Record<string, unknown>) => void, string, string]>([
      [
        "a createdDateTime that is not a timestamp",
        (user) => {
          user.createdDateTime = "02/11/2019 10:04:55";
        },
        "createdDateTime",
        'expected an ISO 8601 timestamp, got "02/11/2019 10:04:55"',
      ],
      [
        "a lastSignInDateTime that is not a timestamp",
        (user) => {
          user.signInActivity = { lastSignInDateTime: "0001-01-01T00:00:00Zulu" };
        },
        "signInActivity.lastSignInDateTime",
        'expected an ISO 8601 timestamp, got "0001-01-01T00:00:00Zulu"',
      ],
    ])("drops %s with a warning, keeps the record and holds its findings", (_case, edit, field, reason) => {
      // Prepare
      const text = withUser(0, edit);

      // Act
      const output = parse(text);

      // Assess
      expect(output.rejected).toEqual([]);
      expect(output.warnings).toEqual([
        { record: "value[0]", field, reason: `${reason}; the value is dropped and the record kept` },
      ]);
      expect(accountsOf(output)).toHaveLength(5);
      expect(output.held).toHaveLength(1);
    });

    it("rejects an entry that is not a user object and a duplicate id", () => {
      // Prepare
      const body = response();
      const users: unknown[] = body.value;
      users.push(7, body.value[1]);

      // Act
      const output = parse(JSON.stringify(body));

      // Assess
      expect(output.rejected).toEqual([
        { record: "value[5]", field: "(record)", reason: "expected a user object, got number 7" },
        {
          record: "value[6]",
          field: "id",
          reason:
            'expected a unique id, got "8d2e4f60-3b1a-4c9d-a8e7-f6d5c4b3a291" which is also at value[1]',
        },
      ]);
    });
  });

  describe("files that cannot be used at all", () => {
    const file = "/org/sources/entra.json";

    it.each<[string, unknown, string]>([
      ["a JSON array", [], "expected a Graph GET /users response object, got an array"],
      [
        "a Graph error",
        {
          error: {
            code: "Authorization_RequestDenied",
            message: "Insufficient privileges to complete the operation.",
            innerError: { date: "2024-05-31T10:00:00", "request-id": "5f1c…", "client-request-id": "5f1c…" },
          },
        },
        'expected a Graph GET /users response, got API error "Authorization_RequestDenied": "Insufficient privileges to complete the operation."',
      ],
      [
        "another collection",
        { "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#groups", value: [] },
        'field "@odata.context": expected a users collection (…/$metadata#users), got "https://graph.microsoft.com/v1.0/$metadata#groups"',
      ],
      [
        "a response without value",
        { "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users" },
        'field "value": expected an array of users, got nothing',
      ],
      [
        "one page of a longer list",
        {
          "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users",
          "@odata.nextLink": "https://graph.microsoft.com/v1.0/users?$skiptoken=RFNwdAIAAQAAAD8",
          value: [],
        },
        'field "@odata.nextLink" is set: this is one page of a longer list; follow @odata.nextLink to the last page and merge every value[] into one response',
      ],
    ])("fails on %s", (_case, body, detail) => {
      // Prepare
      const text = JSON.stringify(body);

      // Act
      const act = () => parse(text);

      // Assess
      expect(act).toThrow(SourceFormatError);
      expect(act).toThrow(`${file}: ${detail}`);
    });

    it("fails once, not per user, when the export did not select accountEnabled", () => {
      // Prepare
      const body = response();
      for (const user of body.value) delete user.accountEnabled;

      // Act
      const act = () => parse(JSON.stringify(body));

      // Assess
      expect(act).toThrow(
        `${file}: no user carries "accountEnabled": export with $select including accountEnabled (it is not in the default property set)`,
      );
    });

    it("fails on text that is not JSON", () => {
      // Prepare
      const text = "";

      // Act
      const act = () => parse(text);

      // Assess
      expect(act).toThrow(`${file}: not valid JSON: the file is empty`);
    });
  });
});
