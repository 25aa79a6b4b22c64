/**
 * An OAuth 2.0 client-credentials access token (RFC 6749 §4.4), as Microsoft Entra and Jamf Pro
 * issue them: asked for once, kept until shortly before it expires, asked for again when a long read
 * outlives it. The client secret goes in the form body, never in a URL; the token answer is never
 * echoed (only the API's error code and description).
 */
import type { SourceConfig } from "../../config/schema.ts";
import type { Instant } from "../../core/model.ts";
import type { HttpClient } from "../../ports/http/http-client.ts";
import type { SecretList } from "./live-http.ts";
import { readTokenAnswer, type TokenAnswer } from "./token-answer.ts";

export interface ClientCredentials {
  tokenUrl: URL;
  clientId: string;
  clientSecret: string;
  /** `scope` (Entra: `https://graph.microsoft.com/.default`); Jamf takes none. */
  scope?: string;
}

export class ClientCredentialsToken {
  private latest: TokenAnswer | undefined;

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
    if (this.latest !== undefined && this.now() < this.latest.renewAt) return this.latest.token;
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
    this.latest = readTokenAnswer(this.source, tokenUrl, answer, this.secrets, this.now());
    return this.latest.token;
  }
}
