import { describe, expect, it } from "vitest";
import type { Account } from "../../functions/core/model.ts";
import { parseGoogleWorkspace } from "../../functions/sources/google-workspace.ts";
import { SourceFormatError } from "../../functions/sources/parser.ts";
import { apiParseInput, at, collectedAccounts, fixtureJson, fixtureText } from "./api-source-input.ts";

const FIXTURE = "google-workspace-users.json";

interface UsersListResponse {
  kind: string;
  users: Record<string, unknown>[];
  nextPageToken?: string;
}

function accountsOf(output: ReturnType<typeof parseGoogleWorkspace>): Account[] {
  if (output.records.kind !== "accounts") throw new Error(`expected accounts, got ${output.records.kind}`);
  return output.records.records;
}

function byEmail(accounts: Account[], email: string): Account | undefined {
  return accounts.find((account) => account.email === email);
}

function response(): UsersListResponse {
  return fixtureJson(FIXTURE) as UsersListResponse;
}

/** The fixture with `edit` applied to user `index`, re-serialised as the API would send it. */
function withUser(index: number, edit: (user: Record<string, unknown>) => void): string {
  const body = response();
  const user = body.users[index];
  if (user === undefined) throw new Error(`no user ${index} in ${FIXTURE}`);
  edit(user);
  return JSON.stringify(body);
}

function parse(text: string): ReturnType<typeof parseGoogleWorkspace> {
  return parseGoogleWorkspace(apiParseInput("google-workspace", text));
}

describe("parseGoogleWorkspace", () => {
  describe("a users.list response", () => {
    it("maps a super admin with every field", () => {
      // Prepare
      const text = fixtureText(FIXTURE);

      // Act
      const output = parse(text);

      // Assess
      expect(byEmail(accountsOf(output), "alice.nguyen@acme.com")).toEqual({
        sourceId: "google-workspace",
        accountId: "104897236451023987654",
        username: "alice.nguyen",
        email: "alice.nguyen@acme.com",
        employeeId: "E1001",
        displayName: "Alice Nguyen",
        enabled: true,
        privileged: true,
        createdAt: at("2019-02-11T10:04:55.000Z"),
        lastLoginAt: at("2024-05-30T08:12:44.000Z"),
        groups: [],
        credentials: [],
      });
      expect(accountsOf(output)).toHaveLength(6);
      expect(output.rejected).toEqual([]);
    });

    it("treats a delegated admin as privileged and picks the organization external id", () => {
      // Prepare
      const text = fixtureText(FIXTURE);

      // Act
      const bruno = byEmail(accountsOf(parse(text)), "bruno.costa@acme.com");

      // Assess
      expect(bruno).toMatchObject({ privileged: true, employeeId: "E1002" });
    });

    it.each([
      ["suspended", "chloe.martin@acme.com"],
      ["archived", "dmitri.ivanov@acme.com"],
    ])("treats a %s user as disabled, with no disable time", (_state, email) => {
      // Prepare
      const text = fixtureText(FIXTURE);

      // Act
      const account = byEmail(accountsOf(parse(text)), email);

      // Assess
      expect(account?.enabled).toBe(false);
      expect(account?.disabledAt).toBeUndefined();
    });

    it("reads a lastLoginTime of the Unix epoch as never logged in", () => {
      // Prepare
      const text = fixtureText(FIXTURE);

      // Act
      const farah = byEmail(accountsOf(parse(text)), "farah.haddad@acme.com");

      // Assess
      expect(farah?.lastLoginAt).toBeUndefined();
      expect(farah?.createdAt).toBe(at("2024-05-30T20:00:00.000Z"));
    });

    it("leaves the employee id absent without an organization external id", () => {
      // Prepare
      const text = fixtureText(FIXTURE);

      // Act
      const accounts = accountsOf(parse(text));

      // Assess
      expect(byEmail(accounts, "dmitri.ivanov@acme.com")?.employeeId).toBeUndefined();
      expect(byEmail(accounts, "scanner@acme.com")?.employeeId).toBeUndefined();
    });

    it("treats absent admin, suspended and archived flags as false", () => {
      // Prepare
      const text = withUser(5, (user) => {
        delete user.isAdmin;
        delete user.isDelegatedAdmin;
        delete user.suspended;
        delete user.archived;
      });

      // Act
      const scanner = byEmail(accountsOf(parse(text)), "scanner@acme.com");

      // Assess
      expect(scanner).toMatchObject({ enabled: true, privileged: false });
    });

    it("builds the display name from given and family name when fullName is missing", () => {
      // Prepare
      const text = withUser(0, (user) => {
        user.name = { givenName: "Alice", familyName: "Nguyen" };
      });

      // Act
      const alice = accountsOf(parse(text))[0];

      // Assess
      expect(alice?.displayName).toBe("Alice Nguyen");
    });

    it("marks accounts named in the source's privileged list", () => {
      // Prepare
      const input = apiParseInput("google-workspace", fixtureText(FIXTURE), { privileged: ["scanner"] });

      // Act: the collector applies the list, for every account source alike.
      const scanner = byEmail(collectedAccounts(input), "scanner@acme.com");

      // Assess
      expect(scanner?.privileged).toBe(true);
    });

    it("provides lastLoginAt, createdAt and privileged, but no disable time", () => {
      // Prepare
      const text = fixtureText(FIXTURE);

      // Act
      const output = parse(text);

      // Assess
      expect([...output.provides].sort()).toEqual(["createdAt", "lastLoginAt", "privileged"]);
    });

    it("reads a response without users as an empty domain", () => {
      // Prepare
      const text = JSON.stringify({ kind: "admin#directory#users", etag: '"abc/def"' });

      // Act
      const output = parse(text);

      // Assess
      expect(accountsOf(output)).toEqual([]);
    });
  });

  describe("an export without the lastLoginTime key", () => {
    it("reads every user with its last sign-in unknown: the source provides no lastLoginAt, and one warning says why", () => {
      // Prepare: users.list asked with a "fields" list that leaves lastLoginTime out.
      const body = response();
      for (const user of body.users) delete user.lastLoginTime;

      // Act
      const output = parse(JSON.stringify(body));

      // Assess
      expect(accountsOf(output)).toHaveLength(6);
      expect(output.rejected).toEqual([]);
      expect([...output.provides].sort()).toEqual(["createdAt", "privileged"]);
      expect(output.warnings).toEqual([
        {
          record: "users[0], users[1], users[2], users[3], users[4], … (6 records)",
          field: "lastLoginTime",
          reason:
            'no "lastLoginTime" key in 6 of 6 users: Google writes it on every user (1970-01-01T00:00:00.000Z for one who never signed in), so their last sign-in is unknown; read without last sign-ins, so dormant-account and unused-license (for active people) are not evaluated on this source (export the users as users.list returns them, with viewType admin_view and no "fields" that leaves it out)',
        },
      ]);
    });

    it("reads the whole source without last sign-ins when only one user lacks the key", () => {
      // Prepare
      const text = withUser(3, (user) => {
        delete user.lastLoginTime;
      });

      // Act
      const output = parse(text);

      // Assess
      expect(accountsOf(output)).toHaveLength(6);
      expect(output.provides.has("lastLoginAt")).toBe(false);
      expect(output.warnings).toEqual([
        expect.objectContaining({
          record: "users[3]",
          field: "lastLoginTime",
          reason: expect.stringMatching(/^no "lastLoginTime" key in 1 of 6 users: /),
        }),
      ]);
    });

    it("tells the epoch, a user who never signed in, from a missing key", () => {
      // Prepare: Farah's lastLoginTime is 1970-01-01T00:00:00.000Z.
      const text = fixtureText(FIXTURE);

      // Act
      const output = parse(text);

      // Assess
      expect(byEmail(accountsOf(output), "farah.haddad@acme.com")?.lastLoginAt).toBeUndefined();
      expect(output.provides.has("lastLoginAt")).toBe(true);
      expect(output.warnings).toEqual([]);
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
        "a suspended flag that is not a boolean",
        (user) => {
          user.suspended = "true";
        },
        "suspended",
        'expected true or false, got "true"',
      ],
      [
        "an archived flag that is not a boolean",
        (user) => {
          user.archived = 1;
        },
        "archived",
        "expected true or false, got number 1",
      ],
      [
        "an isAdmin flag that is not a boolean",
        (user) => {
          user.isAdmin = "yes";
        },
        "isAdmin",
        'expected true or false, got "yes"',
      ],
      [
        "an isDelegatedAdmin flag that is not a boolean",
        (user) => {
          user.isDelegatedAdmin = {};
        },
        "isDelegatedAdmin",
        "expected true or false, got an object",
      ],
      [
        "externalIds that are not an array",
        (user) => {
          user.externalIds = { value: "E1001", type: "organization" };
        },
        "externalIds",
        "expected an array, got an object",
      ],
      [
        "an organization external id whose value is not a string",
        (user) => {
          user.externalIds = [{ value: ["E1001"], type: "organization" }];
        },
        "externalIds[].value",
        "expected a string or null, got an array",
      ],
      [
        "a name that is not an object",
        (user) => {
          user.name = "Alice Nguyen";
        },
        "name",
        'expected an object or null, got "Alice Nguyen"',
      ],
      [
        "a primaryEmail that is not a string",
        (user) => {
          user.primaryEmail = false;
        },
        "primaryEmail",
        "expected a string or null, got boolean false",
      ],
    ])("rejects %s", (_case, edit, field, reason) => {
      // Prepare
      const text = withUser(0, edit);

      // Act
      const output = parse(text);

      // Assess
      expect(output.rejected).toEqual([{ record: "users[0]", field, reason }]);
      expect(accountsOf(output)).toHaveLength(5);
    });

    it.each<[string, (user: Record<string, unknown>) => void, string, string]>([
      [
        "a lastLoginTime that is not a timestamp",
        (user) => {
          user.lastLoginTime = "never";
        },
        "lastLoginTime",
        'expected an ISO 8601 timestamp, got "never"',
      ],
      [
        "a creationTime that is not a timestamp",
        (user) => {
          user.creationTime = "11/02/2019 10:04";
        },
        "creationTime",
        'expected an ISO 8601 timestamp, got "11/02/2019 10:04"',
      ],
    ])("drops %s with a warning, keeps the record and holds its findings", (_case, edit, field, reason) => {
      // Prepare
      const text = withUser(0, edit);

      // Act
      const output = parse(text);

      // Assess
      expect(output.rejected).toEqual([]);
      expect(output.warnings).toEqual([
        { record: "users[0]", field, reason: `${reason}; the value is dropped and the record kept` },
      ]);
      expect(accountsOf(output)).toHaveLength(6);
      expect(output.held).toHaveLength(1);
    });

    it("reads a creationTime without an offset (Google always writes one) in the org zone", () => {
      // Prepare
      const text = withUser(1, (user) => {
        user.creationTime = "2020-09-01 13:00:00";
      });

      // Act
      const bruno = byEmail(accountsOf(parse(text)), "bruno.costa@acme.com");

      // Assess
      expect(bruno?.createdAt).toBe(at("2020-09-01T17:00:00.000Z"));
    });

    it("rejects an entry that is not a user object and a duplicate id", () => {
      // Prepare
      const body = response();
      const users: unknown[] = body.users;
      users.push("alice", body.users[0]);

      // Act
      const output = parse(JSON.stringify(body));

      // Assess
      expect(output.rejected).toEqual([
        { record: "users[6]", field: "(record)", reason: 'expected a user object, got "alice"' },
        {
          record: "users[7]",
          field: "id",
          reason: 'expected a unique id, got "104897236451023987654" which is also at users[0]',
        },
      ]);
    });
  });

  describe("files that cannot be used at all", () => {
    const file = "/org/sources/google-workspace.json";

    it.each<[string, unknown, string]>([
      ["a JSON array", [], "expected a users.list response object, got an array"],
      [
        "an API error",
        { error: { code: 403, message: "Not Authorized to access this resource/api", errors: [] } },
        'expected a users.list response, got API error number 403: "Not Authorized to access this resource/api"',
      ],
      [
        "another resource",
        { kind: "admin#directory#groups", groups: [] },
        'field "kind": expected "admin#directory#users", got "admin#directory#groups"',
      ],
      [
        "a response with neither kind nor users",
        { etag: '"abc"' },
        'field "users": expected an array of users in a "admin#directory#users" response, got nothing',
      ],
      [
        "users that are not an array",
        { kind: "admin#directory#users", users: { id: "1" } },
        'field "users": expected an array of users in a "admin#directory#users" response, got an object',
      ],
      [
        "one page of a longer list",
        { kind: "admin#directory#users", users: [], nextPageToken: "Q0FFU0FCZ0JJQUVJ" },
        'field "nextPageToken" is set: this is one page of a longer list; fetch every page (pageToken) and merge their users[] into one response',
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

    it("fails on text that is not JSON", () => {
      // Prepare
      const text = fixtureText(FIXTURE).slice(0, 200);

      // Act
      const act = () => parse(text);

      // Assess
      expect(act).toThrow(/^\/org\/sources\/google-workspace\.json: not valid JSON: /);
    });
  });
});
