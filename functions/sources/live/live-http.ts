/**
 * The HTTP client of one live read: the shared client with the context's settings, named after the
 * source, scrubbing the source's secrets from anything it reports; and the explanation a 401 or 403
 * deserves (which credential, and where its least-privilege permissions are described).
 */
import type { CredentialRef, SourceConfig } from "../../config/schema.ts";
import type { Instant } from "../../core/model.ts";
import { HttpClient, type HttpClientOptions, HttpRequestError } from "../../ports/http/http-client.ts";
import { credentialRefOf } from "./credential-json.ts";
import {
  describeCredentialRef,
  type LiveReadContext,
  LiveReadError,
  PageCounter,
  sourceName,
} from "./live-read.ts";

/** Live reads wait longer than sinks: a system's rate-limit window (Okta's is a minute) must pass. */
const LIVE_HTTP_DEFAULTS: Partial<HttpClientOptions> = {
  maxAttempts: 6,
  maxWaitMs: 65_000,
  timeoutMs: 60_000,
};

/** Secrets met during one read (the credential, the tokens it was exchanged for). */
export class SecretList {
  private readonly values: string[] = [];

  add(...secrets: string[]): void {
    for (const secret of secrets)
      if (secret !== "" && !this.values.includes(secret)) this.values.push(secret);
  }

  all(): readonly string[] {
    return this.values;
  }
}

export function liveHttpClient(
  source: SourceConfig,
  context: LiveReadContext,
  secrets: SecretList,
  options: Partial<HttpClientOptions> = {},
): HttpClient {
  return new HttpClient({
    ...LIVE_HTTP_DEFAULTS,
    ...context.http,
    ...options,
    name: sourceName(source),
    secrets: () => secrets.all(),
  });
}

/** What every HTTP reader starts with: its credential resolved, its client, its page counter. */
export interface HttpRead {
  readAt: Instant;
  ref: CredentialRef;
  /** The credential's value (a token, or a JSON document the reader parses). */
  credential: string;
  secrets: SecretList;
  http: HttpClient;
  pages: PageCounter;
}

export async function beginHttpRead(
  source: SourceConfig,
  context: LiveReadContext,
  options: Partial<HttpClientOptions> = {},
): Promise<HttpRead> {
  const readAt = context.now();
  const ref = credentialRefOf(source);
  const credential = await context.resolveCredential(ref);
  const secrets = new SecretList();
  secrets.add(credential);
  return {
    readAt,
    ref,
    credential,
    secrets,
    http: liveHttpClient(source, context, secrets, options),
    pages: new PageCounter(source, context.limits.maxPages),
  };
}

/** A failed request as the source's failure: a 401/403 says which credential to check. */
export function readFailure(error: unknown, ref: CredentialRef): unknown {
  if (!(error instanceof HttpRequestError)) return error;
  if (error.status === 401) {
    return new LiveReadError(
      `${error.message}: the API did not accept the credential ${describeCredentialRef(ref)}; check that it is current`,
    );
  }
  if (error.status === 403) {
    return new LiveReadError(
      `${error.message}: the credential ${describeCredentialRef(ref)} lacks a permission this read needs (infra/README.md lists each system's read-only access)`,
    );
  }
  return error;
}
