/**
 * `scim` live: `GET {url}/Users` with a bearer token, paged by `startIndex`/`count` (RFC 7644
 * §3.4.2.4) until `totalResults` users are read. The snapshot is one SCIM ListResponse holding every
 * page's `Resources`.
 */
import type { SourceConfig } from "../../config/schema.ts";
import { configuredUrl, endpointUrl, pageLabel } from "./api-url.ts";
import { idOf, ListingWriter } from "./listing-writer.ts";
import { beginHttpRead, readFailure } from "./live-http.ts";
import { AnnouncedTotal, type LiveReader, shortListing } from "./live-read.ts";
import { isObject, malformedPage, pageJson } from "./page-json.ts";

const LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
/** Asked per page; a server returns fewer when it caps pages lower (RFC 7644 §3.4.2.4). */
export const SCIM_PAGE_SIZE = 1000;

export const readScimLive: LiveReader = async (source, snapshot, context) => {
  const { readAt, ref, credential: token, http, pages } = await beginHttpRead(source, context);
  const users = new ListingWriter(snapshot, `{"schemas":["${LIST_RESPONSE}"],"Resources":[`);
  const announced = new AnnouncedTotal(source, "users");
  try {
    let startIndex = 1;
    for (;;) {
      pages.next();
      const url = endpointUrl(configuredUrl(source, "the SCIM base"), "Users", {
        startIndex: String(startIndex),
        count: String(SCIM_PAGE_SIZE),
      });
      const answer = await http.send({
        method: "GET",
        url: url.toString(),
        headers: { authorization: `Bearer ${token}`, accept: "application/scim+json, application/json" },
      });
      const { resources, totalResults } = listResponse(source, pageJson(source, answer, url), url);
      const total = announced.check(totalResults, pageLabel(url));
      for (const resource of resources) await users.add(resource, idOf(resource));
      startIndex += resources.length;
      if (startIndex > total) break;
      if (resources.length === 0) throw shortListing(source, startIndex - 1, total, "users");
    }
  } catch (error) {
    throw readFailure(error, ref);
  }
  if (users.records < announced.value) {
    throw shortListing(source, users.records, announced.value, "users");
  }
  await users.finish((count) => `],"totalResults":${count},"itemsPerPage":${count},"startIndex":1}`);
  return { pages: pages.pages, records: users.records, readAt, warnings: [] };
};

function listResponse(
  source: SourceConfig,
  page: unknown,
  url: URL,
): { resources: unknown[]; totalResults: number } {
  if (!isObject(page) || !Array.isArray(page.schemas) || !page.schemas.includes(LIST_RESPONSE)) {
    throw malformedPage(source, url, `expected a SCIM ListResponse ("schemas" with "${LIST_RESPONSE}")`);
  }
  const { totalResults, Resources } = page;
  if (typeof totalResults !== "number" || !Number.isInteger(totalResults) || totalResults < 0) {
    throw malformedPage(source, url, '"totalResults": expected the number of users');
  }
  // RFC 7644 §3.4.2: Resources may be omitted when the page has none.
  if (Resources === undefined) return { resources: [], totalResults };
  if (!Array.isArray(Resources)) throw malformedPage(source, url, '"Resources": expected a list of users');
  return { resources: Resources, totalResults };
}
