/**
 * Microsoft Entra ID through Microsoft Graph: the identity platform's v2.0 token endpoint
 * (`POST /{tenant}/oauth2/v2.0/token`, client credentials) and `GET /v1.0/users` with `$select` and
 * `$top`, paged by `@odata.nextLink` (a `$skiptoken`). A tenant without Entra ID P1/P2 answers 403
 * `Authentication_RequestFromNonPremiumTenantOrB2CTenant` when `signInActivity` is selected.
 */
import { type ApiAnswer, bearerOf, type FakeApi, type Fault, pageOf, startFakeApi } from "../fake-api.ts";

export interface FakeGraphOptions {
  users: readonly Record<string, unknown>[];
  tenantId: string;
  clientId: string;
  clientSecret: string;
  premium?: boolean;
  maxPageSize?: number;
  faults?: readonly Fault[];
}

export async function startFakeGraph(
  options: FakeGraphOptions,
): Promise<FakeApi & { graph: string; tokenUrl: string; tokens: string[] }> {
  const tokens: string[] = [];
  let origin = "";
  const api = await startFakeApi((request): ApiAnswer => {
    if (request.method === "POST" && request.path === `/${options.tenantId}/oauth2/v2.0/token`) {
      const form = new URLSearchParams(request.body);
      if (form.get("client_id") !== options.clientId || form.get("client_secret") !== options.clientSecret) {
        return {
          status: 401,
          json: {
            error: "invalid_client",
            error_description:
              "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.\r\nTrace ID: 0f1d2c3b",
            error_codes: [7000215],
          },
        };
      }
      if (form.get("grant_type") !== "client_credentials" || form.get("scope") !== `${origin}/.default`) {
        return {
          status: 400,
          json: {
            error: "invalid_scope",
            error_description: "AADSTS1002012: The provided value for scope is not valid.",
          },
        };
      }
      const token = `eyJ0eXAiOiJKV1QiLCJub25jZSI6-graph-${tokens.length + 1}`;
      tokens.push(token);
      return {
        status: 200,
        json: { token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599, access_token: token },
      };
    }
    const bearer = bearerOf(request);
    if (bearer === undefined || !tokens.includes(bearer)) {
      return {
        status: 401,
        json: {
          error: {
            code: "InvalidAuthenticationToken",
            message: "Access token validation failure. Invalid audience.",
          },
        },
      };
    }
    if (request.path !== "/v1.0/users")
      return { status: 404, json: { error: { code: "Request_ResourceNotFound", message: "not found" } } };
    const select = (request.query.get("$select") ?? "id,displayName").split(",");
    if (select.includes("signInActivity") && options.premium === false) {
      return {
        status: 403,
        json: {
          error: {
            code: "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
            message: "Neither tenant is B2C or tenant doesn't have premium license",
            innerError: {
              date: "2026-11-26T09:00:00",
              "request-id": "5b2f0d6e",
              "client-request-id": "5b2f0d6e",
            },
          },
        },
      };
    }
    const top = Math.min(Number(request.query.get("$top") ?? "100"), options.maxPageSize ?? 999);
    const skip = Number(Buffer.from(request.query.get("$skiptoken") ?? "MA", "base64url").toString("utf8"));
    const page = pageOf(options.users, skip, top).map((user) =>
      Object.fromEntries(Object.entries(user).filter(([key]) => select.includes(key))),
    );
    const body: Record<string, unknown> = {
      "@odata.context": `${origin}/v1.0/$metadata#users(${select.join(",")})`,
      value: page,
    };
    if (skip + top < options.users.length) {
      const next = new URL(`${origin}/v1.0/users`);
      next.searchParams.set("$select", select.join(","));
      next.searchParams.set("$top", String(top));
      next.searchParams.set("$skiptoken", Buffer.from(String(skip + top)).toString("base64url"));
      body["@odata.nextLink"] = next.toString();
    }
    return { status: 200, json: body };
  }, options.faults);
  origin = api.url;
  return {
    ...api,
    graph: `${api.url}/v1.0`,
    tokenUrl: `${api.url}/${options.tenantId}/oauth2/v2.0/token`,
    tokens,
  };
}
