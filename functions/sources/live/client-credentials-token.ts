/**
 * An OAuth 2.0 client-credentials access token (RFC 6749 §4.4), as Microsoft Entra and Jamf Pro
 * issue them: asked for once, kept until shortly before it expires, asked for again when a long read
 * outlives it. The client secret goes in the form body, never in a URL; the token answer is never
 * echoed (only the API's error code and description).
 */
import type { SourceConfig } from "../../config/schema.ts";
import type { Instant } from "../../core/model.ts";
import type { HttpClient } from "../../ports/http/http-client.ts";
import { pageLabel } from "./api-url.ts";
import type { SecretList } from "./live-http.ts";
import { LiveReadError, sourceName } from "./live-read.ts";
import { isObject } from "./page-json.ts";

/** A token is renewed this long before it expires, so a request never carries an expired one. */
const RENEW_BEFORE_MS = 60_000;

export interface ClientCredentials {
  tokenUrl: URL;
  clientId: string;
  clientSecret: string;
  /** `scope` (Entra: `https://graph.microsoft.com/.default`); Jamf takes none. */
  scope?: string;
}

export class ClientCredentialsToken {
  private token: string | undefined;
  private expiresAt: Instant = 0;

  constructor(
    private readonly source: SourceConfig,
    private readonly http: HttpClient,
    private readonly credentials: ClientCredentials,
    private readonly secrets: SecretList,
    private readonly now: () => Instant,
  ) {
    secrets.add(credentials.clientSecret);
  }

  /** A current access token. */
  async current(): Promise<string> {
    if (this.token !== undefined && this.now() < this.expiresAt - RENEW_BEFORE_MS) return this.token;
    const { tokenUrl, clientId, clientSecret, scope } = this.credentials;
    const form = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: clientId,
      client_secret: clientSecret,
    });
    if (scope !== undefined) form.set("scope", scope);
    const answer = await this.http.send({
      method: "POST",
      url: tokenUrl.toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
      // Asking for a token changes nothing: it may be asked again.
      idempotent: true,
    });
    let body: unknown;
    try {
      body = JSON.parse(answer.body.toString("utf8"));
    } catch {
      body = undefined;
    }
    if (!isObject(body) || typeof body.access_token !== "string" || body.access_token === "") {
      throw new LiveReadError(
        `${sourceName(this.source)}: the token endpoint ${pageLabel(tokenUrl)} answered without an access_token`,
      );
    }
    const lifetime = typeof body.expires_in === "number" ? body.expires_in : Number(body.expires_in);
    this.token = body.access_token;
    this.secrets.add(this.token);
    this.expiresAt =
      this.now() + (Number.isFinite(lifetime) && lifetime > 0 ? lifetime * 1000 : RENEW_BEFORE_MS * 5);
    return this.token;
  }
}
