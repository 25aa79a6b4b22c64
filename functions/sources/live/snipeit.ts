/**
 * `snipeit` live: `GET {url}/api/v1/hardware` with a bearer API key, paged by `limit`/`offset` in
 * a stable order (by id) until `total` assets are read. Snipe-IT can answer an error with HTTP 200
 * and `{"status":"error","messages":…}`: such a page fails the read. The snapshot is one
 * `{"rows":[…],"total":N}`, as the file form.
 */
import { configuredUrl, endpointUrl, pageLabel } from "./api-url.ts";
import { idOf, ListingWriter } from "./listing-writer.ts";
import { beginHttpRead, readFailure } from "./live-http.ts";
import { AnnouncedTotal, type LiveReader, shortListing } from "./live-read.ts";
import { isObject, malformedPage, pageJson } from "./page-json.ts";

/** Snipe-IT's default `max_results` setting caps a page at 500. */
export const SNIPEIT_PAGE_SIZE = 500;

export const readSnipeItLive: LiveReader = async (source, snapshot, context) => {
  const { readAt, ref, credential: token, http, pages } = await beginHttpRead(source, context);
  const assets = new ListingWriter(snapshot, '{"rows":[');
  const base = configuredUrl(source, "the Snipe-IT base URL");
  const announced = new AnnouncedTotal(source, "assets");
  try {
    for (let offset = 0; ; ) {
      pages.next();
      const url = endpointUrl(base, "api/v1/hardware", {
        limit: String(SNIPEIT_PAGE_SIZE),
        offset: String(offset),
        sort: "id",
        order: "asc",
      });
      const answer = await http.send({
        method: "GET",
        url: url.toString(),
        headers: { authorization: `Bearer ${token}` },
      });
      const page = pageJson(source, answer, url);
      if (!isObject(page)) throw malformedPage(source, url, "expected a JSON object with total and rows");
      if (page.status === "error") {
        const messages = typeof page.messages === "string" ? page.messages : JSON.stringify(page.messages);
        throw malformedPage(source, url, `Snipe-IT answered with an error: ${messages}`);
      }
      const { total, rows } = page;
      if (typeof total !== "number" || !Number.isInteger(total) || total < 0) {
        throw malformedPage(source, url, '"total": expected the number of assets');
      }
      if (!Array.isArray(rows)) throw malformedPage(source, url, '"rows": expected a list of assets');
      const first = announced.check(total, pageLabel(url));
      for (const row of rows) await assets.add(row, idOf(row));
      offset += rows.length;
      if (offset >= first) break;
      if (rows.length === 0) throw shortListing(source, offset, first, "assets");
    }
  } catch (error) {
    throw readFailure(error, ref);
  }
  if (assets.records < announced.value) {
    throw shortListing(source, assets.records, announced.value, "assets");
  }
  await assets.finish((count) => `],"total":${count}}`);
  return { pages: pages.pages, records: assets.records, readAt, warnings: [] };
};
