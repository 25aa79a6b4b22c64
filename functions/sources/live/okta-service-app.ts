/**
 * Okta through an OAuth 2.0 service app (Okta's "API Services" integration) instead of an SSWS API
 * token: the client-credentials grant with a `private_key_jwt` client assertion — the only client
 * authentication Okta takes for tokens with Okta scopes — asking for `okta.users.read`, and DPoP
 * when the token endpoint asks for it (Okta's default for new service apps). The token is kept
 * until shortly before it expires.
 *
 * The credential is JSON: `{"clientId": "0oa…", "privateKey": <PEM, or the JWK Okta's console
 * generates>, "keyId": "<kid>"}` (`keyId` optional: a JWK's own `kid` serves). Nothing of it, nor
 * the token, appears in any message.
 */
import { createPrivateKey, type KeyObject, randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import type { CredentialRef, SourceConfig } from "../../config/schema.ts";
import type { Instant } from "../../core/model.ts";
import { DpopKey } from "../../ports/http/dpop-key.ts";
import {
  type HttpClient,
  HttpRequestError,
  type HttpResponse,
  type RequestSigner,
} from "../../ports/http/http-client.ts";
import { endpointUrl } from "./api-url.ts";
import { credentialJson } from "./credential-json.ts";
import type { SecretList } from "./live-http.ts";
import { describeCredentialRef, LiveReadError, sourceName } from "./live-read.ts";
import { isObject } from "./page-json.ts";
import { readTokenAnswer } from "./token-answer.ts";

/** List Users needs this scope and no other. */
export const OKTA_USERS_SCOPE = "okta.users.read";
/** Okta refuses client assertions that live longer than an hour; five minutes is its own example's. */
const ASSERTION_LIFETIME_S = 300;

export interface OktaServiceApp {
  clientId: string;
  key: KeyObject;
  alg: "RS256" | "ES256";
  keyId?: string;
}

/** How a request to Okta's API is authorised: a header, or DPoP proofs that carry the token. */
export type OktaAuthorization = { headers: Record<string, string> } | { signer: RequestSigner };

/** True when the credential is a service app's JSON rather than an SSWS API token. */
export function isServiceAppCredential(raw: string): boolean {
  return raw.trimStart().startsWith("{");
}

export function oktaServiceApp(
  source: SourceConfig,
  ref: CredentialRef,
  raw: string,
  secrets: SecretList,
): OktaServiceApp {
  const what = "an Okta service app";
  const record = credentialJson(source, ref, raw, ["clientId"], what);
  const privateKey = record.privateKey;
  const refused = (problem: string) =>
    new LiveReadError(
      `${sourceName(source)}: the credential ${describeCredentialRef(ref)} ${problem}; expected ${what}: JSON with "clientId" and "privateKey" (a PEM private key, or the JWK Okta generated)`,
    );
  let key: KeyObject;
  try {
    if (typeof privateKey === "string" && privateKey !== "") {
      secrets.add(privateKey);
      key = createPrivateKey(pemWithLineBreaks(privateKey));
    } else if (isObject(privateKey) && typeof privateKey.d === "string") {
      secrets.add(privateKey.d);
      key = createPrivateKey({ key: privateKey as never, format: "jwk" });
    } else {
      throw refused('lacks "privateKey"');
    }
  } catch (error) {
    if (error instanceof LiveReadError) throw error;
    throw refused('has a "privateKey" that is not a private key');
  }
  const alg = algorithmOf(key);
  if (alg === undefined) throw refused('has a "privateKey" that is neither RSA nor EC P-256');
  const keyId =
    typeof record.keyId === "string" && record.keyId !== ""
      ? record.keyId
      : isObject(privateKey) && typeof privateKey.kid === "string"
        ? privateKey.kid
        : undefined;
  return { clientId: record.clientId, key, alg, ...(keyId !== undefined ? { keyId } : {}) };
}

/** A PEM pasted with its line breaks escaped (`\n` as two characters, as in many secret stores' forms). */
function pemWithLineBreaks(pem: string): string {
  return pem.includes("\n") ? pem : pem.replaceAll("\\n", "\n");
}

function algorithmOf(key: KeyObject): OktaServiceApp["alg"] | undefined {
  if (key.asymmetricKeyType === "rsa") return "RS256";
  if (key.asymmetricKeyType === "ec" && key.asymmetricKeyDetails?.namedCurve === "prime256v1") return "ES256";
  return undefined;
}

export class OktaServiceAppToken {
  private readonly tokenUrl: URL;
  private authorization: OktaAuthorization | undefined;
  private renewAt: Instant = 0;
  private dpop: Promise<DpopKey> | undefined;

  constructor(
    private readonly source: SourceConfig,
    private readonly http: HttpClient,
    base: string,
    private readonly app: OktaServiceApp,
    private readonly secrets: SecretList,
    private readonly now: () => Instant,
  ) {
    this.tokenUrl = endpointUrl(base, "oauth2/v1/token", {});
  }

  /** The authorisation of the next API request, with a token asked for when none is current. */
  async current(): Promise<OktaAuthorization> {
    if (this.authorization !== undefined && this.now() < this.renewAt) return this.authorization;
    this.dpop ??= DpopKey.generate(this.now);
    const dpop = await this.dpop;
    const assertion = await this.clientAssertion();
    // Signed with the app's key, it buys a token until it expires: a secret like the key.
    this.secrets.add(assertion);
    const form = new URLSearchParams({
      grant_type: "client_credentials",
      scope: OKTA_USERS_SCOPE,
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: assertion,
    });
    let answer: HttpResponse;
    try {
      answer = await this.http.send({
        method: "POST",
        url: this.tokenUrl.toString(),
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: form.toString(),
        signer: dpop.tokenRequests(),
        // Asking for a token changes nothing: it may be asked again.
        idempotent: true,
        label: `${this.tokenUrl.origin}${this.tokenUrl.pathname}`,
      });
    } catch (error) {
      if (error instanceof HttpRequestError && (error.status === 400 || error.status === 401))
        throw new LiveReadError(
          `${error.message}: Okta did not issue a token to the service app; check its client ID, the public key registered for it, and that it was granted the ${OKTA_USERS_SCOPE} scope and a read-only admin role (infra/README.md)`,
        );
      throw error;
    }
    const { token, type, renewAt } = readTokenAnswer(
      this.source,
      this.tokenUrl,
      answer,
      this.secrets,
      this.now(),
    );
    this.renewAt = renewAt;
    // A DPoP-bound token is useless without proofs; a Bearer one (an app that does not require DPoP) needs none.
    this.authorization =
      type.toLowerCase() === "dpop"
        ? { signer: dpop.resourceRequests(token) }
        : { headers: { authorization: `Bearer ${token}` } };
    return this.authorization;
  }

  /** RFC 7523's client assertion, as Okta asks for it: iss = sub = client ID, aud = the token endpoint. */
  private clientAssertion(): Promise<string> {
    const issuedAt = Math.floor(this.now() / 1000);
    return new SignJWT({})
      .setProtectedHeader({
        alg: this.app.alg,
        ...(this.app.keyId !== undefined ? { kid: this.app.keyId } : {}),
      })
      .setIssuer(this.app.clientId)
      .setSubject(this.app.clientId)
      .setAudience(this.tokenUrl.toString())
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + ASSERTION_LIFETIME_S)
      .setJti(randomUUID())
      .sign(this.app.key);
  }
}
