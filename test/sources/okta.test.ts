import { describe, expect, it } from "vitest";
import type { Account } from "../../functions/core/model.ts";
import { parseOkta } from "../../functions/sources/okta.ts";
import { SourceFormatError } from "../../functions/sources/parser.ts";
import { apiParseInput, at, collectedAccounts, fixtureJson, fixtureText } from "./api-source-input.ts";

const FIXTURE = "okta-users.json";

function accountsOf(output: ReturnType<typeof parseOkta>): Account[] {
  if (output.records.kind !== "accounts") throw new Error(`expected accounts, got ${output.records.kind}`);
  return output.records.records;
}

function byId(accounts: Account[], id: string): Account | undefined {
  return accounts.find((account) => account.accountId === id);
}

/** The fixture with `edit` applied to user `index`, re-serialised as the API would send it. */
function withUser(index: number, edit: (user: Record<string, unknown>) => void): string {
  const users = fixtureJson(FIXTURE) as Record<string, unknown>[];
  const user = users[index];
  if (user === undefined) throw new Error(`no user ${index} in ${FIXTURE}`);
  edit(user);
  return JSON.stringify(users);
}

function profileOf(user: Record<string, unknown>): Record<string, unknown> {
  return user.profile as Record<string, unknown>;
}

describe("parseOkta", () => {
  describe("a GET /api/v1/users response", () => {
    it("maps an active user with every field", () => {
      // Prepare
      const input = apiParseInput("okta", fixtureText(FIXTURE));

      // Act
      const output = parseOkta(input);

      // Assess
      expect(byId(accountsOf(output), "00u1f96ECLNVOKVMUSEA")).toEqual({
        sourceId: "okta",
        accountId: "00u1f96ECLNVOKVMUSEA",
        username: "alice.nguyen@acme.com",
        email: "alice.nguyen@acme.com",
        employeeId: "E1001",
        displayName: "Alice Nguyen",
        enabled: true,
        privileged: false,
        createdAt: at("2021-03-08T14:02:11.000Z"),
        lastLoginAt: at("2024-05-28T07:45:03.000Z"),
        groups: [],
        credentials: [],
      });
      expect(output.rejected).toEqual([]);
      expect(accountsOf(output)).toHaveLength(7);
    });

    it("reads lastLogin: null as never logged in", () => {
      // Prepare
      const input = apiParseInput("okta", fixtureText(FIXTURE));

      // Act
      const bruno = byId(accountsOf(parseOkta(input)), "00u1f9cMYQZFMPVXIDLN");

      // Assess
      expect(bruno?.enabled).toBe(true);
      expect(bruno?.lastLoginAt).toBeUndefined();
    });

    it.each([
      ["SUSPENDED", "00u1fa2RSKWDHJQPXNTB", "2024-05-17T21:04:33.000Z"],
      ["DEPROVISIONED", "00u1fb7KJHGFDSAQWERT", "2024-03-02T00:17:55.000Z"],
    ])("treats %s as disabled at statusChanged", (_status, id, statusChanged) => {
      // Prepare
      const input = apiParseInput("okta", fixtureText(FIXTURE));

      // Act
      const account = byId(accountsOf(parseOkta(input)), id);

      // Assess
      expect(account?.enabled).toBe(false);
      expect(account?.disabledAt).toBe(at(statusChanged));
    });

    it.each([
      ["LOCKED_OUT", "00u1fc9LOCKEDOUTUSR1"],
      ["STAGED", "00u1fd0STAGEDUSER001"],
    ])("treats %s as enabled, with no disable time", (_status, id) => {
      // Prepare
      const input = apiParseInput("okta", fixtureText(FIXTURE));

      // Act
      const account = byId(accountsOf(parseOkta(input)), id);

      // Assess
      expect(account?.enabled).toBe(true);
      expect(account?.disabledAt).toBeUndefined();
    });

    it("keeps login and email apart and leaves a missing employeeNumber absent", () => {
      // Prepare
      const input = apiParseInput("okta", fixtureText(FIXTURE));

      // Act
      const service = byId(accountsOf(parseOkta(input)), "00u1fe4SVCBACKUP0001");

      // Assess
      expect(service).toMatchObject({ username: "svc-backup@acme.com", email: "it-ops@acme.com" });
      expect(service?.employeeId).toBeUndefined();
    });

    it("provides lastLoginAt, disabledAt and createdAt", () => {
      // Prepare
      const input = apiParseInput("okta", fixtureText(FIXTURE));

      // Act
      const output = parseOkta(input);

      // Assess
      expect([...output.provides].sort()).toEqual(["createdAt", "disabledAt", "lastLoginAt"]);
    });

    it("marks accounts named in the source's privileged list, by id or by login", () => {
      // Prepare
      const input = apiParseInput("okta", fixtureText(FIXTURE), {
        privileged: ["00u1f96ECLNVOKVMUSEA", "svc-backup@acme.com"],
      });

      // Act: the collector applies the list, for every account source alike.
      const accounts = collectedAccounts(input);

      // Assess
      expect(accounts.filter((a) => a.privileged).map((a) => a.accountId)).toEqual([
        "00u1f96ECLNVOKVMUSEA",
        "00u1fe4SVCBACKUP0001",
      ]);
    });

    it("accepts an employeeNumber typed as a number in a custom profile schema", () => {
      // Prepare
      const text = withUser(0, (user) => {
        profileOf(user).employeeNumber = 1001;
      });

      // Act
      const alice = accountsOf(parseOkta(apiParseInput("okta", text)))[0];

      // Assess
      expect(alice?.employeeId).toBe("1001");
    });

    it("reads an empty array as a source with no users", () => {
      // Prepare
      const input = apiParseInput("okta", "[]");

      // Act
      const output = parseOkta(input);

      // Assess
      expect(accountsOf(output)).toEqual([]);
      expect(output.rejected).toEqual([]);
    });
  });

  describe("an export without the lastLogin key", () => {
    it("reads every user with its last sign-in unknown: the source provides no lastLoginAt, and one warning says why", () => {
      // Prepare: a script that kept only some of each user's keys.
      const users = fixtureJson(FIXTURE) as Record<string, unknown>[];
      for (const user of users) delete user.lastLogin;

      // Act
      const output = parseOkta(apiParseInput("okta", JSON.stringify(users)));

      // Assess
      expect(accountsOf(output)).toHaveLength(7);
      expect(output.rejected).toEqual([]);
      expect([...output.provides].sort()).toEqual(["createdAt", "disabledAt"]);
      expect(output.warnings).toEqual([
        {
          record: "[0], [1], [2], [3], [4], … (7 records)",
          field: "lastLogin",
          reason:
            'no "lastLogin" key in 7 of 7 users: Okta writes it on every user (null for one who never signed in), so their last sign-in is unknown; read without last sign-ins, so dormant-account and unused-license (for active people) are not evaluated on this source (export the users as GET /api/v1/users returns them)',
        },
      ]);
    });

    it("reads the whole source without last sign-ins when only some users lack the key", () => {
      // Prepare
      const users = fixtureJson(FIXTURE) as Record<string, unknown>[];
      for (const index of [2, 4]) delete users[index]?.lastLogin;

      // Act
      const output = parseOkta(apiParseInput("okta", JSON.stringify(users)));

      // Assess
      expect(accountsOf(output)).toHaveLength(7);
      expect(output.provides.has("lastLoginAt")).toBe(false);
      expect(output.warnings).toEqual([
        expect.objectContaining({
          record: "[2], [4]",
          field: "lastLogin",
          reason: expect.stringMatching(/^no "lastLogin" key in 2 of 7 users: /),
        }),
      ]);
    });

    it("tells lastLogin: null, a user who never signed in, from a missing key", () => {
      // Prepare: two users of the fixture carry "lastLogin": null.
      const input = apiParseInput("okta", fixtureText(FIXTURE));

      // Act
      const output = parseOkta(input);

      // Assess
      expect(output.provides.has("lastLoginAt")).toBe(true);
      expect(output.warnings).toEqual([]);
    });
  });

  describe("rejected records", () => {
    it("rejects an unknown status, naming the record, field and the allowed values", () => {
      // Prepare
      const text = withUser(1, (user) => {
        user.status = "FOO";
      });

      // Act
      const output = parseOkta(apiParseInput("okta", text));

      // Assess
      expect(output.rejected).toEqual([
        {
          record: "[1]",
          field: "status",
          reason:
            'expected one of STAGED, PROVISIONED, ACTIVE, RECOVERY, PASSWORD_EXPIRED, LOCKED_OUT, SUSPENDED, DEPROVISIONED, got "FOO"',
        },
      ]);
      expect(accountsOf(output)).toHaveLength(6);
    });

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
        "an empty id",
        (user) => {
          user.id = "";
        },
        "id",
        'expected a non-empty string, got ""',
      ],
      [
        "a missing status",
        (user) => {
          user.status = null;
        },
        "status",
        "expected a non-empty string, got null",
      ],
      [
        "no profile",
        (user) => {
          delete user.profile;
        },
        "profile",
        "expected an object, got nothing",
      ],
      [
        "a login that is not a string",
        (user) => {
          profileOf(user).login = ["alice"];
        },
        "profile.login",
        "expected a string or null, got an array",
      ],
      [
        "an email that is not a string",
        (user) => {
          profileOf(user).email = 42;
        },
        "profile.email",
        "expected a string or null, got number 42",
      ],
    ])("rejects %s", (_case, edit, field, reason) => {
      // Prepare
      const text = withUser(0, edit);

      // Act
      const output = parseOkta(apiParseInput("okta", text));

      // Assess
      expect(output.rejected).toEqual([{ record: "[0]", field, reason }]);
      expect(accountsOf(output)).toHaveLength(6);
    });

    it.each<[string, (user: Record<string, unknown>) => void, string, string]>([
      [
        "a lastLogin that is not a timestamp",
        (user) => {
          user.lastLogin = "last tuesday";
        },
        "lastLogin",
        'expected an ISO 8601 timestamp, got "last tuesday"',
      ],
      [
        "a created that is not a timestamp",
        (user) => {
          user.created = "2021-13-01T10:00:00.000Z";
        },
        "created",
        'expected an ISO 8601 timestamp, got "2021-13-01T10:00:00.000Z"',
      ],
    ])("drops %s with a warning, keeps the user and holds its findings", (_case, edit, field, reason) => {
      // Prepare
      const text = withUser(0, edit);

      // Act
      const output = parseOkta(apiParseInput("okta", text));

      // Assess
      expect(output.rejected).toEqual([]);
      expect(output.warnings).toEqual([
        { record: "[0]", field, reason: `${reason}; the value is dropped and the record kept` },
      ]);
      expect(accountsOf(output)).toHaveLength(7);
      expect(output.held).toEqual([`account:${accountsOf(output)[0]?.accountId}`]);
    });

    it("drops a bad statusChanged only where it is the disable time", () => {
      // Prepare
      const users = fixtureJson(FIXTURE) as Record<string, unknown>[];
      for (const user of users) user.statusChanged = "yesterday";

      // Act
      const output = parseOkta(apiParseInput("okta", JSON.stringify(users)));

      // Assess
      expect(output.rejected).toEqual([]);
      expect(output.warnings?.map((r) => [r.record, r.field])).toEqual([
        ["[2]", "statusChanged"],
        ["[3]", "statusChanged"],
      ]);
    });

    it("holds the findings of a rejected user whose id is readable", () => {
      // Prepare
      const text = withUser(0, (user) => {
        delete user.profile;
      });

      // Act
      const output = parseOkta(apiParseInput("okta", text));

      // Assess
      const users = fixtureJson(FIXTURE) as { id: string }[];
      expect(output.held).toEqual([`account:${users[0]?.id}`]);
    });

    it("rejects an entry that is not a user object", () => {
      // Prepare
      const users = fixtureJson(FIXTURE) as unknown[];
      users.splice(2, 0, null);

      // Act
      const output = parseOkta(apiParseInput("okta", JSON.stringify(users)));

      // Assess
      expect(output.rejected).toEqual([
        { record: "[2]", field: "(record)", reason: "expected a user object, got null" },
      ]);
    });

    it("rejects a second user with an id already seen, pointing at the first", () => {
      // Prepare
      const users = fixtureJson(FIXTURE) as unknown[];
      users.push(users[0]);

      // Act
      const output = parseOkta(apiParseInput("okta", JSON.stringify(users)));

      // Assess
      expect(output.rejected).toEqual([
        {
          record: "[7]",
          field: "id",
          reason: 'expected a unique id, got "00u1f96ECLNVOKVMUSEA" which is also at [0]',
        },
      ]);
      expect(accountsOf(output)).toHaveLength(7);
    });
  });

  describe("files that cannot be used at all", () => {
    it("fails on text that is not JSON, with the file and the line and column but no content", () => {
      // Prepare
      const text = '[\n  {"id": "00u1", "profile": {"email": "alice@acme.com",}}\n]';

      // Act
      const act = () => parseOkta(apiParseInput("okta", text));

      // Assess
      expect(act).toThrow(SourceFormatError);
      expect(act).toThrow(/^\/org\/sources\/okta\.json: not valid JSON: .* at line 2, column 56$/);
      expect(act).not.toThrow(/alice/);
    });

    it("fails on an HTML page without quoting it", () => {
      // Prepare
      const text = "<html><body>Sign in to alice@acme.com</body></html>";

      // Act
      const act = () => parseOkta(apiParseInput("okta", text));

      // Assess
      expect(act).toThrow(/not valid JSON: Unexpected token '<' at line 1, column 1$/);
    });

    it("fails on an empty file", () => {
      // Prepare
      const input = apiParseInput("okta", "  \n");

      // Act
      const act = () => parseOkta(input);

      // Assess
      expect(act).toThrow("/org/sources/okta.json: not valid JSON: the file is empty");
    });

    it("fails on an Okta error response, naming the error", () => {
      // Prepare
      const text = JSON.stringify({
        errorCode: "E0000011",
        errorSummary: "Invalid token provided",
        errorLink: "E0000011",
        errorId: "oaeY7mXqZ3TQ2mP9tUvXyZ1aQ",
        errorCauses: [],
      });

      // Act
      const act = () => parseOkta(apiParseInput("okta", text));

      // Assess
      expect(act).toThrow(
        "/org/sources/okta.json: expected the JSON array of users from GET /api/v1/users, got Okta error E0000011 (Invalid token provided)",
      );
    });

    it("fails on a JSON value that is not an array", () => {
      // Prepare
      const text = JSON.stringify({ users: fixtureJson(FIXTURE) });

      // Act
      const act = () => parseOkta(apiParseInput("okta", text));

      // Assess
      expect(act).toThrow(
        "/org/sources/okta.json: expected the JSON array of users from GET /api/v1/users, got an object",
      );
    });
  });
});
