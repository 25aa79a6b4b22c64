/**
 * An API export is one big array of records: at the top level (Okta) or under a key of a small
 * envelope object (`users`, `value`, `Resources`, `rows`). A format's parser reads its records
 * through `readJsonListing`, one element at a time, from the whole file parsed at once. (Parsing
 * it in batches as the records are mapped saved nothing measurable on a 100,000-person scan:
 * ADR 0011.)
 */

import { parseJsonText, valueAtPath } from "./json-text.ts";

/** The elements of the listed array. */
export interface JsonElements {
  readonly length: number;
  /** Element `index`; each element is meant to be read once, in order (it is not kept). */
  at(index: number): unknown;
}

/** An array with no elements (an API that omits an empty list). */
export const NO_ELEMENTS: JsonElements = { length: 0, at: () => undefined };

export interface JsonListing {
  /** The document. */
  readonly document: unknown;
  /** The array at the path, or `undefined` when the document has no array there. */
  readonly elements: JsonElements | undefined;
}

/**
 * Runs `read` (a format's checks and mapping) on the JSON file `text` and its array at `path`
 * (`[]`: the document itself is the array). Invalid JSON fails the source as `parseJsonText` says.
 */
export function readJsonListing<T>(
  text: string,
  file: string,
  path: readonly string[],
  read: (listing: JsonListing) => T,
): T {
  const document = parseJsonText(text, file);
  const listed = valueAtPath(document, path);
  return read({ document, elements: Array.isArray(listed) ? new ParsedElements(listed) : undefined });
}

class ParsedElements implements JsonElements {
  readonly length: number;

  constructor(private readonly items: unknown[]) {
    this.length = items.length;
  }

  at(index: number): unknown {
    const item = this.items[index];
    // Dropped once read, so a collection during the mapping can already free the raw objects.
    this.items[index] = undefined;
    return item;
  }
}
