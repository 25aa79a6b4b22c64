/**
 * Okta's org authorization server for an OAuth 2.0 service app, as Okta documents it ("Implement
 * OAuth for Okta with a service app", "Configure OAuth 2.0 Demonstrating Proof-of-Possession"):
 *
 * - `POST /oauth2/v1/token`, form-encoded: `grant_type=client_credentials`, the granted `scope`, and
 *   a `private_key_jwt` client assertion (RFC 7523) signed by the app's registered key, with
 *   iss = sub = the client ID and aud = the token endpoint.
 * - With DPoP required (Okta's default for new service apps): a token request without a proof is
 *   refused (`invalid_dpop_proof`), one without the server's nonce gets `400 use_dpop_nonce` and a
 *   `DPoP-Nonce` header, and the token is issued as `token_type: DPoP`, bound to the proof's key.
 * - API requests then carry `Authorization: DPoP <token>` and a fresh proof for that request
 *   (`htm`, `htu` without the query, `ath` = the token's SHA-256), signed by the bound key; a
 *   proof seen before (`jti`) is refused as a replay. Without DPoP: `Authorization: Bearer`.
 *
 * Every check a real server makes on these messages is made here with jose, on the reader's clock.
 */
import { createHash, type KeyObject, randomBytes } from "node:crypto";
import { calculateJwkThumbprint, decodeProtectedHeader, EmbeddedJWK, type JWK, jwtVerify } from "jose";
import type { ApiAnswer, ApiRequest } from "../fake-api.ts";

export interface FakeServiceAppOptions {
  clientId: string;
  /** The public key registered for the app (its JWKS). */
  publicKey: KeyObject;
  /** The key id registered with it, when the assertion must name it. */
  keyId?: string;
  requireDpop: boolean;
  /** Scopes granted to the app. */
  grantedScopes: readonly string[];
  /** The server's clock (the reader's injected one). */
  now: () => number;
  /** Seconds a token lives (`expires_in`). @default 3600 */
  tokenLifetime?: number;
}

interface IssuedToken {
  /** The JWK thumbprint of the key a DPoP token is bound to; undefined for a Bearer token. */
  jkt: string | undefined;
}

export interface FakeServiceApp {
  token(request: ApiRequest, base: string): Promise<ApiAnswer>;
  /** The refusal of an API request whose authorisation fails, or undefined when it passes. */
  refusal(request: ApiRequest, base: string): Promise<ApiAnswer | undefined>;
  readonly stats: { tokensIssued: number; nonceChallenges: number; proofsVerified: number };
}

export function fakeServiceApp(options: FakeServiceAppOptions): FakeServiceApp {
  const tokens = new Map<string, IssuedToken>();
  const seenJti = new Set<string>();
  const nonce = randomBytes(12).toString("base64url");
  const stats = { tokensIssued: 0, nonceChallenges: 0, proofsVerified: 0 };
  const currentDate = () => new Date(options.now());
  const oauthError = (status: number, error: string, description: string, headers = {}): ApiAnswer => ({
    status,
    headers,
    json: { error, error_description: description },
  });

  /** Verifies a DPoP proof for `method url`; its key's thumbprint, or the refusal. */
  async function verifyProof(
    request: ApiRequest,
    method: string,
    url: string,
    extra: { nonce?: string; accessToken?: string },
  ): Promise<{ jkt: string } | { problem: string }> {
    const proof = request.headers.dpop;
    if (typeof proof !== "string") return { problem: "The DPoP proof JWT header is missing." };
    try {
      const { payload, protectedHeader } = await jwtVerify(proof, EmbeddedJWK, {
        typ: "dpop+jwt",
        currentDate: currentDate(),
        maxTokenAge: "5m",
      });
      if (payload.htm !== method) return { problem: `htm is ${String(payload.htm)}, not ${method}` };
      if (payload.htu !== url) return { problem: `htu is ${String(payload.htu)}, not ${url}` };
      if (typeof payload.jti !== "string" || seenJti.has(payload.jti))
        return { problem: "The DPoP proof was used before (jti)." };
      if (extra.nonce !== undefined && payload.nonce !== extra.nonce) return { problem: "nonce" };
      if (extra.accessToken !== undefined) {
        const ath = createHash("sha256").update(extra.accessToken).digest("base64url");
        if (payload.ath !== ath) return { problem: "ath does not match the access token" };
      }
      seenJti.add(payload.jti);
      stats.proofsVerified++;
      return { jkt: await calculateJwkThumbprint(protectedHeader.jwk as JWK) };
    } catch (error) {
      return { problem: `The DPoP proof is invalid: ${(error as Error).message}` };
    }
  }

  return {
    stats,
    async token(request, base) {
      const tokenUrl = `${base}/oauth2/v1/token`;
      if (request.method !== "POST") return { status: 405, json: {} };
      const form = new URLSearchParams(request.body);
      if (form.get("grant_type") !== "client_credentials")
        return oauthError(400, "unsupported_grant_type", "The grant type is not supported.");
      if (form.get("client_assertion_type") !== "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        return oauthError(401, "invalid_client", "Client authentication failed.");
      try {
        const assertion = form.get("client_assertion") ?? "";
        if (options.keyId !== undefined && decodeProtectedHeader(assertion).kid !== options.keyId)
          return oauthError(
            401,
            "invalid_client",
            "The client_assertion kid does not match a registered key.",
          );
        await jwtVerify(assertion, options.publicKey, {
          issuer: options.clientId,
          subject: options.clientId,
          audience: tokenUrl,
          currentDate: currentDate(),
          requiredClaims: ["exp", "jti"],
        });
      } catch {
        return oauthError(401, "invalid_client", "The client_assertion signature is invalid.");
      }
      const scopes = (form.get("scope") ?? "").split(" ").filter(Boolean);
      const refusedScopes = scopes.filter((scope) => !options.grantedScopes.includes(scope));
      if (scopes.length === 0 || refusedScopes.length > 0)
        return oauthError(
          400,
          "invalid_scope",
          `The following scopes are not allowed: ${refusedScopes.join(", ")}`,
        );
      let jkt: string | undefined;
      if (options.requireDpop) {
        if (request.headers.dpop === undefined)
          return oauthError(400, "invalid_dpop_proof", "The DPoP proof JWT header is missing.");
        const unverified = decodePayload(String(request.headers.dpop));
        if (unverified.nonce !== nonce) {
          stats.nonceChallenges++;
          return oauthError(400, "use_dpop_nonce", "Authorization server requires nonce in DPoP proof.", {
            "dpop-nonce": nonce,
          });
        }
        const verified = await verifyProof(request, "POST", tokenUrl, { nonce });
        if ("problem" in verified) return oauthError(400, "invalid_dpop_proof", verified.problem);
        jkt = verified.jkt;
      }
      const accessToken = `eyJraWQiOi${randomBytes(24).toString("base64url")}`;
      tokens.set(accessToken, { jkt });
      stats.tokensIssued++;
      return {
        status: 200,
        json: {
          token_type: jkt === undefined ? "Bearer" : "DPoP",
          expires_in: options.tokenLifetime ?? 3600,
          access_token: accessToken,
          scope: scopes.join(" "),
        },
      };
    },
    async refusal(request, base) {
      const header = String(request.headers.authorization ?? "");
      const [scheme = "", accessToken = ""] = header.split(" ");
      const issued = tokens.get(accessToken);
      const invalid = (description: string): ApiAnswer => ({
        status: 401,
        headers: {
          "www-authenticate": `${scheme || "Bearer"} error="invalid_token", error_description="${description}"`,
        },
        json: { errorCode: "E0000011", errorSummary: "Invalid token provided" },
      });
      if (issued === undefined) return invalid("The access token is invalid.");
      if (issued.jkt === undefined) return scheme === "Bearer" ? undefined : invalid("Not a DPoP token.");
      if (scheme !== "DPoP") return invalid("A DPoP-bound token must be sent with the DPoP scheme.");
      const verified = await verifyProof(request, request.method, `${base}${request.path}`, { accessToken });
      if ("problem" in verified) {
        return {
          status: 401,
          headers: {
            "www-authenticate": `DPoP error="invalid_dpop_proof", error_description="${verified.problem}"`,
          },
          json: { errorCode: "E0000011", errorSummary: "Invalid token provided" },
        };
      }
      if (verified.jkt !== issued.jkt) return invalid("The DPoP proof is not signed by the token's key.");
      return undefined;
    },
  };
}

function decodePayload(jwt: string): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<
      string,
      unknown
    >;
  } catch {
    return {};
  }
}
