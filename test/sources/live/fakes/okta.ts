/**
 * Okta's `GET /api/v1/users`: `SSWS` token, `limit` (at most 200) and an `after` cursor carried by
 * `Link: <…>; rel="next"`; DEPROVISIONED users only when asked for with `filter=status eq
 * "DEPROVISIONED"`; every answer carries `X-Rate-Limit-Limit`/`-Remaining`/`-Reset`.
 */
import { type ApiAnswer, type FakeApi, type Fault, startFakeApi } from "../fake-api.ts";
import type { FakeServiceApp } from "./okta-service-app.ts";

export interface FakeOktaOptions {
  users: readonly { id: string; status: string }[];
  /** The SSWS API token the API takes. */
  token: string;
  /** An OAuth 2.0 service app whose tokens the API takes too (okta-service-app.ts). */
  serviceApp?: FakeServiceApp;
  maxPageSize?: number;
  /** Requests allowed per rate-limit window (reported in the headers). */
  rateLimit?: number;
  /** Epoch seconds of the window's reset, and the server's clock (HTTP date). */
  resetAt?: number;
  serverDate?: string;
  faults?: readonly Fault[];
}

export const DEPROVISIONED_FILTER = 'status eq "DEPROVISIONED"';

export async function startFakeOkta(options: FakeOktaOptions): Promise<FakeApi> {
  let served = 0;
  let base = "";
  const api = await startFakeApi(async (request): Promise<ApiAnswer> => {
    if (request.path === "/oauth2/v1/token" && options.serviceApp !== undefined)
      return options.serviceApp.token(request, base);
    served++;
    const rateHeaders = {
      "x-rate-limit-limit": String(options.rateLimit ?? 600),
      "x-rate-limit-remaining": String(Math.max(0, (options.rateLimit ?? 600) - served)),
      "x-rate-limit-reset": String(options.resetAt ?? 1_795_000_000),
      ...(options.serverDate === undefined ? {} : { date: options.serverDate }),
    };
    // A request without an SSWS token is the service app's: it decides whether to let it through.
    const viaServiceApp =
      options.serviceApp !== undefined && !String(request.headers.authorization).startsWith("SSWS ");
    const serviceAppRefusal = viaServiceApp ? await options.serviceApp?.refusal(request, base) : undefined;
    if (serviceAppRefusal !== undefined)
      return { ...serviceAppRefusal, headers: { ...rateHeaders, ...serviceAppRefusal.headers } };
    if (!viaServiceApp && request.headers.authorization !== `SSWS ${options.token}`) {
      return {
        status: 401,
        headers: rateHeaders,
        json: {
          errorCode: "E0000011",
          errorSummary: "Invalid token provided",
          errorLink: "E0000011",
          errorId: "oaeT7Vd2a3bQ1uNwT4nC0lAsg",
          errorCauses: [],
        },
      };
    }
    if (request.path !== "/api/v1/users")
      return { status: 404, headers: rateHeaders, json: { errorCode: "E0000022" } };
    const filter = request.query.get("filter");
    if (filter !== null && filter !== DEPROVISIONED_FILTER) {
      return {
        status: 400,
        headers: rateHeaders,
        json: { errorCode: "E0000031", errorSummary: "Invalid search criteria." },
      };
    }
    const listed = options.users.filter((user) =>
      filter === null ? user.status !== "DEPROVISIONED" : user.status === "DEPROVISIONED",
    );
    const limit = Math.min(Number(request.query.get("limit") ?? "200"), options.maxPageSize ?? 200);
    const after = request.query.get("after");
    const start = after === null ? 0 : listed.findIndex((user) => user.id === after) + 1;
    const page = listed.slice(start, start + limit);
    const self = new URL(`${base}/api/v1/users`);
    for (const [name, value] of request.query) self.searchParams.set(name, value);
    const links = [`<${self}>; rel="self"`];
    const last = page.at(-1);
    if (last !== undefined && start + limit < listed.length) {
      const next = new URL(self);
      next.searchParams.set("after", last.id);
      links.push(`<${next}>; rel="next"`);
    }
    return { status: 200, headers: { ...rateHeaders, link: links.join(", ") }, json: page };
  }, options.faults);
  base = api.url;
  return api;
}
