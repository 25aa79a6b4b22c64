/**
 * `entra` live: an app-only token (OAuth 2.0 client credentials against the tenant's v2.0 token
 * endpoint, or the source's `tokenUrl`), then Microsoft Graph `GET /users` with `$select` including
 * `signInActivity`, paged by `@odata.nextLink`; Graph's `Retry-After` is honoured. A tenant without
 * an Entra ID P1/P2 licence refuses `signInActivity` with 403
 * `Authentication_RequestFromNonPremiumTenantOrB2CTenant`: the users are then read without it, the
 * snapshot's `@odata.context` says so, the parser provides no last-login for the source (its rules
 * are "not evaluated"), and a warning tells why. The snapshot is one `{"@odata.context", "value"}`.
 */
import type { SourceConfig } from "../../config/schema.ts";
import { type HttpClient, HttpRequestError } from "../../ports/http/http-client.ts";
import { configuredUrl, endpointUrl, nextPageUrl } from "./api-url.ts";
import { ClientCredentialsToken } from "./client-credentials-token.ts";
import { credentialJson } from "./credential-json.ts";
import { GRAPH_URL } from "./endpoints.ts";
import { idOf, ListingWriter } from "./listing-writer.ts";
import { beginHttpRead, readFailure } from "./live-http.ts";
import { LiveReadError, type LiveReader, type PageCounter, sourceName } from "./live-read.ts";
import { isObject, malformedPage, pageJson } from "./page-json.ts";
import type { SnapshotFile } from "./snapshot-file.ts";

/** The properties the parser maps (SPEC §2), as `$select` must name them: most are not in Graph's default set. */
export const ENTRA_SELECT = [
  "id",
  "userPrincipalName",
  "mail",
  "displayName",
  "employeeId",
  "accountEnabled",
  "createdDateTime",
] as const;
export const NON_PREMIUM_TENANT = "Authentication_RequestFromNonPremiumTenantOrB2CTenant";
/** Graph serves at most 120 users a page when `signInActivity` is selected, 999 otherwise. */
const PAGE_SIZE_WITH_SIGN_IN = 120;
const PAGE_SIZE = 999;

export function entraTokenUrl(tenantId: string): string {
  return `https://login.microsoftonline.com/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`;
}

export const readEntraLive: LiveReader = async (source, snapshot, context) => {
  const { readAt, ref, credential: raw, secrets, http, pages } = await beginHttpRead(source, context);
  const app = credentialJson(
    source,
    ref,
    raw,
    ["tenantId", "clientId", "clientSecret"],
    "an Entra app registration",
  );
  const graph = configuredUrl(source, "Microsoft Graph", GRAPH_URL);
  const token = new ClientCredentialsToken(
    source,
    http,
    {
      tokenUrl: new URL(source.tokenUrl ?? entraTokenUrl(app.tenantId)),
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      scope: `${new URL(graph).origin}/.default`,
    },
    secrets,
    () => context.now(),
  );
  const warnings: string[] = [];
  try {
    const withSignIn = await readUsers(source, http, token, graph, true, snapshot, pages);
    if (withSignIn !== undefined) return { pages: pages.pages, records: withSignIn, readAt, warnings };
    warnings.push(
      `${sourceName(source)}: the tenant has no Microsoft Entra ID P1/P2 licence (Graph answered 403 ${NON_PREMIUM_TENANT} to signInActivity), so users were read without their last sign-in; rules that need it are not evaluated for this source`,
    );
    const without = await readUsers(source, http, token, graph, false, snapshot, pages);
    if (without === undefined)
      throw new LiveReadError(`${sourceName(source)}: Graph refused the users without signInActivity too`);
    return { pages: pages.pages, records: without, readAt, warnings };
  } catch (error) {
    throw readFailure(error, ref);
  }
};

/** Reads every page into the snapshot; `undefined` when the tenant refuses `signInActivity` on the first page. */
async function readUsers(
  source: SourceConfig,
  http: HttpClient,
  token: ClientCredentialsToken,
  graph: string,
  signIn: boolean,
  snapshot: SnapshotFile,
  pages: PageCounter,
): Promise<number | undefined> {
  const select = signIn ? [...ENTRA_SELECT, "signInActivity"] : [...ENTRA_SELECT];
  let url: URL | undefined = endpointUrl(graph, "users", {
    $select: select.join(","),
    $top: String(signIn ? PAGE_SIZE_WITH_SIGN_IN : PAGE_SIZE),
  });
  let users: ListingWriter | undefined;
  const visited = new Set<string>();
  while (url !== undefined) {
    pages.next();
    if (visited.has(url.href))
      throw malformedPage(source, url, 'its "@odata.nextLink" points back to a page already read');
    visited.add(url.href);
    let answer: Awaited<ReturnType<HttpClient["send"]>>;
    try {
      answer = await http.send({
        method: "GET",
        url: url.toString(),
        headers: { authorization: `Bearer ${await token.current()}` },
      });
    } catch (error) {
      if (signIn && users === undefined && isNonPremiumRefusal(error)) return undefined;
      throw error;
    }
    const page = pageJson(source, answer, url);
    if (!isObject(page) || !Array.isArray(page.value)) {
      throw malformedPage(source, url, 'expected a Graph collection with a "value" array of users');
    }
    // The first page's context records the collection and its $select: the parser reads it.
    users ??= new ListingWriter(
      snapshot,
      `{"@odata.context":${JSON.stringify(contextOf(page, graph, select))},"value":[`,
    );
    for (const user of page.value) await users.add(user, idOf(user));
    const next = page["@odata.nextLink"];
    if (next !== undefined && typeof next !== "string")
      throw malformedPage(source, url, '"@odata.nextLink": expected a URL');
    url = next === undefined || next === "" ? undefined : nextPageUrl(source, next, url);
  }
  if (users === undefined) throw new LiveReadError(`${sourceName(source)}: Graph returned no page of users`);
  await users.finish(() => "]}");
  return users.records;
}

function isNonPremiumRefusal(error: unknown): boolean {
  if (!(error instanceof HttpRequestError) || error.status !== 403 || !isObject(error.body)) return false;
  const inner = error.body.error;
  return isObject(inner) && inner.code === NON_PREMIUM_TENANT;
}

function contextOf(page: Record<string, unknown>, graph: string, select: readonly string[]): string {
  const context = page["@odata.context"];
  if (typeof context === "string" && context !== "") return context;
  return `${graph.replace(/\/+$/, "")}/$metadata#users(${select.join(",")})`;
}
