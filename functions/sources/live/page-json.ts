/** A page of a live listing, parsed: a page that is not JSON fails the read, naming the page. */
import type { SourceConfig } from "../../config/schema.ts";
import type { HttpResponse } from "../../ports/http/http-client.ts";
import { withoutBom } from "../../shared/byte-order-mark.ts";
import { describeJsonSyntaxError } from "../../shared/json-syntax-error.ts";
import { pageLabel } from "./api-url.ts";
import { LiveReadError, sourceName } from "./live-read.ts";

export function pageJson(source: SourceConfig, answer: HttpResponse, url: URL): unknown {
  const raw = answer.body.toString("utf8");
  const text = withoutBom(raw);
  try {
    return JSON.parse(text);
  } catch {
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
