import { afterEach, describe, expect, it } from "vitest";
import type { SourceConfig } from "../../../functions/config/schema.ts";
import { fixtureJson, fixtureText } from "../api-source-input.ts";
import type { FakeApi, Fault } from "./fake-api.ts";
import { startFakeSnipeIt } from "./fakes/snipeit.ts";
import { brokenOffEveryAttempt, expectFileFormRecords, liveFailure, readLive } from "./live-harness.ts";

const TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.snipeit-api-key.Zk9xQ2";
const ENV = { SNIPEIT_API_KEY: TOKEN };
const FIXTURE = "snipeit-hardware.json";
const rows = (fixtureJson(FIXTURE) as { rows: unknown[] }).rows;

let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function serve(
  options: { faults?: Fault[]; token?: string; rowsAt?: (n: number) => readonly unknown[] } = {},
) {
  const fake = await startFakeSnipeIt({
    rows,
    ...(options.rowsAt && { rowsAt: options.rowsAt }),
    token: options.token ?? TOKEN,
    maxPageSize: 3,
    faults: options.faults ?? [],
  });
  api = fake;
  const source: SourceConfig = {
    id: "laptops",
    kind: "assets",
    format: "snipeit",
    url: fake.url,
    credential: { env: "SNIPEIT_API_KEY" },
  };
  return { fake, source };
}

describe("snipeit live reader", () => {
  it("pages by limit/offset and gives exactly the assets of the file form", async () => {
    // Prepare
    const { fake, source } = await serve();

    // Act
    const { collected, exported } = await readLive(source, { env: ENV });

    // Assess
    expectFileFormRecords(collected, source, fixtureText(FIXTURE));
    expect(exported.live?.pages).toBe(3);
    expect(fake.requests.map((r) => r.query.get("offset"))).toEqual(["0", "3", "6"]);
    expect(JSON.parse(exported.text)).toEqual({ rows, total: rows.length });
  });

  it("waits as a 429's Retry-After says and retries a 500", async () => {
    // Prepare
    const { source } = await serve({
      faults: [
        { nth: 2, answer: { status: 429, headers: { "retry-after": "60", "x-ratelimit-remaining": "0" } } },
        { nth: 4, answer: { status: 500, text: "Server Error" } },
      ],
    });

    // Act
    const { collected, waits } = await readLive(source, { env: ENV });

    // Assess
    expect(collected.info.status).toBe("ok");
    expect(waits).toEqual([60_000, 250]);
  });

  it("fails the source on a refused API key", async () => {
    // Prepare
    const { source, fake } = await serve({ token: "another" });

    // Act
    const message = await liveFailure(source, { env: ENV });

    // Assess
    expect(message).toBe(
      `source "laptops": GET ${fake.url}/api/v1/hardware?limit=500&offset=0&sort=id&order=asc failed: HTTP 401: Unauthorized. (after 1 attempt): the API did not accept the credential {"env": "SNIPEIT_API_KEY"}; check that it is current`,
    );
    expect(message).not.toContain(TOKEN);
  });

  it("fails the source on an error Snipe-IT sends with HTTP 200", async () => {
    // Prepare
    const { source } = await serve({
      faults: [
        {
          nth: 2,
          answer: { status: 200, json: { status: "error", messages: "Too many results", payload: null } },
        },
      ],
    });

    // Act
    const message = await liveFailure(source, { env: ENV });

    // Assess
    expect(message).toMatch(
      /offset=3&sort=id&order=asc is not as documented: Snipe-IT answered with an error: Too many results$/,
    );
  });

  it("fails the source when an asset is deleted during the read and total drops", async () => {
    // Prepare: after the first page, the first asset is gone, shifting every later one back.
    const { source, fake } = await serve({ rowsAt: (n) => (n === 1 ? rows : rows.slice(1)) });

    // Act
    const message = await liveFailure(source, { env: ENV });

    // Assess
    expect(message).toBe(
      `source "laptops": the listing announced 8 assets on its first page but 7 on the page ${fake.url}/api/v1/hardware?limit=500&offset=3&sort=id&order=asc (it changed during the read); the read stops rather than pass on part of it`,
    );
  });

  it("fails the source when the listing ends short of the total its first page announced", async () => {
    // Prepare
    const { source } = await serve({
      faults: [{ nth: 3, answer: { status: 200, json: { total: 8, rows: [] } } }],
    });

    // Act
    const message = await liveFailure(source, { env: ENV });

    // Assess
    expect(message).toBe(
      'source "laptops": the listing gave 6 of the 8 assets it announced (it may have changed during the read); the read stops rather than pass on part of it',
    );
  });

  it("fails the source when a page breaks off on every attempt", async () => {
    // Prepare
    const { source } = await serve({
      faults: brokenOffEveryAttempt('{"total":8,"rows":[{"id":1,"asset_tag":"LT-'),
    });

    // Act
    const message = await liveFailure(source, { env: ENV });

    // Assess
    expect(message).toContain("the answer broke off before its end");
  });
});
