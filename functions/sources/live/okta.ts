/**
 * `okta` live: `GET {url}/api/v1/users` with an `SSWS` API token or an OAuth 2.0 service app's
 * token (okta-service-app.ts: private_key_jwt, DPoP), paged by `Link: rel="next"`,
 * then the same listing filtered to `status eq "DEPROVISIONED"`: the plain listing omits
 * deprovisioned users, whose accounts the audit must see (a late disable is recorded on them). The
 * two are merged by id into one JSON array, as `GET /api/v1/users` returns it. Okta's rate-limit
 * headers pace the read (`X-Rate-Limit-Remaining`/`-Reset`), and a 429 waits for the reset.
 */
import type { CredentialRef, SourceConfig } from "../../config/schema.ts";
import type { Instant } from "../../core/model.ts";
import type { HttpClient } from "../../ports/http/http-client.ts";
import { oktaPacing, oktaRateLimitReset } from "../../ports/http/retry-timing.ts";
import { configuredUrl, endpointUrl, nextLink, nextPageUrl } from "./api-url.ts";
import { idOf, ListingWriter } from "./listing-writer.ts";
import { beginHttpRead, readFailure, type SecretList } from "./live-http.ts";
import type { LiveReader, PageCounter } from "./live-read.ts";
import {
  isServiceAppCredential,
  type OktaAuthorization,
  OktaServiceAppToken,
  oktaServiceApp,
} from "./okta-service-app.ts";
import { isObject, malformedPage, pageJson } from "./page-json.ts";

/** Okta's largest page for List Users. */
export const OKTA_PAGE_SIZE = 200;
export const DEPROVISIONED_FILTER = 'status eq "DEPROVISIONED"';

export const readOktaLive: LiveReader = async (source, snapshot, context) => {
  const { readAt, ref, credential, secrets, http, pages } = await beginHttpRead(source, context, {
    retryWait: oktaRateLimitReset,
    pacing: oktaPacing,
  });
  const users = new ListingWriter(snapshot, "[");
  const base = configuredUrl(source, "the Okta org URL");
  try {
    const authorize = oktaAuthorizer(source, ref, credential, secrets, http, base, context.now);
    const listing = { limit: String(OKTA_PAGE_SIZE) };
    await readListing(source, http, authorize, endpointUrl(base, "api/v1/users", listing), users, pages);
    const deprovisioned = { ...listing, filter: DEPROVISIONED_FILTER };
    await readListing(
      source,
      http,
      authorize,
      endpointUrl(base, "api/v1/users", deprovisioned),
      users,
      pages,
    );
  } catch (error) {
    throw readFailure(error, ref);
  }
  await users.finish(() => "]");
  return { pages: pages.pages, records: users.records, readAt, warnings: [] };
};

/** How each request is authorised: the SSWS API token as it is, or a service app's current token. */
function oktaAuthorizer(
  source: SourceConfig,
  ref: CredentialRef,
  credential: string,
  secrets: SecretList,
  http: HttpClient,
  base: string,
  now: () => Instant,
): () => Promise<OktaAuthorization> {
  if (!isServiceAppCredential(credential)) {
    const ssws: OktaAuthorization = { headers: { authorization: `SSWS ${credential}` } };
    return async () => ssws;
  }
  const app = oktaServiceApp(source, ref, credential, secrets);
  const token = new OktaServiceAppToken(source, http, base, app, secrets, now);
  return () => token.current();
}

async function readListing(
  source: SourceConfig,
  http: HttpClient,
  authorize: () => Promise<OktaAuthorization>,
  first: URL,
  users: ListingWriter,
  pages: PageCounter,
): Promise<void> {
  const visited = new Set<string>();
  let url: URL | undefined = first;
  while (url !== undefined) {
    pages.next();
    if (visited.has(url.href))
      throw malformedPage(source, url, 'its "next" link points back to a page already read');
    visited.add(url.href);
    const authorization = await authorize();
    const answer = await http.send({
      method: "GET",
      url: url.toString(),
      ...("signer" in authorization ? { signer: authorization.signer } : { headers: authorization.headers }),
    });
    const page = pageJson(source, answer, url);
    if (!Array.isArray(page)) throw malformedPage(source, url, describeNotAnArray(page));
    // A user in both listings (deprovisioned between the two reads) is kept as first read.
    for (const user of page) await users.add(user, idOf(user));
    const next = nextLink(answer.headers.get("link"));
    url = next === undefined ? undefined : nextPageUrl(source, next, url);
  }
}

function describeNotAnArray(page: unknown): string {
  if (isObject(page) && typeof page.errorCode === "string") {
    return `expected a JSON array of users, got Okta error ${page.errorCode}${typeof page.errorSummary === "string" ? ` (${page.errorSummary})` : ""}`;
  }
  return "expected a JSON array of users";
}
