/** A page of a live listing, parsed: a page that is not JSON fails the read, naming the page. */
import type { SourceConfig } from "../../config/schema.ts";
import type { HttpResponse } from "../../ports/http/http-client.ts";
import { withoutBom } from "../../shared/byte-order-mark.ts";
import { describeJsonSyntaxError } from "../../shared/json-syntax-error.ts";
import { markupKind } from "../markup-export.ts";
import { pageLabel } from "./api-url.ts";
import { LiveReadError, sourceName } from "./live-read.ts";

export function pageJson(source: SourceConfig, answer: HttpResponse, url: URL): unknown {
  const raw = answer.body.toString("utf8");
  const text = withoutBom(raw);
  try {
    return JSON.parse(text);
  } catch {
    // A sign-in or error page (a proxy, an SSO gateway, a wrong base URL) answers 200 with HTML:
    // say so, as the csv reader does, rather than point at a syntax error in it.
    const type = (answer.headers.get("content-type") ?? "").toLowerCase();
    if (type.includes("html") || markupKind(text) === "html") {
      throw new LiveReadError(
        `${sourceName(source)}: ${pageLabel(url)} answered with a web page, not JSON: check that the source's "url" is the API's, and that no sign-in page or proxy answers in its place`,
      );
    }
    // Where it broke, not what it says: a page holds people's data.
    throw new LiveReadError(
      `${sourceName(source)}: the page ${pageLabel(url)} is not valid JSON (${answer.body.length} bytes): ${describeJsonSyntaxError(text, "invalid")}`,
    );
  }
}

/** A page whose shape is not the documented one: the read fails, naming the page and what was wrong. */
export function malformedPage(source: SourceConfig, url: URL, problem: string): LiveReadError {
  return new LiveReadError(
    `${sourceName(source)}: the page ${pageLabel(url)} is not as documented: ${problem}`,
  );
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
