import { afterEach, describe, expect, it } from "vitest";
import type { SourceConfig } from "../../../functions/config/schema.ts";
import { fixtureJson, fixtureText } from "../api-source-input.ts";
import type { FakeApi, Fault } from "./fake-api.ts";
import { startFakeGraph } from "./fakes/graph.ts";
import { brokenOffEveryAttempt, expectFileFormRecords, liveFailure, readLive } from "./live-harness.ts";

const TENANT = "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
const CLIENT_ID = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const CLIENT_SECRET = "Qx8~entra.client-secret_4fJk2LmN9pRs";
const ENV = {
  ENTRA_APP: JSON.stringify({ tenantId: TENANT, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }),
};
const FIXTURE = "entra-users.json";
const users = (fixtureJson(FIXTURE) as { value: Record<string, unknown>[] }).value;

let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function serve(options: { faults?: Fault[]; premium?: boolean; secret?: string } = {}) {
  const fake = await startFakeGraph({
    users,
    tenantId: TENANT,
    clientId: CLIENT_ID,
    clientSecret: options.secret ?? CLIENT_SECRET,
    premium: options.premium ?? true,
    maxPageSize: 2,
    faults: options.faults ?? [],
  });
  api = fake;
  const source: SourceConfig = {
    id: "entra",
    kind: "accounts",
    format: "entra",
    url: fake.graph,
    tokenUrl: fake.tokenUrl,
    credential: { env: "ENTRA_APP" },
  };
  return { fake, source };
}

const isUsers = { matches: (r: { path: string }) => r.path === "/v1.0/users" };

describe("entra live reader", () => {
  it("gets an app-only token, reads every page with signInActivity, and gives the file form's records", async () => {
    // Prepare
    const { fake, source } = await serve();

    // Act
    const { collected, exported } = await readLive(source, { env: ENV });

    // Assess
    expectFileFormRecords(collected, source, fixtureText(FIXTURE));
    expect([...collected.info.provides].sort()).toEqual(["createdAt", "lastLoginAt"]);
    expect(exported.live?.pages).toBe(3);
    const [token, first] = fake.requests;
    expect(token?.method).toBe("POST");
    expect(new URLSearchParams(token?.body).get("grant_type")).toBe("client_credentials");
    expect(first?.query.get("$select")).toContain("signInActivity");
    expect(exported.warnings).toEqual([]);
  });

  it("reads a tenant without a P1/P2 licence without signInActivity, provides no last login, and says why", async () => {
    // Prepare
    const { source, fake } = await serve({ premium: false });

    // Act
    const { collected, exported } = await readLive(source, { env: ENV });

    // Assess
    expect(collected.info.status).toBe("ok");
    expect(collected.info.provides.has("lastLoginAt")).toBe(false);
    expect(collected.recordCount).toBeGreaterThan(0);
    expect(collected.warnings).toEqual([
      'source "entra": the tenant has no Microsoft Entra ID P1/P2 licence (Graph answered 403 Authentication_RequestFromNonPremiumTenantOrB2CTenant to signInActivity), so users were read without their last sign-in; rules that need it are not evaluated for this source',
    ]);
    expect(exported.text).not.toContain("signInActivity");
    const selects = fake.requests
      .filter((r) => r.path === "/v1.0/users")
      .map((r) => r.query.get("$select") ?? "");
    expect(selects[0]).toContain("signInActivity");
    expect(selects.slice(1).every((select) => !select.includes("signInActivity"))).toBe(true);
  });

  it("waits as Graph's Retry-After says on a 429, and retries a 503 and a 504", async () => {
    // Prepare
    const { source } = await serve({
      faults: [
        {
          ...isUsers,
          nth: 2,
          answer: {
            status: 429,
            headers: { "retry-after": "9" },
            json: { error: { code: "TooManyRequests" } },
          },
        },
        { ...isUsers, nth: 4, answer: { status: 503, headers: { "retry-after": "2" } } },
        { ...isUsers, nth: 5, answer: { status: 504 } },
      ],
    });

    // Act
    const { collected, waits } = await readLive(source, { env: ENV });

    // Assess
    expect(collected.info.status).toBe("ok");
    expect(waits).toEqual([9000, 2000, 500]);
  });

  it("fails the source when the client secret is refused, naming the credential but not the secret", async () => {
    // Prepare
    const { source, fake } = await serve({ secret: "another-secret" });

    // Act
    const message = await liveFailure(source, { env: ENV });

    // Assess
    expect(message).toBe(
      `source "entra": POST ${fake.tokenUrl} failed: HTTP 401: invalid_client; AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID. (after 1 attempt): the API did not accept the credential {"env": "ENTRA_APP"}; check that it is current`,
    );
    expect(message).not.toContain(CLIENT_SECRET);
  });

  it("fails the source on a credential that is not the app's JSON, without echoing it", async () => {
    // Prepare
    const { source } = await serve();

    // Act
    const message = await liveFailure(source, { env: { ENTRA_APP: `${CLIENT_SECRET}` } });

    // Assess
    expect(message).toBe(
      'source "entra": the credential {"env": "ENTRA_APP"} is not JSON; expected an Entra app registration: JSON with "tenantId", "clientId", "clientSecret"',
    );
  });

  it("fails the source on a page without value[]", async () => {
    // Prepare
    const { source } = await serve({
      faults: [{ ...isUsers, nth: 2, answer: { status: 200, json: { "@odata.context": "x" } } }],
    });

    // Act
    const message = await liveFailure(source, { env: ENV });

    // Assess
    expect(message).toMatch(
      /%24skiptoken=REDACTED is not as documented: expected a Graph collection with a "value" array of users$/,
    );
  });

  it("fails the source without the client secret in any form when the token endpoint echoes the request", async () => {
    // Prepare: a secret with characters a form body encodes, and an endpoint that quotes its body.
    const secret = "Q8x~entra+SECRET/DDDD.9";
    const echo = (request: { body: string }) => ({
      status: 400,
      json: {
        error: "invalid_client",
        error_description: `AADSTS7000215: Invalid client secret provided. body was ${request.body}`,
      },
    });
    const isToken = { matches: (r: { path: string }) => r.path.endsWith("/oauth2/v2.0/token") };
    const { source } = await serve({ faults: [{ ...isToken, nth: 1, answer: echo }] });
    const env = {
      ENTRA_APP: JSON.stringify({ tenantId: TENANT, clientId: CLIENT_ID, clientSecret: secret }),
    };

    // Act
    const message = await liveFailure(source, { env });

    // Assess
    expect(message).toContain("body was grant_type=client_credentials");
    expect(message).toContain("client_secret=[REDACTED]");
    for (const form of [
      secret,
      encodeURIComponent(secret),
      new URLSearchParams({ s: secret }).toString().slice(2),
    ])
      expect(message).not.toContain(form);
    expect(message).not.toMatch(/Q8x|DDDD/);
  });

  it("fails the source when a page breaks off on every attempt", async () => {
    // Prepare
    const { source } = await serve({
      faults: brokenOffEveryAttempt('{"@odata.context":"x","value":[{"id":"1"', isUsers.matches),
    });

    // Act
    const message = await liveFailure(source, { env: ENV });

    // Assess
    expect(message).toContain("the answer broke off before its end");
  });
});
