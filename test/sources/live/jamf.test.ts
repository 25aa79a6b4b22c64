import { afterEach, describe, expect, it } from "vitest";
import type { SourceConfig } from "../../../functions/config/schema.ts";
import { fixtureJson, fixtureText } from "../api-source-input.ts";
import type { FakeApi, Fault } from "./fake-api.ts";
import { startFakeJamf } from "./fakes/jamf.ts";
import { brokenOffEveryAttempt, expectFileFormRecords, liveFailure, readLive } from "./live-harness.ts";

const CLIENT_ID = "5c2b1a09-8e7d-4f6c-9b5a-3d2e1f0a9b8c";
const CLIENT_SECRET = "jamf-secret-Q1w2E3r4T5y6U7i8O9p0";
const ENV = { JAMF_CLIENT: JSON.stringify({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }) };
const FIXTURE = "jamf-computers-inventory.json";
const computers = (fixtureJson(FIXTURE) as { results: Record<string, unknown>[] }).results;

let api: (FakeApi & { tokens: string[] }) | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function serve(
  options: {
    faults?: Fault[];
    secret?: string;
    tokenLifetime?: number;
    computersAt?: (n: number) => readonly Record<string, unknown>[];
  } = {},
) {
  const fake = await startFakeJamf({
    computers,
    ...(options.computersAt && { computersAt: options.computersAt }),
    clientId: CLIENT_ID,
    clientSecret: options.secret ?? CLIENT_SECRET,
    maxPageSize: 2,
    ...(options.tokenLifetime === undefined ? {} : { tokenLifetime: options.tokenLifetime }),
    faults: options.faults ?? [],
  });
  api = fake;
  const source: SourceConfig = {
    id: "macs",
    kind: "assets",
    format: "jamf",
    url: fake.url,
    credential: { env: "JAMF_CLIENT" },
  };
  return { fake, source };
}

const isInventory = { matches: (r: { path: string }) => r.path === "/api/v1/computers-inventory" };

describe("jamf live reader", () => {
  it("gets an API-client token, pages the inventory with its three sections, and gives the file form's assets", async () => {
    // Prepare
    const { fake, source } = await serve();

    // Act
    const { collected, exported } = await readLive(source, { env: ENV });

    // Assess
    expectFileFormRecords(collected, source, fixtureText(FIXTURE));
    expect(exported.live?.pages).toBe(3);
    const listed = fake.requests.filter((r) => r.path === "/api/v1/computers-inventory");
    expect(listed.map((r) => r.query.get("page"))).toEqual(["0", "1", "2"]);
    expect(listed[0]?.query.getAll("section")).toEqual(["GENERAL", "HARDWARE", "USER_AND_LOCATION"]);
    expect(fake.requests[0]).toMatchObject({ method: "POST", path: "/api/oauth/token" });
  });

  it("asks for a new token when the current one is about to expire", async () => {
    // Prepare: tokens that live 30 s, within the minute renewal margin
    const { fake, source } = await serve({ tokenLifetime: 30 });

    // Act
    await readLive(source, { env: ENV });

    // Assess
    expect(fake.tokens).toHaveLength(3);
  });

  it("waits as a 429's Retry-After says and retries a 502", async () => {
    // Prepare
    const { source } = await serve({
      faults: [
        { ...isInventory, nth: 1, answer: { status: 429, headers: { "retry-after": "5" } } },
        { ...isInventory, nth: 3, answer: { status: 502 } },
      ],
    });

    // Act
    const { collected, waits } = await readLive(source, { env: ENV });

    // Assess
    expect(collected.info.status).toBe("ok");
    expect(waits).toEqual([5000, 250]);
  });

  it("fails the source when the API client is refused, without the secret", async () => {
    // Prepare
    const { source, fake } = await serve({ secret: "another" });

    // Act
    const message = await liveFailure(source, { env: ENV });

    // Assess
    expect(message).toBe(
      `source "macs": POST ${fake.url}/api/oauth/token failed: HTTP 401: invalid_client; Client authentication failed (after 1 attempt): the API did not accept the credential {"env": "JAMF_CLIENT"}; check that it is current`,
    );
    expect(message).not.toContain(CLIENT_SECRET);
  });

  it("fails the source on a page without results[]", async () => {
    // Prepare
    const { source } = await serve({
      faults: [{ ...isInventory, nth: 2, answer: { status: 200, json: { totalCount: 5 } } }],
    });

    // Act
    const message = await liveFailure(source, { env: ENV });

    // Assess
    expect(message).toMatch(
      /page=1&page-size=200&sort=id%3Aasc is not as documented: "results": expected a list of computers$/,
    );
  });

  it("fails the source when a computer is deleted during the read and totalCount drops", async () => {
    // Prepare
    const { source } = await serve({ computersAt: (n) => (n === 1 ? computers : computers.slice(0, -1)) });

    // Act
    const message = await liveFailure(source, { env: ENV });

    // Assess
    expect(message).toMatch(
      /^source "macs": the listing announced 5 computers on its first page but 4 on the page http:\/\/127\.0\.0\.1:\d+\/api\/v1\/computers-inventory\?section=GENERAL&section=HARDWARE&section=USER_AND_LOCATION&page=1&page-size=200&sort=id%3Aasc \(it changed during the read\); the read stops rather than pass on part of it$/,
    );
  });

  it("fails the source when the listing ends short of the totalCount its first page announced", async () => {
    // Prepare
    const { source } = await serve({
      faults: [{ ...isInventory, nth: 2, answer: { status: 200, json: { totalCount: 5, results: [] } } }],
    });

    // Act
    const message = await liveFailure(source, { env: ENV });

    // Assess
    expect(message).toBe(
      'source "macs": the listing gave 2 of the 5 computers it announced (it may have changed during the read); the read stops rather than pass on part of it',
    );
  });

  it("fails the source when a page breaks off on every attempt", async () => {
    // Prepare
    const { source } = await serve({
      faults: brokenOffEveryAttempt('{"totalCount":5,"results":[{"id":"1","general":{', isInventory.matches),
    });

    // Act
    const message = await liveFailure(source, { env: ENV });

    // Assess
    expect(message).toContain("the answer broke off before its end");
  });
});
