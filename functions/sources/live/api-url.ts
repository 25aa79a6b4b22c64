/** URLs of a live API: endpoints under the configured base, and paging links that must stay on its origin. */
import type { SourceConfig } from "../../config/schema.ts";
import { redactUrl } from "../../ports/http/redact-url.ts";
import { LiveReadError, sourceName } from "./live-read.ts";

/** `path` under `base` (a base with a path keeps it: `…/scim/v2` + `Users` → `…/scim/v2/Users`). */
export function endpointUrl(base: string, path: string, query: Record<string, string | string[]> = {}): URL {
  const url = new URL(path.replace(/^\/+/, ""), base.endsWith("/") ? base : `${base}/`);
  for (const [name, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(name, item);
  }
  return url;
}

/**
 * The next page's URL as the API gave it (Okta's `Link`, Graph's `@odata.nextLink`), accepted only
 * on the origin the source is configured with: the request carries the credential.
 */
export function nextPageUrl(source: SourceConfig, next: string, current: URL): URL {
  let url: URL;
  try {
    url = new URL(next, current);
  } catch {
    throw new LiveReadError(`${sourceName(source)}: the API's next-page link is not a URL`);
  }
  if (url.origin !== current.origin) {
    throw new LiveReadError(
      `${sourceName(source)}: the API's next-page link points to another origin (${url.protocol}//${url.host}); refused, since the request carries the credential`,
    );
  }
  return url;
}

/** `<https://…?after=00u9>; rel="next"` of an RFC 8288 `Link` header, as Okta sends it. */
export function nextLink(header: string | null): string | undefined {
  if (header === null) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (match === null) continue;
    const rel = /(?:^|;)\s*rel\s*=\s*"?([^";]+)"?/i.exec(match[2] ?? "");
    if (rel?.[1]?.split(/\s+/).includes("next")) return match[1];
  }
  return undefined;
}

/** How messages name a page. */
export function pageLabel(url: URL): string {
  return redactUrl(url);
}

/** The source's `url`, or `fallback` (the system's public endpoint) when the format has one. */
export function configuredUrl(source: SourceConfig, what: string, fallback?: string): string {
  const url = source.url ?? fallback;
  if (url === undefined) throw new LiveReadError(`${sourceName(source)}: no "url" (${what})`);
  return url;
}
