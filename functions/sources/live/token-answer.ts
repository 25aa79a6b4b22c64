/**
 * What an OAuth 2.0 token endpoint answers (RFC 6749 §5.1), read the one way every live reader that
 * asks for a token reads it: the access token (kept among the read's secrets, never echoed), its
 * type, and until when it may be used — a token is renewed a minute before it expires, so a
 * request never carries an expired one.
 */
import type { SourceConfig } from "../../config/schema.ts";
import type { Instant } from "../../core/model.ts";
import type { HttpResponse } from "../../ports/http/http-client.ts";
import { pageLabel } from "./api-url.ts";
import type { SecretList } from "./live-http.ts";
import { LiveReadError, sourceName } from "./live-read.ts";
import { isObject } from "./page-json.ts";

const RENEW_BEFORE_MS = 60_000;
/** How long a token without `expires_in` is used. */
const UNSTATED_LIFETIME_MS = 5 * 60_000;

export interface TokenAnswer {
  token: string;
  /** `token_type` as given (`Bearer`, `DPoP`), or "" when absent. */
  type: string;
  /** From this instant on, a new token is asked for. */
  renewAt: Instant;
}

export function readTokenAnswer(
  source: SourceConfig,
  tokenUrl: URL,
  answer: HttpResponse,
  secrets: SecretList,
  now: Instant,
): TokenAnswer {
  let body: unknown;
  try {
    body = JSON.parse(answer.body.toString("utf8"));
  } catch {
    body = undefined;
  }
  if (!isObject(body) || typeof body.access_token !== "string" || body.access_token === "") {
    throw new LiveReadError(
      `${sourceName(source)}: the token endpoint ${pageLabel(tokenUrl)} answered without an access_token`,
    );
  }
  secrets.add(body.access_token);
  const lifetime = Number(body.expires_in);
  const lifetimeMs = Number.isFinite(lifetime) && lifetime > 0 ? lifetime * 1000 : UNSTATED_LIFETIME_MS;
  return {
    token: body.access_token,
    type: typeof body.token_type === "string" ? body.token_type : "",
    renewAt: now + lifetimeMs - RENEW_BEFORE_MS,
  };
}
