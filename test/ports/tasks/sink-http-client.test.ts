import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  basicAuthorization,
  SinkHttpClient,
  SinkHttpError,
} from "../../../functions/ports/tasks/sink-http-client.ts";
import { type Handler, type LoopbackServer, type Reply, startLoopbackServer } from "./loopback-server.ts";

const NOW = Date.parse("2026-11-26T09:00:00Z");
const TOKEN = "ATATT3xFfGF0-not-a-real-token";

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Answers with each reply in turn, then with the last one. */
async function serve(...replies: Reply[]): Promise<LoopbackServer> {
  let next = 0;
  const handler: Handler = () => replies[Math.min(next++, replies.length - 1)] ?? { status: 500 };
  server = await startLoopbackServer(handler);
  return server;
}

function client(
  baseUrl: string,
  waits: number[],
  overrides: Partial<ConstructorParameters<typeof SinkHttpClient>[0]> = {},
) {
  return new SinkHttpClient({
    sink: "jira",
    baseUrl,
    authorization: async () => basicAuthorization("svc@acme.com", TOKEN),
    sleep: async (ms) => {
      waits.push(ms);
    },
    now: () => NOW,
    // The backoff's full jitter at its ceiling: the waits are then exact.
    random: () => 1,
    ...overrides,
  });
}

describe("SinkHttpClient", () => {
  it("sends JSON with the Authorization header and returns the parsed answer", async () => {
    // Prepare
    const { url, requests } = await serve({ status: 201, json: { id: "10001", key: "SEC-1" } });

    // Act
    const answer = await client(url, []).requestJson(
      { method: "POST", path: "/rest/api/3/issue", json: { fields: { summary: "x" } } },
      z.object({ key: z.string() }),
    );

    // Assess
    expect(answer).toEqual({ key: "SEC-1" });
    expect(requests[0]?.headers.authorization).toBe(basicAuthorization("svc@acme.com", TOKEN));
    expect(requests[0]?.headers["content-type"]).toBe("application/json");
    expect(requests[0]?.json).toEqual({ fields: { summary: "x" } });
  });

  it("waits as long as a 429's Retry-After says, in seconds or as an HTTP date", async () => {
    // Prepare
    const { url, requests } = await serve(
      { status: 429, headers: { "retry-after": "1" } },
      { status: 429, headers: { "retry-after": "Thu, 26 Nov 2026 09:00:05 GMT" } },
      { status: 200, json: { ok: true } },
    );
    const waits: number[] = [];

    // Act
    const answer = await client(url, waits).request({ method: "GET", path: "/rest/api/3/myself" });

    // Assess
    expect(answer.status).toBe(200);
    expect(waits).toEqual([1000, 5000]);
    expect(requests).toHaveLength(3);
  });

  it("fails at once when Retry-After asks for longer than its longest wait, rather than retry early", async () => {
    // Prepare
    const { url, requests } = await serve(
      { status: 429, headers: { "retry-after": "3600" } },
      { status: 204 },
    );
    const waits: number[] = [];

    // Act
    const request = client(url, waits, { maxWaitMs: 20_000 }).request({ method: "GET", path: "/x" });

    // Assess
    await expect(request).rejects.toThrow(/asked to wait 3600 s/);
    expect(waits).toEqual([]);
    expect(requests).toHaveLength(1);
  });

  it("backs off exponentially on 5xx", async () => {
    // Prepare
    const { url, requests } = await serve(
      { status: 503 },
      { status: 502 },
      { status: 500 },
      { status: 200, json: {} },
    );
    const waits: number[] = [];

    // Act
    await client(url, waits, { initialBackoffMs: 100 }).request({ method: "PUT", path: "/x", json: {} });

    // Assess
    expect(waits).toEqual([100, 200, 400]);
    expect(requests).toHaveLength(4);
  });

  it("resends a create after a 503, which was not carried out, but not after a 504, which may have been", async () => {
    // Prepare
    const { url, requests } = await serve({ status: 503 }, { status: 504 }, { status: 201, json: {} });

    // Act
    const sent = client(url, []).request({ method: "POST", path: "/rest/api/3/issue", json: {} });

    // Assess
    await expect(sent).rejects.toThrow("jira: POST /rest/api/3/issue failed: HTTP 504 (after 2 attempts)");
    expect(requests).toHaveLength(2);
  });

  it("resends a POST marked idempotent after any 5xx", async () => {
    // Prepare
    const { url, requests } = await serve({ status: 502 }, { status: 200, json: { issues: [] } });

    // Act
    await client(url, []).request({
      method: "POST",
      path: "/rest/api/3/search/jql",
      json: {},
      idempotent: true,
    });

    // Assess
    expect(requests).toHaveLength(2);
  });

  it("gives up after the configured attempts, naming sink, method, path and status but no credential", async () => {
    // Prepare
    const { url, requests } = await serve({ status: 503, text: "Service Unavailable" });

    // Act
    const sent = client(url, [], { maxAttempts: 3 }).request({
      method: "PUT",
      path: "/rest/api/3/issue/SEC-1",
      query: { notifyUsers: "false" },
      json: {},
    });

    // Assess
    const error = await sent.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SinkHttpError);
    expect((error as SinkHttpError).message).toBe(
      "jira: PUT /rest/api/3/issue/SEC-1 failed: HTTP 503 (after 3 attempts)",
    );
    expect((error as SinkHttpError).status).toBe(503);
    expect(String(error)).not.toContain(TOKEN);
    expect(requests).toHaveLength(3);
  });

  it("does not retry a client error, and quotes the API's own explanation", async () => {
    // Prepare
    const { url, requests } = await serve({
      status: 400,
      json: { errorMessages: [], errors: { issuetype: "Specify a valid issue type" } },
    });

    // Act
    const sent = client(url, []).request({ method: "POST", path: "/rest/api/3/issue", json: {} });

    // Assess
    await expect(sent).rejects.toThrow(
      "jira: POST /rest/api/3/issue failed: HTTP 400: issuetype: Specify a valid issue type (after 1 attempt)",
    );
    expect(requests).toHaveLength(1);
  });

  it("retries a GET that timed out, but never a POST that may have gone through", async () => {
    // Prepare
    server = await startLoopbackServer(() => new Promise<Reply>(() => {}));
    const waits: number[] = [];
    const slow = client(server.url, waits, { timeoutMs: 50, maxAttempts: 2 });

    // Act
    const get = slow
      .request({ method: "GET", path: "/rest/api/3/issue/SEC-1/transitions" })
      .catch((e: unknown) => e);
    const getError = await get;
    const postError = await slow
      .request({ method: "POST", path: "/rest/api/3/issue", json: {} })
      .catch((e: unknown) => e);

    // Assess
    expect(String(getError)).toContain(
      "jira: GET /rest/api/3/issue/SEC-1/transitions failed: no answer within 50 ms (after 2 attempts)",
    );
    expect(String(postError)).toContain(
      "jira: POST /rest/api/3/issue failed: no answer within 50 ms (after 1 attempt)",
    );
    expect(server.requests.map((r) => r.method)).toEqual(["GET", "GET", "POST"]);
  });

  it("names the host only when the path must stay private", async () => {
    // Prepare
    const { url } = await serve({ status: 404 });
    const hooks = new SinkHttpClient({
      sink: "webhook",
      baseUrl: `${url}/hooks/T0001/s3cr3t-path`,
      showPath: false,
    });

    // Act
    const sent = hooks.request({ method: "POST", path: "", body: "{}" });

    // Assess
    const message = String(await sent.catch((e: unknown) => e));
    expect(message).toBe(
      `SinkHttpError: webhook: POST ${new URL(url).host} failed: HTTP 404 (after 1 attempt)`,
    );
    expect(message).not.toContain("s3cr3t");
  });

  it("refuses to follow a redirect, which could carry the credential elsewhere", async () => {
    // Prepare
    const { url } = await serve({ status: 302, headers: { location: "http://127.0.0.2:9/steal" } });

    // Act
    const sent = client(url, [], { maxAttempts: 1 }).request({ method: "GET", path: "/x" });

    // Assess
    await expect(sent).rejects.toThrow(
      "jira: GET /x failed: HTTP 302 redirect to another origin (http://127.0.0.2:9) refused: it would carry the request's credential there (after 1 attempt)",
    );
  });

  it("reports an answer that does not have the documented shape", async () => {
    // Prepare
    const { url } = await serve({ status: 200, json: { issues: "none" } });

    // Act
    const sent = client(url, []).requestJson(
      { method: "POST", path: "/rest/api/3/search/jql", json: {} },
      z.object({ issues: z.array(z.object({ key: z.string() })) }),
    );

    // Assess
    await expect(sent).rejects.toThrow(
      /^jira: POST \/rest\/api\/3\/search\/jql answered HTTP 200 with an unexpected body: issues: /,
    );
  });

  it("plans a request without sending it or reading the credential", async () => {
    // Prepare
    const planner = new SinkHttpClient({
      sink: "servicenow",
      baseUrl: "https://acme.service-now.com",
      authorization: () => Promise.reject(new Error("must not be read")),
    });

    // Act
    const planned = planner.plan({
      method: "GET",
      path: "/api/now/table/incident",
      query: { sysparm_query: "correlation_id=leaver:E1042" },
    });

    // Assess
    expect(planned).toEqual({
      method: "GET",
      url: "https://acme.service-now.com/api/now/table/incident?sysparm_query=correlation_id%3Dleaver%3AE1042",
    });
  });

  it("caps the size of an answer it reads", async () => {
    // Prepare
    const { url } = await serve({ status: 200, text: `{"issues":[${'{"key":"SEC-1"},'.repeat(2000)}{}]}` });

    // Act
    const sent = client(url, [], { maxResponseBytes: 4096 }).request({
      method: "GET",
      path: "/rest/api/3/search",
    });

    // Assess
    await expect(sent).rejects.toThrow(
      "jira: GET /rest/api/3/search failed: the answer is larger than 4096 bytes (after 1 attempt)",
    );
  });

  it("plans a webhook delivery without a token the URL carries in its query", () => {
    // Prepare
    const hooks = new SinkHttpClient({
      sink: "webhook",
      baseUrl: "https://hooks.acme.com/deprov?token=abc123secret",
      showPath: false,
    });

    // Act
    const planned = hooks.plan({ method: "POST", path: "", body: "{}" });

    // Assess
    expect(planned.url).toBe("https://hooks.acme.com/deprov?token=REDACTED");
  });
});
