/**
 * An API export is one big array of records: at the top level (Okta) or under a key of a small
 * envelope object (`users`, `value`, `Resources`, `rows`). A format's parser reads its records
 * through `readJsonListing`, one element at a time. The plain reading parses the whole file at once;
 * a lazy reading (functions/fast/json-listing-batches.ts) parses the records a batch at a time as
 * they are mapped, and gives way to the whole-file parse on anything unexpected, which then decides
 * the outcome and reports errors exactly as before. Reading is pure, so running it again is safe.
 */

import { ListingMisjudged, lazyListing } from "../fast/json-listing-batches.ts";
import { withoutBom } from "../shared/byte-order-mark.ts";
import { parseJsonText, valueAtPath } from "./json-text.ts";
import { SourceFormatError } from "./parser.ts";

/**
 * Records are parsed a batch at a time (a megabyte or so of text): few enough `JSON.parse` calls
 * that V8 reuses the shape of one record for the next (it does so within a call), and small enough
 * that a batch's objects die young, before the garbage collector has to copy them anywhere.
 */
const BATCH_CHARS = 1 << 20;

/** The elements of the listed array, each parsed when asked for. */
export interface JsonElements {
  readonly length: number;
  /** Element `index`, parsed now; each element is meant to be read once, in order (it is not kept). */
  at(index: number): unknown;
}

/** An array with no elements (an API that omits an empty list). */
export const NO_ELEMENTS: JsonElements = { length: 0, at: () => undefined };

export interface JsonListing {
  /** The document; when the elements are read lazily, the listed array in it is empty. */
  readonly document: unknown;
  /** The array at the path, or `undefined` when the document has no array there. */
  readonly elements: JsonElements | undefined;
}

export interface JsonListingOptions {
  /** How much text is parsed at a time (tests make it small). */
  readonly batchChars?: number;
  /** The lazy reader to try first; `null`: the plain reading, the whole file parsed at once. */
  readonly lazyReader?: LazyListingReader | null;
}

/** The listing read lazily, or `undefined` when the text is not shaped for it. */
export type LazyListingReader = (
  text: string,
  path: readonly string[],
  batchChars: number,
) => { document: unknown; elements: LazyElements } | undefined;

/** Elements read lazily: what the reader did not ask for is checked before the reading stands. */
export interface LazyElements extends JsonElements {
  /** Parses the rest; throws ListingMisjudged when the file is not as the first records suggested. */
  readRest(): void;
  /** Whether the rest of the file parses as the listing assumed it would. */
  holdsToTheEnd(): boolean;
}

/**
 * Fast path (ADR 0011, functions/fast/json-listing-batches.ts). The plain reference is `null`:
 * JSON.parse of the whole file, which the lazy reading falls back to whenever it is unsure.
 */
const LAZY_LISTING: LazyListingReader | null = lazyListing;

/**
 * Runs `read` (a format's checks and mapping) on the JSON file `text` and its array at `path`
 * (`[]`: the document itself is the array). `read` must read every element, in order. Invalid JSON
 * fails the source exactly as `parseJsonText` does.
 */
export function readJsonListing<T>(
  text: string,
  file: string,
  path: readonly string[],
  read: (listing: JsonListing) => T,
  { batchChars = BATCH_CHARS, lazyReader = LAZY_LISTING }: JsonListingOptions = {},
): T {
  const body = withoutBom(text);
  const lazy = lazyReader?.(body, path, batchChars);
  if (lazy !== undefined) {
    try {
      const result = read(lazy);
      lazy.elements.readRest();
      return result;
    } catch (error) {
      // The format rejects the file: that stands once the rest of the listing is known to be as
      // assumed (parsing the whole file again would only double the memory a large export takes).
      if (error instanceof SourceFormatError && lazy.elements.holdsToTheEnd()) throw error;
      // A shortcut that did not hold: the whole file decides.
      if (!(error instanceof ListingMisjudged || error instanceof SourceFormatError)) throw error;
    }
  }
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
