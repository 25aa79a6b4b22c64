import { afterEach, describe, expect, it } from "vitest";
import type { SourceConfig } from "../../../functions/config/schema.ts";
import { fixtureJson, fixtureText } from "../api-source-input.ts";
import type { FakeApi, Fault } from "./fake-api.ts";
import { startFakeScim } from "./fakes/scim.ts";
import {
  brokenOffEveryAttempt,
  expectFileFormRecords,
  liveFailure,
  parseFileForm,
  readLive,
  recordsById,
} from "./live-harness.ts";

const TOKEN = "xoxp-scim-7a1c2e9f4b8d0c3e5a6f";
const ENV = { SLACK_SCIM_TOKEN: TOKEN };
const FIXTURE = "scim-users.json";
const users = (fixtureJson(FIXTURE) as { Resources: unknown[] }).Resources;

let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function serve(faults: Fault[] = [], token = TOKEN, usersAt?: (n: number) => readonly unknown[]) {
  const fake = await startFakeScim({ users, token, maxPageSize: 2, faults, ...(usersAt && { usersAt }) });
  api = fake;
  const source: SourceConfig = {
    id: "slack",
    kind: "accounts",
    format: "scim",
    url: fake.base,
    credential: { env: "SLACK_SCIM_TOKEN" },
  };
  return { fake, source };
}

describe("scim live reader", () => {
  it("reads every page and gives exactly the records of the file form", async () => {
    // Prepare
    const { fake, source } = await serve();

    // Act
    const { collected, exported } = await readLive(source, { env: ENV });

    // Assess
    expectFileFormRecords(collected, source, fixtureText(FIXTURE));
    expect(exported.live).toMatchObject({ pages: 3 });
    expect(fake.requests.map((r) => r.query.get("startIndex"))).toEqual(["1", "3", "5"]);
    expect(fake.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it("stores a snapshot in the file form: one ListResponse with every user", async () => {
    // Prepare
    const { source } = await serve();

    // Act
    const { exported } = await readLive(source, { env: ENV });

    // Assess
    const snapshot = JSON.parse(exported.text) as Record<string, unknown>;
    expect(snapshot.schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:ListResponse"]);
    expect(snapshot.totalResults).toBe(users.length);
    expect(snapshot.Resources).toEqual(users);
    expect(exported.text).not.toContain(TOKEN);
  });

  it("waits as a 429's Retry-After says, retries a 5xx, and reads on", async () => {
    // Prepare
    const { source, fake } = await serve([
      { nth: 2, answer: { status: 429, headers: { "retry-after": "12" } } },
      { nth: 3, answer: { status: 503 } },
    ]);

    // Act
    const { collected, waits } = await readLive(source, { env: ENV });

    // Assess
    expect(recordsById(collected)).toEqual(recordsById(parseFileForm(source, fixtureText(FIXTURE))));
    expect(waits[0]).toBe(12_000);
    expect(waits).toHaveLength(2);
    expect(fake.requests).toHaveLength(5);
  });

  it("fails the source at once when Retry-After asks for longer than the client waits, saying so", async () => {
    // Prepare
    const { source, fake } = await serve([
      { nth: 2, answer: { status: 429, headers: { "retry-after": "3600" } } },
    ]);

    // Act
    const message = await liveFailure(source, { env: ENV });

    // Assess
    expect(message).toBe(
      `source "slack": GET ${fake.base}/Users?startIndex=3&count=1000 failed: HTTP 429; the system asked to wait 3600 s before trying again, longer than the 65 s this client waits at most (after 1 attempt)`,
    );
    expect(fake.requests).toHaveLength(2);
  });

  it("fails the source on an auth failure, naming the source, URL and credential but not the secret", async () => {
    // Prepare
    const { source, fake } = await serve([], "another-token");

    // Act
    const message = await liveFailure(source, { env: ENV });

    // Assess
    expect(message).toBe(
      `source "slack": GET ${fake.base}/Users?startIndex=1&count=1000 failed: HTTP 401: invalid_authentication (after 1 attempt): the API did not accept the credential {"env": "SLACK_SCIM_TOKEN"}; check that it is current`,
    );
    expect(message).not.toContain(TOKEN);
  });

  it("fails the source on a malformed page instead of passing on the pages before it", async () => {
    // Prepare
    const { source } = await serve([{ nth: 2, answer: { status: 200, json: { Resources: "none" } } }]);

    // Act
    const message = await liveFailure(source, { env: ENV });

    // Assess
    expect(message).toMatch(
      /^source "slack": the page http:\/\/127\.0\.0\.1:\d+\/scim\/v2\/Users\?startIndex=3&count=1000 is not as documented: expected a SCIM ListResponse/,
    );
  });

  it("fails the source saying so when a page is a web page served with 200", async () => {
    // Prepare: a sign-in page in the API's place, as a proxy or a wrong base URL gives.
    const signIn = {
      status: 200,
      headers: { "content-type": "text/html; charset=utf-8" },
      text: "<!DOCTYPE html><html><head><title>Sign in</title></head><body>Sign in</body></html>",
    };
    const { source, fake } = await serve([{ nth: 2, answer: signIn }]);

    // Act
    const message = await liveFailure(source, { env: ENV });

    // Assess
    expect(message).toBe(
      `source "slack": ${fake.base}/Users?startIndex=3&count=1000 answered with a web page, not JSON: check that the source's "url" is the API's, and that no sign-in page or proxy answers in its place`,
    );
  });

  it("says a page is a web page by its first bytes when its type does not", async () => {
    // Prepare
    const page = { status: 200, headers: { "content-type": "application/json" }, text: "\n<html><body>oops" };
    const { source } = await serve([{ nth: 1, answer: page }]);

    // Act
    const message = await liveFailure(source, { env: ENV });

    // Assess
    expect(message).toContain("answered with a web page, not JSON");
  });

  it("fails the source when a page's body breaks off, after retrying it", async () => {
    // Prepare
    const { source } = await serve(
      brokenOffEveryAttempt('{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"Resou'),
    );

    // Act
    const message = await liveFailure(source, { env: ENV });

    // Assess
    expect(message).toContain("failed: the answer broke off before its end");
    expect(message).toContain("(after 6 attempts)");
  });

  it("fails the source when the listing ends before the users it announced", async () => {
    // Prepare
    const empty = {
      status: 200,
      json: {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        totalResults: 5,
        Resources: [],
      },
    };
    const { source } = await serve([{ nth: 3, answer: empty }]);

    // Act
    const message = await liveFailure(source, { env: ENV });

    // Assess
    expect(message).toBe(
      'source "slack": the listing gave 4 of the 5 users it announced (it may have changed during the read); the read stops rather than pass on part of it',
    );
  });

  it("fails the source when a user is deleted during the read and totalResults drops", async () => {
    // Prepare: after the first page, the last user is gone and every later page announces 4.
    const { source, fake } = await serve([], TOKEN, (n) => (n === 1 ? users : users.slice(0, -1)));

    // Act
    const message = await liveFailure(source, { env: ENV });

    // Assess
    expect(message).toBe(
      `source "slack": the listing announced 5 users on its first page but 4 on the page ${fake.base}/Users?startIndex=3&count=1000 (it changed during the read); the read stops rather than pass on part of it`,
    );
  });

  it("fails the source when totalResults rises during the read", async () => {
    // Prepare
    const { source } = await serve([], TOKEN, (n) => (n === 1 ? users : [...users, { id: "late" }]));

    // Act
    const message = await liveFailure(source, { env: ENV });

    // Assess
    expect(message).toContain("the listing announced 5 users on its first page but 6 on the page");
  });

  it("stops at the page cap rather than read without end", async () => {
    // Prepare
    const { source } = await serve();

    // Act
    const message = await liveFailure(source, { env: ENV, settings: { limits: { maxPages: 2 } } });

    // Assess
    expect(message).toBe(
      'source "slack": the listing goes on past 2 pages, the cap for one source; the read stops rather than pass on part of it',
    );
  });

  it("stops at the byte cap", async () => {
    // Prepare
    const { source } = await serve();

    // Act
    const message = await liveFailure(source, { env: ENV, settings: { limits: { maxBytes: 2000 } } });

    // Assess
    expect(message).toBe('source "slack": the data read is larger than the cap of 0 MiB for one source');
  });

  it("fails the source when the credential is not set", async () => {
    // Prepare
    const { source } = await serve();

    // Act
    const message = await liveFailure(source, { env: {} });

    // Assess
    expect(message).toBe('source "slack": credential: environment variable SLACK_SCIM_TOKEN is not set');
  });
});
