/**
 * Fast path (ADR 0011) for reading an API export's records (functions/sources/json-listing.ts).
 * An export is one big array of records: at the top level (Okta) or under a key of a small
 * envelope object (`users`, `value`, `Resources`, `rows`). `JSON.parse` of the whole file builds
 * every record's full object graph (hundreds of MB for 100,000+ users, most of it fields no rule
 * reads) before the first record is mapped, and the garbage collector then copies that graph around
 * while it is alive. Here the records are parsed a batch at a time as they are mapped, so only a few
 * raw records are alive at any moment (the peak memory of a 100,000-person scan drops by hundreds
 * of MB, and its collection work by seconds).
 *
 * Finding where each record ends exactly would mean scanning every string of the file. Instead the
 * text between the first two records (`},{"id":`) is taken as the separator every record boundary
 * repeats. That text can also occur inside a string, so correctness rests on the check that
 * follows: each batch's count of records is checked by parsing it, and a batch parses as exactly
 * its records only when it was cut at record boundaries. The envelope is parsed with the array emptied.
 *
 * The result is exactly `JSON.parse`'s. Every character of the file still goes through `JSON.parse`
 * (the envelope, then the records batch by batch), and on anything unexpected (a batch that does
 * not parse as its records, a key that appears twice, a syntax error, or a format check that fails)
 * the reader runs again on the whole file parsed at once, which decides the outcome and reports
 * errors exactly as before. Reading is pure, so running it again is safe.
 *
 * The plain reference is the whole-file JSON.parse that json-listing.ts falls back to (its
 * `LAZY_LISTING` set to `null`); test/fast/json-listing-batches.test.ts holds the two to the same
 * readings.
 */
import type { LazyElements as LazyElementsShape } from "../sources/json-listing.ts";
import { valueAtPath } from "../sources/json-text.ts";

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
/** What the scanner returns when the text is not as expected. */
const FAILED = -1;

/** The lazy reading's view of the file turned out wrong: read it again, parsed at once. */
export class ListingMisjudged extends Error {
  constructor() {
    super("the JSON listing was not as its first records suggested");
    this.name = "ListingMisjudged";
  }
}

class LazyElements implements LazyElementsShape {
  readonly length: number;
  private batch: unknown[] = [];
  private batchStart = 0;
  /** Elements before this one have been parsed (and checked). */
  private parsedUpTo = 0;

  /** Element `i` is `text.slice(starts[i], ends[i])`, as far as the separators tell. */
  constructor(
    private readonly text: string,
    private readonly starts: number[],
    private readonly ends: number[],
    private readonly batchChars: number,
  ) {
    this.length = starts.length;
  }

  at(index: number): unknown {
    if (index < 0 || index >= this.length) return undefined;
    let offset = index - this.batchStart;
    if (offset < 0 || offset >= this.batch.length) {
      this.parseBatchFrom(index);
      offset = 0;
    }
    const element = this.batch[offset];
    this.batch[offset] = undefined;
    return element;
  }

  /** Parses what the reader did not ask for: the file is only known to be as assumed once all of it is. */
  readRest(): void {
    while (this.parsedUpTo < this.length) this.parseBatchFrom(this.parsedUpTo);
    this.batch = [];
  }

  /** Whether the rest of the file parses as the listing assumed it would (see `readRest`). */
  holdsToTheEnd(): boolean {
    try {
      this.readRest();
      return true;
    } catch (error) {
      if (error instanceof ListingMisjudged) return false;
      throw error;
    }
  }

  private parseBatchFrom(index: number): void {
    // Only batches read in order prove the cuts between them: a reader that skipped ahead gets the
    // whole file parsed instead.
    if (index > this.parsedUpTo) throw new ListingMisjudged();
    const start = this.starts[index] as number;
    let last = index;
    while (last + 1 < this.length && (this.ends[last + 1] as number) - start <= this.batchChars) last++;
    this.batch = [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(`[${this.text.slice(start, this.ends[last])}]`);
    } catch {
      throw new ListingMisjudged();
    }
    // Text that starts where a record starts and parses as an array's elements ends where a record
    // ends; as many elements as assumed means every cut in between was a record boundary too.
    if (!Array.isArray(parsed) || parsed.length !== last - index + 1) throw new ListingMisjudged();
    this.batch = parsed;
    this.batchStart = index;
    this.parsedUpTo = Math.max(this.parsedUpTo, last + 1);
  }
}

/** The listing read lazily, or `undefined` when the text is not shaped for it (then parsed at once). */
export function lazyListing(
  text: string,
  path: readonly string[],
  batchChars: number,
): { document: unknown; elements: LazyElements } | undefined {
  const at = skipWhitespace(text, 0);
  const arrayStart =
    path.length === 0 ? (text.charCodeAt(at) === OPEN_BRACKET ? at : FAILED) : memberAt(text, at, path);
  if (arrayStart === FAILED) return undefined;
  const bounds = elementBounds(text, arrayStart);
  // JSON.parse keeps the last of two equal keys: a second one further on is left to it.
  if (bounds === undefined || !keysAfterAreOthers(text, bounds.arrayEnd, path)) return undefined;
  let document: unknown;
  try {
    document = JSON.parse(`${text.slice(0, arrayStart)}[]${text.slice(bounds.arrayEnd)}`);
  } catch {
    return undefined;
  }
  const listed = valueAtPath(document, path);
  if (!Array.isArray(listed) || listed.length !== 0) return undefined;
  return { document, elements: new LazyElements(text, bounds.starts, bounds.ends, batchChars) };
}

interface ElementBounds {
  readonly starts: number[];
  readonly ends: number[];
  /** Just past the array's `]`. */
  readonly arrayEnd: number;
}

/**
 * Where the elements of the array at `arrayStart` start and end, assuming every boundary between
 * two records looks like the one between the first two; the last elements are scanned one by one.
 */
function elementBounds(text: string, arrayStart: number): ElementBounds | undefined {
  const starts: number[] = [];
  const ends: number[] = [];
  let start = skipWhitespace(text, arrayStart + 1);
  if (text.charCodeAt(start) === CLOSE_BRACKET) return { starts, ends, arrayEnd: start + 1 };
  const firstEnd = valueEnd(text, start);
  if (firstEnd === FAILED) return undefined;
  const separator = separatorAfter(text, firstEnd);
  if (separator !== undefined) {
    // `separator.text` runs from the `}` that ends a record to just past the next record's first key.
    for (
      let at = text.indexOf(separator.text, firstEnd - 1);
      at !== -1;
      at = text.indexOf(separator.text, at + 1)
    ) {
      starts.push(start);
      ends.push(at + 1);
      start = at + separator.nextStart;
    }
  }
  for (;;) {
    const end = valueEnd(text, start);
    if (end === FAILED) return undefined;
    starts.push(start);
    ends.push(end);
    const next = skipWhitespace(text, end);
    const c = text.charCodeAt(next);
    if (c === CLOSE_BRACKET) return { starts, ends, arrayEnd: next + 1 };
    if (c !== COMMA) return undefined;
    start = skipWhitespace(text, next + 1);
  }
}

/** The text between the first two records (through the second's first key), if both are objects. */
function separatorAfter(text: string, firstEnd: number): { text: string; nextStart: number } | undefined {
  const closing = firstEnd - 1;
  if (text.charCodeAt(closing) !== CLOSE_BRACE) return undefined;
  const comma = skipWhitespace(text, firstEnd);
  if (text.charCodeAt(comma) !== COMMA) return undefined;
  const open = skipWhitespace(text, comma + 1);
  if (text.charCodeAt(open) !== OPEN_BRACE) return undefined;
  const key = skipWhitespace(text, open + 1);
  if (text.charCodeAt(key) !== QUOTE) return undefined;
  const keyEnd = stringEnd(text, key);
  if (keyEnd === FAILED) return undefined;
  const colon = skipWhitespace(text, keyEnd);
  if (text.charCodeAt(colon) !== COLON) return undefined;
  return { text: text.slice(closing, colon + 1), nextStart: open - closing };
}

/**
 * Whether the members that follow each key of `path` (from `at`, just past the listed array, outwards)
 * all have other names. False also when the text there is not as expected.
 */
function keysAfterAreOthers(text: string, at: number, path: readonly string[]): boolean {
  let i = at;
  for (let depth = path.length - 1; depth >= 0; depth--) {
    for (;;) {
      i = skipWhitespace(text, i);
      const c = text.charCodeAt(i);
      if (c === CLOSE_BRACE) break;
      if (c !== COMMA) return false;
      i = skipWhitespace(text, i + 1);
      if (text.charCodeAt(i) !== QUOTE) return false;
      const keyEnd = stringEnd(text, i);
      if (keyEnd === FAILED || parseKey(text.slice(i, keyEnd)) === path[depth]) return false;
      i = skipWhitespace(text, keyEnd);
      if (text.charCodeAt(i) !== COLON) return false;
      i = valueEnd(text, skipWhitespace(text, i + 1));
      if (i === FAILED) return false;
    }
    i++;
  }
  return true;
}

/** The index of the `[` of the value at `path` in the object at `at`, or FAILED. */
function memberAt(text: string, at: number, path: readonly string[]): number {
  let object = at;
  for (let depth = 0; depth < path.length; depth++) {
    const value = valueOfKey(text, object, path[depth] as string);
    if (value === FAILED) return FAILED;
    object = value;
  }
  return text.charCodeAt(object) === OPEN_BRACKET ? object : FAILED;
}

/** Where the value of the first member named `name` of the object at `at` starts, or FAILED. */
function valueOfKey(text: string, at: number, name: string): number {
  if (text.charCodeAt(at) !== OPEN_BRACE) return FAILED;
  let i = skipWhitespace(text, at + 1);
  for (;;) {
    if (text.charCodeAt(i) !== QUOTE) return FAILED;
    const keyEnd = stringEnd(text, i);
    if (keyEnd === FAILED) return FAILED;
    const key = parseKey(text.slice(i, keyEnd));
    i = skipWhitespace(text, keyEnd);
    if (text.charCodeAt(i) !== COLON) return FAILED;
    i = skipWhitespace(text, i + 1);
    if (key === name) return i;
    const end = valueEnd(text, i);
    if (end === FAILED) return FAILED;
    i = skipWhitespace(text, end);
    if (text.charCodeAt(i) !== COMMA) return FAILED;
    i = skipWhitespace(text, i + 1);
  }
}

function parseKey(quoted: string): string | undefined {
  // Keys are short; escapes (`"\u0075sers"`) decode exactly as JSON.parse decodes them.
  if (quoted.indexOf("\\") === -1) return quoted.slice(1, -1);
  try {
    const key: unknown = JSON.parse(quoted);
    return typeof key === "string" ? key : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The index just past the JSON value that starts at `at` (its contents are checked later, by
 * JSON.parse). Brackets inside strings are skipped; mismatched brackets are left to JSON.parse.
 */
function valueEnd(text: string, at: number): number {
  const first = text.charCodeAt(at);
  if (first === QUOTE) return stringEnd(text, at);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) return primitiveEnd(text, at);
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      if (end === FAILED) return FAILED;
      i = end - 1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return FAILED;
}

/** Just past the closing quote of the string whose opening quote is at `at`. */
function stringEnd(text: string, at: number): number {
  let from = at + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote === -1) return FAILED;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    // An odd number of backslashes escapes the quote.
    if (backslashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

/** A number, `true`, `false` or `null`: up to the next separator or whitespace. */
function primitiveEnd(text: string, at: number): number {
  let i = at;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === COMMA || c === CLOSE_BRACKET || c === CLOSE_BRACE || isWhitespace(c)) break;
    i++;
  }
  return i === at ? FAILED : i;
}

function skipWhitespace(text: string, at: number): number {
  let i = at;
  while (i < text.length && isWhitespace(text.charCodeAt(i))) i++;
  return i;
}

function isWhitespace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}
