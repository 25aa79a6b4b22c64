/**
 * `jamf` live: an API-client token (`POST {url}/api/oauth/token`, client credentials), then Jamf
 * Pro `GET {url}/api/v1/computers-inventory` with the sections GENERAL, HARDWARE and
 * USER_AND_LOCATION, paged by `page`/`page-size` in a stable order (by id) until `totalCount`
 * computers are read. The snapshot is one `{"results":[…],"totalCount":N}`, as the file form.
 */
import { configuredUrl, endpointUrl, pageLabel } from "./api-url.ts";
import { ClientCredentialsToken } from "./client-credentials-token.ts";
import { credentialJson } from "./credential-json.ts";
import { idOf, ListingWriter } from "./listing-writer.ts";
import { beginHttpRead, readFailure } from "./live-http.ts";
import { AnnouncedTotal, type LiveReader, shortListing } from "./live-read.ts";
import { isObject, malformedPage, pageJson } from "./page-json.ts";

export const JAMF_PAGE_SIZE = 200;
export const JAMF_SECTIONS = ["GENERAL", "HARDWARE", "USER_AND_LOCATION"] as const;

export const readJamfLive: LiveReader = async (source, snapshot, context) => {
  const { readAt, ref, credential: raw, secrets, http, pages } = await beginHttpRead(source, context);
  const client = credentialJson(source, ref, raw, ["clientId", "clientSecret"], "a Jamf Pro API client");
  const base = configuredUrl(source, "the Jamf Pro URL");
  const token = new ClientCredentialsToken(
    source,
    http,
    {
      tokenUrl: endpointUrl(base, "api/oauth/token"),
      clientId: client.clientId,
      clientSecret: client.clientSecret,
    },
    secrets,
    () => context.now(),
  );
  const computers = new ListingWriter(snapshot, '{"results":[');
  const announced = new AnnouncedTotal(source, "computers");
  try {
    for (let page = 0, read = 0; ; page++) {
      pages.next();
      const url = endpointUrl(base, "api/v1/computers-inventory", {
        section: [...JAMF_SECTIONS],
        page: String(page),
        "page-size": String(JAMF_PAGE_SIZE),
        sort: "id:asc",
      });
      const answer = await http.send({
        method: "GET",
        url: url.toString(),
        headers: { authorization: `Bearer ${await token.current()}` },
      });
      const body = pageJson(source, answer, url);
      if (!isObject(body))
        throw malformedPage(source, url, "expected a JSON object with totalCount and results");
      const { totalCount, results } = body;
      if (typeof totalCount !== "number" || !Number.isInteger(totalCount) || totalCount < 0) {
        throw malformedPage(source, url, '"totalCount": expected the number of computers');
      }
      if (!Array.isArray(results))
        throw malformedPage(source, url, '"results": expected a list of computers');
      const total = announced.check(totalCount, pageLabel(url));
      for (const computer of results) await computers.add(computer, idOf(computer));
      read += results.length;
      if (read >= total) break;
      if (results.length === 0) throw shortListing(source, read, total, "computers");
    }
  } catch (error) {
    throw readFailure(error, ref);
  }
  if (computers.records < announced.value) {
    throw shortListing(source, computers.records, announced.value, "computers");
  }
  await computers.finish((count) => `],"totalCount":${count}}`);
  return { pages: pages.pages, records: computers.records, readAt, warnings: [] };
};
