import { afterEach, describe, expect, it } from "vitest";
import type { SourceConfig } from "../../../functions/config/schema.ts";
import { fixtureJson, fixtureText } from "../api-source-input.ts";
import type { FakeApi, Fault } from "./fake-api.ts";
import { READONLY_SCOPE, serviceAccountKey, startFakeGoogle } from "./fakes/google.ts";
import { brokenOffEveryAttempt, expectFileFormRecords, liveFailure, readLive } from "./live-harness.ts";

const FIXTURE = "google-workspace-users.json";
const users = (fixtureJson(FIXTURE) as { users: unknown[] }).users;
const SUBJECT = "it-admin@acme.com";

/** One RSA key for the file: generating one takes a while. */
const generated = serviceAccountKey("http://127.0.0.1:1/token");

let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

/** The key's token_uri names the fake, which starts after the key is made. */
async function serve(options: { faults?: Fault[]; subject?: string } = {}) {
  const key = { ...generated.key };
  const { publicKey } = generated;
  const fake = await startFakeGoogle({
    users,
    publicKey,
    clientEmail: key.client_email,
    subject: options.subject ?? SUBJECT,
    maxPageSize: 2,
    faults: options.faults ?? [],
  });
  api = fake;
  key.token_uri = `${fake.url}/token`;
  const source: SourceConfig = {
    id: "google",
    kind: "accounts",
    format: "google-workspace",
    url: fake.url,
    credential: { env: "GOOGLE_SA_KEY" },
    subject: SUBJECT,
  };
  return { fake, source, env: { GOOGLE_SA_KEY: JSON.stringify(key) }, key };
}

const isUsers = { matches: (r: { path: string }) => r.path === "/admin/directory/v1/users" };

describe("google-workspace live reader", () => {
  it("signs in as the admin through the key's token_uri, pages users.list, and gives the file form's records", async () => {
    // Prepare
    const { fake, source, env } = await serve();

    // Act
    const { collected, exported } = await readLive(source, { env });

    // Assess
    expectFileFormRecords(collected, source, fixtureText(FIXTURE));
    expect(exported.live?.pages).toBe(3);
    expect(fake.requests[0]?.path).toBe("/token");
    const listed = fake.requests.filter((r) => r.path === "/admin/directory/v1/users");
    expect(listed.map((r) => r.query.get("customer"))).toEqual(["my_customer", "my_customer", "my_customer"]);
    expect(listed.every((r) => r.headers.authorization === `Bearer ${fake.tokens[0]}`)).toBe(true);
  });

  it("asks for the read-only directory scope only", async () => {
    // Prepare
    const { fake, source, env } = await serve();

    // Act
    await readLive(source, { env });

    // Assess
    const assertion = new URLSearchParams(fake.requests[0]?.body).get("assertion") ?? "";
    const claims = JSON.parse(Buffer.from(assertion.split(".")[1] ?? "", "base64url").toString("utf8"));
    expect(claims).toMatchObject({ scope: READONLY_SCOPE, sub: SUBJECT });
  });

  it("retries a 429 and a 403 rateLimitExceeded, and a 500", async () => {
    // Prepare
    const throttled = {
      status: 403,
      json: {
        error: { code: 403, message: "Rate Limit Exceeded", errors: [{ reason: "userRateLimitExceeded" }] },
      },
    };
    const { source, env } = await serve({
      faults: [
        { ...isUsers, nth: 1, answer: { status: 429, headers: { "retry-after": "4" } } },
        { ...isUsers, nth: 3, answer: throttled },
        { ...isUsers, nth: 5, answer: { status: 500 } },
      ],
    });

    // Act
    const { collected, waits } = await readLive(source, { env });

    // Assess
    expect(collected.info.status).toBe("ok");
    expect(waits).toEqual([4000, 250, 250]);
  });

  it("fails the source when domain-wide delegation is not granted, without echoing the key", async () => {
    // Prepare
    const { source, env, fake, key } = await serve({ subject: "someone-else@acme.com" });

    // Act
    const message = await liveFailure(source, { env });

    // Assess
    expect(message).toBe(
      `source "google": POST ${fake.url}/token failed: HTTP 401: unauthorized_client; Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested. (after 1 attempt): the API did not accept the credential {"env": "GOOGLE_SA_KEY"}; check that it is current`,
    );
    expect(message).not.toContain(key.private_key.slice(40, 80));
  });

  it("fails the source without the signed assertion when the token endpoint echoes the request", async () => {
    // Prepare
    const echo = (request: { body: string }) => ({
      status: 400,
      json: { error: "invalid_grant", error_description: `Invalid JWT Signature. body was ${request.body}` },
    });
    const isToken = { matches: (r: { path: string }) => r.path === "/token" };
    const { source, env, fake } = await serve({ faults: [{ ...isToken, nth: 1, answer: echo }] });

    // Act
    const message = await liveFailure(source, { env });

    // Assess
    const assertion = new URLSearchParams(fake.requests[0]?.body).get("assertion") ?? "";
    expect(assertion).toMatch(/^eyJ/);
    expect(message).toContain("assertion=[REDACTED]");
    expect(message).not.toContain("eyJ");
    expect(message).not.toContain(assertion.slice(-20));
  });

  it("fails the source on a credential that is not a service-account key", async () => {
    // Prepare
    const { source } = await serve();

    // Act
    const message = await liveFailure(source, { env: { GOOGLE_SA_KEY: '{"type":"authorized_user"}' } });

    // Assess
    expect(message).toBe(
      'source "google": the credential {"env": "GOOGLE_SA_KEY"} lacks "client_email", "private_key"; expected a service-account key file: JSON with "client_email", "private_key"',
    );
  });

  it("fails the source on a page of another resource", async () => {
    // Prepare
    const { source, env } = await serve({
      faults: [
        { ...isUsers, nth: 2, answer: { status: 200, json: { kind: "admin#directory#groups", groups: [] } } },
      ],
    });

    // Act
    const message = await liveFailure(source, { env });

    // Assess
    expect(message).toMatch(/pageToken=REDACTED is not as documented: expected a users.list response/);
  });

  it("fails the source at once when a nextPageToken leads back to a page already read", async () => {
    // Prepare: the third page hands out the second page's token again.
    const loop = { status: 200, json: { kind: "admin#directory#users", users: [], nextPageToken: "Mg" } };
    const { source, env, fake } = await serve({ faults: [{ ...isUsers, nth: 3, answer: loop }] });

    // Act
    const message = await liveFailure(source, { env });

    // Assess
    expect(message).toBe(
      `source "google": the page ${fake.url}/admin/directory/v1/users?customer=my_customer&maxResults=500&projection=basic&pageToken=REDACTED is not as documented: its "nextPageToken" points back to a page already read`,
    );
    expect(fake.requests.filter((r) => r.path === "/admin/directory/v1/users")).toHaveLength(3);
  });

  it("fails the source when a page breaks off on every attempt", async () => {
    // Prepare
    const { source, env } = await serve({
      faults: brokenOffEveryAttempt('{"kind":"admin#directory#users","users":[{"id":"1', isUsers.matches),
    });

    // Act
    const message = await liveFailure(source, { env });

    // Assess
    expect(message).toContain("the answer broke off before its end");
  });
});
