/**
 * DPoP (RFC 9449): proofs that the sender of a request holds a private key, which sender-constrains
 * an access token to that key — a token copied out of a log or a proxy is useless without it. Okta
 * requires DPoP of OAuth service apps by default.
 *
 * The key is made for one read and never leaves the process: RSA 2048 (RS256), the algorithm
 * Okta's own SDKs sign their proofs with, so every Okta authorization server takes it. Each
 * request attempt gets a fresh proof (`jti`), bound to its method and URL (`htm`, `htu`: without
 * query and fragment, as RFC 9449 and Okta's SDKs write it), to the access token when it carries
 * one (`ath`), and to the server's latest nonce (`DPoP-Nonce`), which a server asks for by
 * refusing a request with `use_dpop_nonce`.
 */
import { createHash, randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, type JWK, type KeyLike, SignJWT } from "jose";
import type { HttpMethod, HttpResponse, RequestSigner } from "./http-client.ts";

const ALG = "RS256";

export class DpopKey {
  /** The latest nonce each origin gave, by origin. */
  private readonly nonces = new Map<string, string>();

  private constructor(
    private readonly privateKey: KeyLike,
    private readonly publicJwk: JWK,
    private readonly now: () => number,
  ) {}

  static async generate(now: () => number): Promise<DpopKey> {
    const { privateKey, publicKey } = await generateKeyPair(ALG, { modulusLength: 2048 });
    const { kty, n, e } = await exportJWK(publicKey);
    return new DpopKey(privateKey, { kty, n, e }, now);
  }

  /** Signs the requests to a token endpoint: a proof per attempt, the server's nonce learnt. */
  tokenRequests(): RequestSigner {
    return this.signer(undefined);
  }

  /** Signs the requests that carry `accessToken`: `Authorization: DPoP …` and its proof. */
  resourceRequests(accessToken: string): RequestSigner {
    return this.signer(accessToken);
  }

  private signer(accessToken: string | undefined): RequestSigner {
    return {
      headersFor: async (method, url): Promise<Record<string, string>> => {
        const dpop = await this.proof(method, url, accessToken);
        return accessToken === undefined ? { dpop } : { authorization: `DPoP ${accessToken}`, dpop };
      },
      challenged: (answer) => this.learnNonce(answer),
    };
  }

  private async proof(method: HttpMethod, url: string, accessToken: string | undefined): Promise<string> {
    const target = new URL(url);
    const claims: Record<string, string> = {
      htm: method,
      htu: `${target.origin}${target.pathname}`,
      jti: randomUUID(),
    };
    const nonce = this.nonces.get(target.origin);
    if (nonce !== undefined) claims.nonce = nonce;
    if (accessToken !== undefined) claims.ath = createHash("sha256").update(accessToken).digest("base64url");
    return new SignJWT(claims)
      .setProtectedHeader({ typ: "dpop+jwt", alg: ALG, jwk: this.publicJwk })
      .setIssuedAt(Math.floor(this.now() / 1000))
      .sign(this.privateKey);
  }

  /**
   * Keeps the nonce an answer carries; true when the answer refused the request for want of it, so
   * it is sent again at once. RFC 9449 has a token endpoint answer 400 `{"error":"use_dpop_nonce"}`
   * and a resource server 401 with `WWW-Authenticate: DPoP error="use_dpop_nonce"`; Okta's API
   * answers either status with either form, so both are read for both.
   */
  private learnNonce(answer: HttpResponse): boolean {
    const nonce = answer.headers.get("dpop-nonce");
    if (nonce === null || nonce === "") return false;
    const origin = new URL(answer.url).origin;
    const changed = this.nonces.get(origin) !== nonce;
    this.nonces.set(origin, nonce);
    if (!changed || (answer.status !== 400 && answer.status !== 401)) return false;
    return (
      /error="?use_dpop_nonce/.test(answer.headers.get("www-authenticate") ?? "") ||
      answer.body.toString("utf8").includes('"use_dpop_nonce"')
    );
  }
}
