/**
 * Google: the OAuth 2.0 token endpoint for service accounts (`POST /token`, a JWT bearer assertion
 * signed RS256 by the service account's key, with `sub` for domain-wide delegation) and the Admin
 * SDK Directory API's `users.list` (`GET /admin/directory/v1/users`), paged by `pageToken`.
 */
import { generateKeyPairSync, verify } from "node:crypto";
import { type ApiAnswer, bearerOf, type FakeApi, type Fault, pageOf, startFakeApi } from "../fake-api.ts";

export const READONLY_SCOPE = "https://www.googleapis.com/auth/admin.directory.user.readonly";

export interface ServiceAccountKey {
  type: "service_account";
  project_id: string;
  private_key_id: string;
  private_key: string;
  client_email: string;
  client_id: string;
  token_uri: string;
}

/** A service-account key file as the Cloud console writes it, with a fresh RSA key. */
export function serviceAccountKey(tokenUri: string): { key: ServiceAccountKey; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  return {
    key: {
      type: "service_account",
      project_id: "acme-deprov",
      private_key_id: "3f0c9a2b7d1e4f5a6b7c8d9e0f1a2b3c4d5e6f70",
      private_key: privateKey,
      client_email: "deprov-reader@acme-deprov.iam.gserviceaccount.com",
      client_id: "108215634907215348811",
      token_uri: tokenUri,
    },
    publicKey,
  };
}

export interface FakeGoogleOptions {
  users: readonly unknown[];
  publicKey: string;
  clientEmail: string;
  subject: string;
  customer?: string;
  maxPageSize?: number;
  faults?: readonly Fault[];
}

export async function startFakeGoogle(options: FakeGoogleOptions): Promise<FakeApi & { tokens: string[] }> {
  const tokens: string[] = [];
  const api = await startFakeApi((request): ApiAnswer => {
    if (request.method === "POST" && request.path === "/token") {
      const form = new URLSearchParams(request.body);
      const claims = verifiedClaims(form.get("assertion") ?? "", options.publicKey);
      if (form.get("grant_type") !== "urn:ietf:params:oauth:grant-type:jwt-bearer" || claims === undefined) {
        return { status: 400, json: { error: "invalid_grant", error_description: "Invalid JWT Signature." } };
      }
      if (
        claims.iss !== options.clientEmail ||
        claims.sub !== options.subject ||
        claims.scope !== READONLY_SCOPE
      ) {
        return {
          status: 401,
          json: {
            error: "unauthorized_client",
            error_description:
              "Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.",
          },
        };
      }
      const token = `ya29.c.fake-google-${tokens.length + 1}`;
      tokens.push(token);
      return { status: 200, json: { access_token: token, expires_in: 3599, token_type: "Bearer" } };
    }
    const bearer = bearerOf(request);
    if (bearer === undefined || !tokens.includes(bearer)) {
      return {
        status: 401,
        json: {
          error: {
            code: 401,
            message: "Request had invalid authentication credentials.",
            status: "UNAUTHENTICATED",
          },
        },
      };
    }
    if (request.path !== "/admin/directory/v1/users")
      return { status: 404, json: { error: { code: 404, message: "Not Found" } } };
    if (request.query.get("customer") !== (options.customer ?? "my_customer")) {
      return {
        status: 400,
        json: { error: { code: 400, message: "Bad Request", errors: [{ reason: "badRequest" }] } },
      };
    }
    const size = Math.min(Number(request.query.get("maxResults") ?? "100"), options.maxPageSize ?? 500);
    const start = Number(Buffer.from(request.query.get("pageToken") ?? "MA", "base64url").toString("utf8"));
    const users = pageOf(options.users, start, size);
    const body: Record<string, unknown> = { kind: "admin#directory#users", etag: '"pA3bXq0"', users };
    if (start + size < options.users.length)
      body.nextPageToken = Buffer.from(String(start + size)).toString("base64url");
    return { status: 200, json: body };
  }, options.faults);
  return { ...api, tokens };
}

function verifiedClaims(assertion: string, publicKey: string): Record<string, unknown> | undefined {
  const [header, payload, signature] = assertion.split(".");
  if (header === undefined || payload === undefined || signature === undefined) return undefined;
  const valid = verify(
    "RSA-SHA256",
    Buffer.from(`${header}.${payload}`),
    publicKey,
    Buffer.from(signature, "base64url"),
  );
  if (!valid) return undefined;
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
}
