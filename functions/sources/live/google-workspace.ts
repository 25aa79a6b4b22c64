/**
 * `google-workspace` live: a service-account key with domain-wide delegation. google-auth-library's
 * JWT client signs the assertion for the admin named by `subject`, with the read-only scope
 * `admin.directory.user.readonly`, and exchanges it at the key's `token_uri`; its requests go
 * through deprov's HTTP client (the library's own transport is given our fetch). Then Admin SDK
 * `users.list` (`customer`, default `my_customer`), paged by `pageToken`. Google signals throttling
 * as 429 or as 403 `rateLimitExceeded`/`userRateLimitExceeded`; both are retried. The snapshot is
 * one `{"kind":"admin#directory#users","users":[…]}`.
 */
import { JWT } from "google-auth-library";
import type { SourceConfig } from "../../config/schema.ts";
import { type HttpClient, type HttpMethod, HttpRequestError } from "../../ports/http/http-client.ts";
import { scrubSecrets } from "../../ports/http/redact-url.ts";
import { configuredUrl, endpointUrl } from "./api-url.ts";
import { credentialJson } from "./credential-json.ts";
import { ADMIN_SDK_URL } from "./endpoints.ts";
import { idOf, ListingWriter } from "./listing-writer.ts";
import { beginHttpRead, readFailure, type SecretList } from "./live-http.ts";
import { LiveReadError, type LiveReader, sourceName } from "./live-read.ts";
import { isObject, malformedPage, pageJson } from "./page-json.ts";

export const DIRECTORY_READONLY_SCOPE = "https://www.googleapis.com/auth/admin.directory.user.readonly";
/** Where google-auth-library sends every token request; the key's `token_uri` is honoured instead. */
export const GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token";
const USERS_KIND = "admin#directory#users";
/** users.list's largest page. */
export const GOOGLE_PAGE_SIZE = 500;
const THROTTLED = /"reason"\s*:\s*"(?:rateLimitExceeded|userRateLimitExceeded|quotaExceeded)"/;

export const readGoogleWorkspaceLive: LiveReader = async (source, snapshot, context) => {
  const {
    readAt,
    ref,
    credential: raw,
    secrets,
    http,
    pages,
  } = await beginHttpRead(source, context, {
    isThrottled: (status, body) => status === 403 && THROTTLED.test(body.toString("utf8")),
  });
  const key = credentialJson(source, ref, raw, ["client_email", "private_key"], "a service-account key file");
  secrets.add(key.private_key);
  const tokenUrl =
    typeof key.token_uri === "string" && key.token_uri !== "" ? key.token_uri : GOOGLE_TOKEN_URL;
  const subject = source.subject;
  if (subject === undefined)
    throw new LiveReadError(`${sourceName(source)}: no "subject" (the admin to act as)`);
  const jwt = new JWT({
    email: key.client_email,
    key: key.private_key,
    scopes: [DIRECTORY_READONLY_SCOPE],
    subject,
    transporterOptions: {
      fetchImplementation: libraryFetch(http, tokenUrl, secrets),
      // Retries are deprov's client's (with its caps); the library must not add its own.
      retryConfig: { retry: 0, noResponseRetries: 0 },
    },
  });
  const users = new ListingWriter(snapshot, `{"kind":"${USERS_KIND}","users":[`);
  const base = configuredUrl(source, "the Admin SDK", ADMIN_SDK_URL);
  // A token that leads back to a page already read would loop until the page cap: fail at once.
  const visited = new Set<string>();
  try {
    let pageToken: string | undefined;
    do {
      pages.next();
      const url = endpointUrl(base, "admin/directory/v1/users", {
        customer: source.customer ?? "my_customer",
        maxResults: String(GOOGLE_PAGE_SIZE),
        projection: "basic",
        ...(pageToken === undefined ? {} : { pageToken }),
      });
      if (visited.has(url.href))
        throw malformedPage(source, url, 'its "nextPageToken" points back to a page already read');
      visited.add(url.href);
      const token = await accessToken(source, jwt, secrets);
      const answer = await http.send({
        method: "GET",
        url: url.toString(),
        headers: { authorization: `Bearer ${token}` },
      });
      const page = pageJson(source, answer, url);
      if (!isObject(page) || (page.kind !== undefined && page.kind !== USERS_KIND)) {
        throw malformedPage(source, url, `expected a users.list response ("kind": "${USERS_KIND}")`);
      }
      // users.list omits "users" when a page (or the domain) has none.
      if (page.users !== undefined && !Array.isArray(page.users))
        throw malformedPage(source, url, '"users": expected a list');
      for (const user of page.users ?? []) await users.add(user, idOf(user));
      const next = page.nextPageToken;
      if (next !== undefined && typeof next !== "string")
        throw malformedPage(source, url, '"nextPageToken": expected text');
      pageToken = next === "" ? undefined : next;
    } while (pageToken !== undefined);
  } catch (error) {
    throw readFailure(error, ref);
  }
  await users.finish(() => "]}");
  return { pages: pages.pages, records: users.records, readAt, warnings: [] };
};

async function accessToken(source: SourceConfig, jwt: JWT, secrets: SecretList): Promise<string> {
  let token: string | null | undefined;
  try {
    ({ token } = await jwt.getAccessToken());
  } catch (error) {
    // A failure of our client travels inside the library's error: report it as our own.
    const ours = causeOfType(error, HttpRequestError);
    if (ours !== undefined) throw ours;
    const reason = scrubSecrets(error instanceof Error ? error.message : String(error), secrets.all());
    throw new LiveReadError(
      `${sourceName(source)}: no access token for the service account: ${reason.slice(0, 300).replaceAll(/[\r\n]+/g, " ")}`,
    );
  }
  if (typeof token !== "string" || token === "") {
    throw new LiveReadError(`${sourceName(source)}: the token endpoint gave no access token`);
  }
  secrets.add(token);
  return token;
}

/**
 * google-auth-library's transport, sending through deprov's client: the token request goes to the
 * key's `token_uri` (the library always names Google's), under the same URL policy, timeouts and
 * caps as every other request. Non-2xx answers come back as our client's error. The signed assertion
 * the library sends for a token is a credential for an hour: it joins the read's secrets before it
 * is sent, so an endpoint that echoes it in an error never puts it in a message.
 */
function libraryFetch(http: HttpClient, tokenUrl: string, secrets: SecretList): typeof fetch {
  return async (input, init) => {
    const requested = input instanceof Request ? input.url : String(input);
    const url = requested === GOOGLE_TOKEN_URL ? tokenUrl : requested;
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const body = init?.body === undefined || init.body === null ? undefined : String(init.body);
    const assertion = body === undefined ? null : new URLSearchParams(body).get("assertion");
    if (assertion !== null) secrets.add(assertion);
    const answer = await http.send({
      method: (init?.method ?? "GET").toUpperCase() as HttpMethod,
      url,
      headers,
      ...(body === undefined ? {} : { body }),
      // A token request changes nothing: it may be sent again.
      idempotent: true,
    });
    return new Response(new Uint8Array(answer.body), { status: answer.status, headers: answer.headers });
  };
}

function causeOfType<T extends Error>(
  error: unknown,
  type: abstract new (...args: never[]) => T,
): T | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current instanceof type) return current;
    current = current.cause;
  }
  return undefined;
}
