import { afterEach, describe, expect, it } from "vitest";
import type { SourceConfig } from "../../../functions/config/schema.ts";
import { fixtureJson, fixtureText } from "../api-source-input.ts";
import type { FakeApi, Fault } from "./fake-api.ts";
import { DEPROVISIONED_FILTER, startFakeOkta } from "./fakes/okta.ts";
import {
  brokenOffEveryAttempt,
  expectFileFormRecords,
  liveFailure,
  readLive,
  recordsById,
} from "./live-harness.ts";

const TOKEN = "00Xk3mP9qL2vR8sT1wY4zA6bC7dE0fG5hJ-okta";
const ENV = { OKTA_API_TOKEN: TOKEN };
const FIXTURE = "okta-users.json";
const users = fixtureJson(FIXTURE) as { id: string; status: string }[];
const SERVER_DATE = "Thu, 26 Nov 2026 09:00:00 GMT";

let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function serve(
  options: { faults?: Fault[]; token?: string; rateLimit?: number; resetAt?: number } = {},
) {
  const fake = await startFakeOkta({
    users,
    token: options.token ?? TOKEN,
    maxPageSize: 2,
    serverDate: SERVER_DATE,
    ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }),
    ...(options.resetAt === undefined ? {} : { resetAt: options.resetAt }),
    faults: options.faults ?? [],
  });
  api = fake;
  const source: SourceConfig = {
    id: "okta",
    kind: "accounts",
    format: "okta",
    url: fake.url,
    credential: { env: "OKTA_API_TOKEN" },
  };
  return { fake, source };
}

describe("okta live reader", () => {
  it("reads both listings page by page and gives exactly the records of the file form", async () => {
    // Prepare
    const { fake, source } = await serve();

    // Act
    const { collected, exported } = await readLive(source, { env: ENV });

    // Assess
    expectFileFormRecords(collected, source, fixtureText(FIXTURE));
    // Six users in the plain listing (three pages of two), one deprovisioned in the filtered one.
    expect(exported.live?.pages).toBe(4);
    expect(fake.requests.map((r) => r.query.get("filter"))).toEqual([null, null, null, DEPROVISIONED_FILTER]);
    expect(fake.requests.every((r) => r.headers.authorization === `SSWS ${TOKEN}`)).toBe(true);
  });

  it("keeps the deprovisioned users the plain listing omits", async () => {
    // Prepare
    const { source } = await serve();

    // Act
    const { collected } = await readLive(source, { env: ENV });

    // Assess
    const deprovisioned = users.find((user) => user.status === "DEPROVISIONED");
    const accounts = recordsById(collected) as { accountId: string; enabled: boolean }[];
    expect(accounts.find((account) => account.accountId === deprovisioned?.id)).toMatchObject({
      enabled: false,
    });
  });

  it("waits for X-Rate-Limit-Reset on a 429, on the server's clock", async () => {
    // Prepare
    const resetAt = Date.parse("2026-11-26T09:00:45Z") / 1000;
    const { source } = await serve({
      faults: [
        {
          nth: 2,
          answer: {
            status: 429,
            headers: {
              date: SERVER_DATE,
              "x-rate-limit-remaining": "0",
              "x-rate-limit-reset": String(resetAt),
            },
            json: {
              errorCode: "E0000047",
              errorSummary: "API call exceeded rate limit due to too many requests.",
            },
          },
        },
      ],
    });

    // Act
    const { collected, waits } = await readLive(source, { env: ENV });

    // Assess
    expect(collected.info.status).toBe("ok");
    expect(waits).toEqual([46_000]);
  });

  it("paces itself when X-Rate-Limit-Remaining reaches 0", async () => {
    // Prepare: a window of two requests
    const resetAt = Date.parse("2026-11-26T09:00:30Z") / 1000;
    const { source, fake } = await serve({ rateLimit: 2, resetAt });

    // Act
    const { waits } = await readLive(source, { env: ENV });

    // Assess: after the second answer says none are left, every further request waits for the reset
    expect(waits).toEqual([31_000, 31_000]);
    expect(fake.requests).toHaveLength(4);
  });

  it("retries a 5xx with backoff", async () => {
    // Prepare
    const { source, fake } = await serve({
      faults: [{ nth: 3, answer: { status: 502, text: "Bad Gateway" } }],
    });

    // Act
    const { collected, waits } = await readLive(source, { env: ENV });

    // Assess
    expect(collected.info.status).toBe("ok");
    expect(waits).toEqual([250]);
    expect(fake.requests).toHaveLength(5);
  });

  it("fails the source on an invalid token, quoting Okta's error but not the token", async () => {
    // Prepare
    const { source, fake } = await serve({ token: "another" });

    // Act
    const message = await liveFailure(source, { env: ENV });

    // Assess
    expect(message).toBe(
      `source "okta": GET ${fake.url}/api/v1/users?limit=200 failed: HTTP 401: E0000011; Invalid token provided (after 1 attempt): the API did not accept the credential {"env": "OKTA_API_TOKEN"}; check that it is current`,
    );
    expect(message).not.toContain(TOKEN);
  });

  it("fails the source on a page that is not a JSON array", async () => {
    // Prepare
    const { source } = await serve({ faults: [{ nth: 2, answer: { status: 200, json: { users: [] } } }] });

    // Act
    const message = await liveFailure(source, { env: ENV });

    // Assess
    expect(message).toMatch(
      /the page .*\/api\/v1\/users\?limit=200&after=\w+ is not as documented: expected a JSON array of users$/,
    );
  });

  it("fails the source on a page that is not JSON at all", async () => {
    // Prepare
    const { source } = await serve({ faults: [{ nth: 1, answer: { status: 200, text: '[{"id":"00u1"' } }] });

    // Act
    const message = await liveFailure(source, { env: ENV });

    // Assess
    expect(message).toMatch(/is not valid JSON \(13 bytes\): .* at line 1, column \d+$/);
  });

  it("fails the source when a body breaks off on every attempt", async () => {
    // Prepare
    const { source } = await serve({ faults: brokenOffEveryAttempt('[{"id":"00u1abcd","status":"ACTIVE"') });

    // Act
    const message = await liveFailure(source, { env: ENV });

    // Assess
    expect(message).toContain("failed: the answer broke off before its end");
  });

  it("refuses a next link to another origin, which would carry the token away", async () => {
    // Prepare
    const { source } = await serve({
      faults: [
        {
          nth: 1,
          answer: {
            status: 200,
            json: [],
            headers: { link: '<https://collector.example.net/api/v1/users?after=00u2>; rel="next"' },
          },
        },
      ],
    });

    // Act
    const message = await liveFailure(source, { env: ENV });

    // Assess
    expect(message).toBe(
      'source "okta": the API\'s next-page link points to another origin (https://collector.example.net); refused, since the request carries the credential',
    );
  });
});
