import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { DpopKey } from "../../../functions/ports/http/dpop-key.ts";
import {
  HttpClient,
  HttpRequestError,
  type RequestSigner,
} from "../../../functions/ports/http/http-client.ts";
import { oktaPacing, oktaRateLimitReset } from "../../../functions/ports/http/retry-timing.ts";
import {
  type Handler,
  type LoopbackServer,
  type Reply,
  startLoopbackServer,
} from "../tasks/loopback-server.ts";

const NOW = Date.parse("2026-11-26T09:00:00Z");
const TOKEN = "00aBcDeFgHiJkLmNoPqRsTuVwXyZ-token";

let server: LoopbackServer | undefined;
let raw: { close(): Promise<void> } | undefined;
afterEach(async () => {
  await server?.close();
  await raw?.close();
  server = undefined;
  raw = undefined;
});

async function serve(...replies: Reply[]): Promise<LoopbackServer> {
  let next = 0;
  const handler: Handler = () => replies[Math.min(next++, replies.length - 1)] ?? { status: 500 };
  server = await startLoopbackServer(handler);
  return server;
}

function client(waits: number[] = [], overrides: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) {
  return new HttpClient({
    name: 'source "okta"',
    sleep: async (ms) => {
      waits.push(ms);
    },
    now: () => NOW,
    random: () => 0.5,
    allowHttpLoopback: true,
    ...overrides,
  });
}

/** A server that writes raw bytes, for answers a well-behaved handler cannot give. */
async function rawServer(write: (res: import("node:http").ServerResponse) => void): Promise<string> {
  const http = createServer((_req, res) => write(res));
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  raw = {
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
  return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
}

describe("HttpClient: where a request may go", () => {
  it("refuses plain http to a loopback address unless allowed", async () => {
    // Prepare
    const { url, requests } = await serve({ status: 200, json: [] });

    // Act
    const sent = client([], { allowHttpLoopback: false }).send({ method: "GET", url: `${url}/api/v1/users` });

    // Assess
    await expect(sent).rejects.toThrow(
      `source "okta": GET ${url}/api/v1/users failed: plain http is refused; it is allowed to a loopback address only with DEPROV_ALLOW_HTTP_LOOPBACK=1 (nothing sent)`,
    );
    expect(requests).toHaveLength(0);
  });

  it("refuses plain http to any other host, even when loopback is allowed", async () => {
    // Act
    const sent = client().send({ method: "GET", url: "http://acme.okta.com/api/v1/users" });

    // Assess
    await expect(sent).rejects.toThrow("expected an https URL (nothing sent)");
  });

  it("refuses a URL with credentials in it, and never repeats them", async () => {
    // Act
    const error = await client()
      .send({ method: "GET", url: `https://svc:${TOKEN}@acme.okta.com/api/v1/users?api_token=${TOKEN}` })
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(HttpRequestError);
    expect((error as HttpRequestError).kind).toBe("refused-url");
    expect(String(error)).toContain("credentials embedded in the URL are refused");
    expect(String(error)).toContain("https://acme.okta.com/api/v1/users?api_token=REDACTED");
    expect(String(error)).not.toContain(TOKEN);
  });

  it("follows a redirect within the same origin, with the credential", async () => {
    // Prepare
    const { url, requests } = await serve(
      { status: 301, headers: { location: "/api/v1/users?limit=200" } },
      { status: 200, json: [{ id: "00u1" }] },
    );

    // Act
    const answer = await client().send({
      method: "GET",
      url: `${url}/api/v1/users`,
      headers: { authorization: `SSWS ${TOKEN}` },
    });

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.url).toBe(`${url}/api/v1/users?limit=200`);
    expect(requests.map((r) => r.headers.authorization)).toEqual([`SSWS ${TOKEN}`, `SSWS ${TOKEN}`]);
  });

  it("refuses a redirect to another origin before anything is sent there", async () => {
    // Prepare
    const other = await startLoopbackServer(() => ({ status: 200, json: [] }));
    try {
      const { url } = await serve({
        status: 302,
        headers: { location: `${other.url}/steal?token=${TOKEN}` },
      });

      // Act
      const error = await client()
        .send({ method: "GET", url: `${url}/api/v1/users`, headers: { authorization: `SSWS ${TOKEN}` } })
        .catch((e: unknown) => e);

      // Assess
      expect((error as HttpRequestError).kind).toBe("redirect");
      expect(String(error)).toContain(`redirect to another origin (${other.url}) refused`);
      expect(String(error)).not.toContain(TOKEN);
      expect(other.requests).toHaveLength(0);
    } finally {
      await other.close();
    }
  });

  it("caps the number of redirects", async () => {
    // Prepare
    const { url } = await serve({ status: 302, headers: { location: "/again" } });

    // Act
    const sent = client([], { maxRedirects: 3 }).send({ method: "GET", url: `${url}/start` });

    // Assess
    await expect(sent).rejects.toThrow("more than 3 redirects");
  });
});

describe("HttpClient: retries", () => {
  it("waits as a 429's Retry-After says, and backs off with full jitter on 5xx", async () => {
    // Prepare
    const { url, requests } = await serve(
      { status: 429, headers: { "retry-after": "7" } },
      { status: 502 },
      { status: 500 },
      { status: 200, json: [] },
    );
    const waits: number[] = [];

    // Act
    await client(waits, { initialBackoffMs: 1000 }).send({ method: "GET", url: `${url}/x` });

    // Assess: attempt 2 backs off up to 2 s, attempt 3 up to 4 s; the jitter draws half of each.
    expect(waits).toEqual([7000, 1000, 2000]);
    expect(requests).toHaveLength(4);
  });

  it("waits for Okta's X-Rate-Limit-Reset, measured on the server's clock", async () => {
    // Prepare
    const serverNow = "Thu, 26 Nov 2026 09:00:10 GMT";
    const reset = String(Date.parse("2026-11-26T09:00:40Z") / 1000);
    const { url } = await serve(
      {
        status: 429,
        headers: { date: serverNow, "x-rate-limit-remaining": "0", "x-rate-limit-reset": reset },
      },
      { status: 200, json: [] },
    );
    const waits: number[] = [];

    // Act
    await client(waits, { retryWait: oktaRateLimitReset, maxWaitMs: 60_000 }).send({
      method: "GET",
      url: `${url}/api/v1/users`,
    });

    // Assess: 30 s on the server's clock, plus a second for the whole-second rounding.
    expect(waits).toEqual([31_000]);
  });

  it("paces itself when Okta says the window is used up, instead of drawing a 429", async () => {
    // Prepare
    const reset = String(Date.parse("2026-11-26T09:00:20Z") / 1000);
    const { url, requests } = await serve(
      {
        status: 200,
        json: [],
        headers: {
          date: "Thu, 26 Nov 2026 09:00:00 GMT",
          "x-rate-limit-remaining": "0",
          "x-rate-limit-reset": reset,
        },
      },
      { status: 200, json: [] },
    );
    const waits: number[] = [];
    const okta = client(waits, { retryWait: oktaRateLimitReset, pacing: oktaPacing });

    // Act
    await okta.send({ method: "GET", url: `${url}/api/v1/users` });
    await okta.send({ method: "GET", url: `${url}/api/v1/users?after=00u9` });

    // Assess
    expect(waits).toEqual([21_000]);
    expect(requests).toHaveLength(2);
  });

  it("gives up after the last attempt naming the status", async () => {
    // Prepare
    const { url, requests } = await serve({ status: 503, headers: { "retry-after": "20" } });
    const waits: number[] = [];

    // Act
    const sent = client(waits, { maxAttempts: 3, maxWaitMs: 20_000 }).send({
      method: "GET",
      url: `${url}/x`,
    });

    // Assess
    await expect(sent).rejects.toThrow(`source "okta": GET ${url}/x failed: HTTP 503 (after 3 attempts)`);
    expect(waits).toEqual([20_000, 20_000]);
    expect(requests).toHaveLength(3);
  });

  it.each([
    ["120", 120],
    ["3600", 3600],
  ])(
    "never retries sooner than Retry-After: %s s, longer than the cap, fails at once saying so",
    async (header, seconds) => {
      // Prepare
      const { url, requests } = await serve({ status: 429, headers: { "retry-after": header } });
      const waits: number[] = [];

      // Act
      const sent = client(waits, { maxAttempts: 6, maxWaitMs: 65_000 }).send({
        method: "GET",
        url: `${url}/x`,
      });

      // Assess
      await expect(sent).rejects.toThrow(
        `source "okta": GET ${url}/x failed: HTTP 429; the system asked to wait ${seconds} s before trying again, longer than the 65 s this client waits at most (after 1 attempt)`,
      );
      expect(waits).toEqual([]);
      expect(requests).toHaveLength(1);
    },
  );

  it("backs off no longer than the cap when the system names no wait", async () => {
    // Prepare
    const { url } = await serve({ status: 503 }, { status: 503 }, { status: 200, json: [] });
    const waits: number[] = [];

    // Act
    await client(waits, { initialBackoffMs: 40_000, maxWaitMs: 50_000, random: () => 0.999 }).send({
      method: "GET",
      url: `${url}/x`,
    });

    // Assess
    expect(waits.every((ms) => ms <= 50_000)).toBe(true);
    expect(waits).toHaveLength(2);
  });

  it("fails at once when a wait would run past the deadline", async () => {
    // Prepare
    const { url, requests } = await serve({ status: 429, headers: { "retry-after": "30" } });

    // Act
    const sent = client([], { deadline: NOW + 10_000 }).send({ method: "GET", url: `${url}/x` });

    // Assess
    await expect(sent).rejects.toThrow("its time budget ends before the 30 s wait the system asked for");
    expect(requests).toHaveLength(1);
  });

  it("starts no request once the deadline has passed", async () => {
    // Prepare
    const { url, requests } = await serve({ status: 200, json: [] });

    // Act
    const sent = client([], { deadline: NOW }).send({ method: "GET", url: `${url}/x` });

    // Assess
    await expect(sent).rejects.toThrow(`GET ${url}/x failed: its time budget is used up (nothing sent)`);
    expect(requests).toHaveLength(0);
  });

  it("treats a throttling answer the system sends as 403 like a 429", async () => {
    // Prepare
    const { url, requests } = await serve(
      {
        status: 403,
        json: {
          error: { code: 403, message: "Rate Limit Exceeded", errors: [{ reason: "userRateLimitExceeded" }] },
        },
      },
      { status: 200, json: {} },
    );

    // Act
    await client([], {
      isThrottled: (status, body) => status === 403 && body.includes("RateLimitExceeded"),
    }).send({
      method: "GET",
      url: `${url}/x`,
    });

    // Assess
    expect(requests).toHaveLength(2);
  });

  it("does not retry an auth failure, and quotes the API's explanation but never the token", async () => {
    // Prepare
    const { url, requests } = await serve({
      status: 401,
      json: { errorCode: "E0000011", errorSummary: "Invalid token provided", errorCauses: [] },
    });

    // Act
    const error = await client([], { secrets: () => [TOKEN] })
      .send({ method: "GET", url: `${url}/api/v1/users`, headers: { authorization: `SSWS ${TOKEN}` } })
      .catch((e: unknown) => e);

    // Assess
    expect(String(error)).toBe(
      `HttpRequestError: source "okta": GET ${url}/api/v1/users failed: HTTP 401: E0000011; Invalid token provided (after 1 attempt)`,
    );
    expect((error as HttpRequestError).status).toBe(401);
    expect(requests).toHaveLength(1);
  });

  it("scrubs a secret an API echoes back in its error", async () => {
    // Prepare
    const { url } = await serve({
      status: 400,
      json: { error: "invalid_client", error_description: `bad secret ${TOKEN}` },
    });

    // Act
    const error = await client([], { secrets: () => [TOKEN] })
      .send({ method: "POST", url: `${url}/token`, body: "x" })
      .catch((e: unknown) => e);

    // Assess
    expect(String(error)).toContain("invalid_client; bad secret [REDACTED]");
    expect(String(error)).not.toContain(TOKEN);
  });
});

describe("HttpClient: answers", () => {
  it("stops reading an answer at the byte cap and does not retry it", async () => {
    // Prepare
    const { url, requests } = await serve({ status: 200, text: "x".repeat(10_000) });

    // Act
    const sent = client([], { maxResponseBytes: 1000 }).send({ method: "GET", url: `${url}/x` });

    // Assess
    await expect(sent).rejects.toThrow("the answer is larger than 1000 bytes (after 1 attempt)");
    expect(requests).toHaveLength(1);
  });

  it("stops at the cap when the answer does not declare its length", async () => {
    // Prepare
    const url = await rawServer((res) => {
      res.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked" });
      for (let i = 0; i < 20; i++) res.write("y".repeat(100));
      res.end();
    });

    // Act
    const sent = client([], { maxResponseBytes: 1000 }).send({ method: "GET", url: `${url}/x` });

    // Assess
    await expect(sent).rejects.toThrow("the answer is larger than 1000 bytes");
  });

  it("retries an answer that breaks off before its end, then fails naming it", async () => {
    // Prepare
    let served = 0;
    const url = await rawServer((res) => {
      served++;
      res.writeHead(200, { "content-type": "application/json", "content-length": "5000" });
      res.write('[{"id":"00u1"},');
      setImmediate(() => res.socket?.destroy());
    });

    // Act
    const sent = client([], { maxAttempts: 2 }).send({ method: "GET", url: `${url}/api/v1/users` });

    // Assess
    await expect(sent).rejects.toThrow(
      `GET ${url}/api/v1/users failed: the answer broke off before its end (UND_ERR_SOCKET) (after 2 attempts)`,
    );
    expect(served).toBe(2);
  });

  it("times out an attempt that gets no answer", async () => {
    // Prepare
    server = await startLoopbackServer(() => new Promise<Reply>(() => {}));

    // Act
    const sent = client([], { timeoutMs: 50, maxAttempts: 2 }).send({
      method: "GET",
      url: `${server.url}/x`,
    });

    // Assess
    await expect(sent).rejects.toThrow("no answer within 50 ms (after 2 attempts)");
  });
});

describe("HttpClient: signed requests (DPoP)", () => {
  const payloadOf = (jwt: unknown) =>
    JSON.parse(Buffer.from(String(jwt).split(".")[1] ?? "", "base64url").toString("utf8")) as Record<
      string,
      unknown
    >;

  it("signs each attempt and each redirect hop anew, for its own method and URL", async () => {
    // Prepare
    const { url, requests } = await serve(
      { status: 503, text: "busy" },
      { status: 301, headers: { location: "/api/v1/users?after=00u2" } },
      { status: 200, json: [] },
    );
    const signed: string[] = [];
    const signer: RequestSigner = {
      headersFor: async (method, target) => {
        signed.push(`${method} ${target}`);
        return { "x-proof": `proof-${signed.length}` };
      },
      challenged: () => false,
    };

    // Act
    await client().send({ method: "GET", url: `${url}/api/v1/users`, signer });

    // Assess
    expect(signed).toEqual([
      `GET ${url}/api/v1/users`,
      `GET ${url}/api/v1/users`,
      `GET ${url}/api/v1/users?after=00u2`,
    ]);
    expect(requests.map((r) => r.headers["x-proof"])).toEqual(["proof-1", "proof-2", "proof-3"]);
  });

  it("answers a resource server's nonce challenge at once, with a proof bound to the token and the nonce", async () => {
    // Prepare
    const challenge: Reply = {
      status: 401,
      headers: { "www-authenticate": 'DPoP error="use_dpop_nonce"', "dpop-nonce": "n-1" },
      json: {},
    };
    const { url, requests } = await serve(challenge, { status: 200, json: [] });
    const key = await DpopKey.generate(() => NOW);
    const waits: number[] = [];

    // Act
    await client(waits).send({
      method: "GET",
      url: `${url}/api/v1/users?limit=200`,
      signer: key.resourceRequests(TOKEN),
    });

    // Assess
    expect(waits).toEqual([]);
    expect(requests.map((r) => r.headers.authorization)).toEqual([`DPoP ${TOKEN}`, `DPoP ${TOKEN}`]);
    const [first, second] = requests.map((r) => payloadOf(r.headers.dpop));
    expect(first).toMatchObject({ htm: "GET", htu: `${url}/api/v1/users`, iat: NOW / 1000 });
    expect(first?.nonce).toBeUndefined();
    expect(second).toMatchObject({
      nonce: "n-1",
      ath: createHash("sha256").update(TOKEN).digest("base64url"),
    });
    expect(second?.jti).not.toBe(first?.jti);
  });

  it("answers the challenge as Okta's API may word it too: 400 with a JSON use_dpop_nonce", async () => {
    // Prepare
    const { url, requests } = await serve(
      {
        status: 400,
        headers: { "dpop-nonce": "n-2" },
        json: { error: "use_dpop_nonce", error_description: "Resource server requires nonce in DPoP proof." },
      },
      { status: 200, json: [] },
    );
    const key = await DpopKey.generate(() => NOW);

    // Act
    const answer = await client().send({
      method: "GET",
      url: `${url}/api/v1/users`,
      signer: key.resourceRequests(TOKEN),
    });

    // Assess
    expect(answer.status).toBe(200);
    expect(requests.map((r) => payloadOf(r.headers.dpop).nonce)).toEqual([undefined, "n-2"]);
  });

  it("does not resend for a nonce it already sent: a server that keeps refusing fails the request", async () => {
    // Prepare
    const { url, requests } = await serve({
      status: 400,
      headers: { "dpop-nonce": "n-1" },
      json: {
        error: "use_dpop_nonce",
        error_description: "Authorization server requires nonce in DPoP proof.",
      },
    });
    const key = await DpopKey.generate(() => NOW);

    // Act
    const failure = await client()
      .send({
        method: "POST",
        url: `${url}/oauth2/v1/token`,
        body: "grant_type=client_credentials",
        idempotent: true,
        signer: key.tokenRequests(),
      })
      .catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(HttpRequestError);
    expect((failure as HttpRequestError).message).toContain("HTTP 400: use_dpop_nonce");
    expect(requests).toHaveLength(2);
  });
});
