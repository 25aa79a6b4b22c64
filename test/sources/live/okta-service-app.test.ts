/**
 * The okta live reader through an OAuth 2.0 service app (private_key_jwt, DPoP), against a loopback
 * Okta that checks the client assertion, the nonce challenge and every proof as Okta documents
 * them (fakes/okta-service-app.ts).
 */
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { SourceConfig } from "../../../functions/config/schema.ts";
import { fixtureJson, fixtureText } from "../api-source-input.ts";
import type { FakeApi, Fault } from "./fake-api.ts";
import { startFakeOkta } from "./fakes/okta.ts";
import { type FakeServiceApp, fakeServiceApp } from "./fakes/okta-service-app.ts";
import { expectFileFormRecords, liveFailure, READ_AT, readLive } from "./live-harness.ts";

const FIXTURE = "okta-users.json";
const users = fixtureJson(FIXTURE) as { id: string; status: string }[];
const CLIENT_ID = "0oa8f2k4m1XyZqW3n5d7";
const KEY_ID = "deprov-okta-1";
const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
const RSA_PEM = rsa.privateKey.export({ type: "pkcs8", format: "pem" }).toString();

let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

interface Serve {
  publicKey?: KeyObject;
  keyId?: string;
  requireDpop?: boolean;
  grantedScopes?: string[];
  tokenLifetime?: number;
  faults?: Fault[];
}

async function serve(
  options: Serve = {},
): Promise<{ fake: FakeApi; app: FakeServiceApp; source: SourceConfig }> {
  const app = fakeServiceApp({
    clientId: CLIENT_ID,
    publicKey: options.publicKey ?? rsa.publicKey,
    ...(options.keyId !== undefined ? { keyId: options.keyId } : {}),
    requireDpop: options.requireDpop ?? true,
    grantedScopes: options.grantedScopes ?? ["okta.users.read"],
    ...(options.tokenLifetime !== undefined ? { tokenLifetime: options.tokenLifetime } : {}),
    now: () => READ_AT,
  });
  const fake = await startFakeOkta({
    users,
    token: "no SSWS token is issued in these tests",
    maxPageSize: 2,
    serviceApp: app,
    faults: options.faults ?? [],
  });
  api = fake;
  const source: SourceConfig = {
    id: "okta",
    kind: "accounts",
    format: "okta",
    url: fake.url,
    credential: { env: "OKTA_SERVICE_APP" },
  };
  return { fake, app, source };
}

const credential = (fields: Record<string, unknown>) => ({ OKTA_SERVICE_APP: JSON.stringify(fields) });
const apiRequests = (fake: FakeApi) => fake.requests.filter((r) => r.path === "/api/v1/users");

describe("okta live reader, as an OAuth 2.0 service app", () => {
  it("gets a DPoP-bound token with a signed client assertion, answers the nonce challenge, and reads every page with a fresh proof", async () => {
    // Prepare
    const { fake, app, source } = await serve({ keyId: KEY_ID });
    const env = credential({ clientId: CLIENT_ID, privateKey: RSA_PEM, keyId: KEY_ID });

    // Act
    const { collected, exported } = await readLive(source, { env });

    // Assess
    expectFileFormRecords(collected, source, fixtureText(FIXTURE));
    expect(exported.live?.pages).toBe(4);
    expect(app.stats).toEqual({ tokensIssued: 1, nonceChallenges: 1, proofsVerified: 5 });
    const tokenRequests = fake.requests.filter((r) => r.path === "/oauth2/v1/token");
    expect(tokenRequests).toHaveLength(2);
    expect(new URLSearchParams(tokenRequests[1]?.body).get("scope")).toBe("okta.users.read");
    for (const request of apiRequests(fake)) expect(String(request.headers.authorization)).toMatch(/^DPoP /);
    const proofs = apiRequests(fake).map((r) => r.headers.dpop);
    expect(new Set(proofs).size).toBe(proofs.length);
  });

  it("signs the retry of a throttled page anew: the same proof twice would be refused as a replay", async () => {
    // Prepare
    const { fake, app, source } = await serve({
      faults: [
        {
          nth: 2,
          matches: (request) => request.path === "/api/v1/users",
          answer: {
            status: 429,
            headers: { "x-rate-limit-remaining": "0", "x-rate-limit-reset": String(READ_AT / 1000 + 5) },
            json: {
              errorCode: "E0000047",
              errorSummary: "API call exceeded rate limit due to too many requests.",
            },
          },
        },
      ],
    });

    // Act
    const { collected } = await readLive(source, {
      env: credential({ clientId: CLIENT_ID, privateKey: RSA_PEM }),
    });

    // Assess
    expect(collected.info.status).toBe("ok");
    expect(apiRequests(fake)).toHaveLength(5);
    expect(app.stats.proofsVerified).toBe(5);
  });

  it("asks for a new token when the current one is about to expire, bound to the same key without a new challenge", async () => {
    // Prepare: tokens that live 30 s, within the minute renewal margin: every page needs a new one
    const { fake, app, source } = await serve({ tokenLifetime: 30 });

    // Act
    const { collected } = await readLive(source, {
      env: credential({ clientId: CLIENT_ID, privateKey: RSA_PEM }),
    });

    // Assess
    expect(collected.info.status).toBe("ok");
    expect(app.stats).toEqual({ tokensIssued: 4, nonceChallenges: 1, proofsVerified: 8 });
    const tokens = apiRequests(fake).map((r) => String(r.headers.authorization));
    expect(new Set(tokens).size).toBe(4);
  });

  it("takes the EC P-256 JWK Okta's console generates, and a Bearer token from an app without DPoP", async () => {
    // Prepare
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const jwk = { ...ec.privateKey.export({ format: "jwk" }), kid: KEY_ID, use: "sig" };
    const { fake, app, source } = await serve({ publicKey: ec.publicKey, keyId: KEY_ID, requireDpop: false });

    // Act
    const { collected } = await readLive(source, {
      env: credential({ clientId: CLIENT_ID, privateKey: jwk }),
    });

    // Assess
    expectFileFormRecords(collected, source, fixtureText(FIXTURE));
    expect(app.stats).toEqual({ tokensIssued: 1, nonceChallenges: 0, proofsVerified: 0 });
    for (const request of apiRequests(fake))
      expect(String(request.headers.authorization)).toMatch(/^Bearer /);
  });

  it("takes a PEM whose line breaks were escaped when it was pasted into a secret", async () => {
    // Prepare
    const { source } = await serve();
    const pasted = RSA_PEM.trimEnd().replaceAll("\n", "\\n");

    // Act
    const { collected } = await readLive(source, {
      env: credential({ clientId: CLIENT_ID, privateKey: pasted }),
    });

    // Assess
    expectFileFormRecords(collected, source, fixtureText(FIXTURE));
  });

  it("fails the source when the scope was not granted, saying what to check and quoting no secret", async () => {
    // Prepare
    const { fake, source } = await serve({ grantedScopes: ["okta.groups.read"] });

    // Act
    const message = await liveFailure(source, {
      env: credential({ clientId: CLIENT_ID, privateKey: RSA_PEM }),
    });

    // Assess
    expect(message).toBe(
      `source "okta": POST ${fake.url}/oauth2/v1/token failed: HTTP 400: invalid_scope; The following scopes are not allowed: okta.users.read (after 1 attempt): Okta did not issue a token to the service app; check its client ID, the public key registered for it, and that it was granted the okta.users.read scope and a read-only admin role (infra/README.md)`,
    );
    expect(apiRequests(fake)).toEqual([]);
  });

  it("fails the source when Okta does not know the signing key, without echoing the assertion or the key", async () => {
    // Prepare
    const { fake, source } = await serve({
      publicKey: generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey,
    });

    // Act
    const message = await liveFailure(source, {
      env: credential({ clientId: CLIENT_ID, privateKey: RSA_PEM }),
    });

    // Assess
    expect(message).toContain("HTTP 401: invalid_client; The client_assertion signature is invalid.");
    const assertion = new URLSearchParams(fake.requests[0]?.body).get("client_assertion") ?? "";
    expect(assertion).not.toBe("");
    expect(message).not.toContain(assertion);
    expect(message).not.toContain("PRIVATE KEY");
  });

  it("fails the source without the client assertion when the token endpoint echoes the request", async () => {
    // Prepare
    const echo = (request: { body: string }) => ({
      status: 400,
      json: { error: "invalid_request", error_description: `Bad request. body was ${request.body}` },
    });
    const isToken = { matches: (r: { path: string }) => r.path === "/oauth2/v1/token" };
    const { fake, source } = await serve({ faults: [{ ...isToken, nth: 1, answer: echo }] });

    // Act
    const message = await liveFailure(source, {
      env: credential({ clientId: CLIENT_ID, privateKey: RSA_PEM }),
    });

    // Assess
    const assertion = new URLSearchParams(fake.requests[0]?.body).get("client_assertion") ?? "";
    expect(assertion).toMatch(/^eyJ/);
    expect(message).toContain("client_assertion=[REDACTED]");
    expect(message).not.toContain("eyJ");
  });

  it.each([
    ["no private key", { clientId: CLIENT_ID }, 'lacks "privateKey"'],
    [
      "a private key that is not one",
      {
        clientId: CLIENT_ID,
        privateKey: "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----",
      },
      'has a "privateKey" that is not a private key',
    ],
    ["no client ID", { privateKey: RSA_PEM }, 'lacks "clientId"'],
  ])("names the credential and what it lacks: %s", async (_case, fields, problem) => {
    // Prepare
    const { fake, source } = await serve();

    // Act
    const message = await liveFailure(source, { env: credential(fields) });

    // Assess
    expect(message).toContain(`source "okta": the credential {"env": "OKTA_SERVICE_APP"} ${problem}`);
    expect(message).not.toContain("not a key");
    expect(fake.requests).toEqual([]);
  });
});
