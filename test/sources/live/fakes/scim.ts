/**
 * A SCIM 2.0 service provider's `GET /Users` (RFC 7644 §3.4.2): bearer token, `startIndex` (1-based)
 * and `count`, a ListResponse per page; the server caps pages at `maxPageSize` (as RFC 7644 allows).
 */
import { type ApiAnswer, bearerOf, type FakeApi, type Fault, pageOf, startFakeApi } from "../fake-api.ts";

export const LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const SCIM_ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

export interface FakeScimOptions {
  users: readonly unknown[];
  token: string;
  /** The path the SCIM base is served under, e.g. `/scim/v2`. */
  basePath?: string;
  maxPageSize?: number;
  faults?: readonly Fault[];
  /** The listing as it stands at the n-th listing request (1-based): a listing that changes during the read. */
  usersAt?: (n: number) => readonly unknown[];
}

export async function startFakeScim(options: FakeScimOptions): Promise<FakeApi & { base: string }> {
  const basePath = options.basePath ?? "/scim/v2";
  let listings = 0;
  const api = await startFakeApi((request): ApiAnswer => {
    if (bearerOf(request) !== options.token) {
      return {
        status: 401,
        json: { schemas: [SCIM_ERROR], detail: "invalid_authentication", status: "401" },
      };
    }
    if (request.method !== "GET" || request.path !== `${basePath}/Users`) {
      return { status: 404, json: { schemas: [SCIM_ERROR], detail: "not found", status: "404" } };
    }
    listings++;
    const users = options.usersAt?.(listings) ?? options.users;
    const startIndex = Math.max(1, Number(request.query.get("startIndex") ?? "1"));
    const count = Math.min(Number(request.query.get("count") ?? "100"), options.maxPageSize ?? 100);
    const resources = pageOf(users, startIndex - 1, count);
    return {
      status: 200,
      headers: { "content-type": "application/scim+json" },
      json: {
        schemas: [LIST_RESPONSE],
        totalResults: users.length,
        itemsPerPage: resources.length,
        startIndex,
        Resources: resources,
      },
    };
  }, options.faults);
  return { ...api, base: `${api.url}${basePath}` };
}
