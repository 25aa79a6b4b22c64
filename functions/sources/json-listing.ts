/**
 * An API export is one big array of records: at the top level (Okta) or under a key of a small
 * envelope object (`users`, `value`, `Resources`, `rows`). `JSON.parse` of the whole file builds
 * every record's full object graph (hundreds of MB for 100,000+ users, most of it fields no rule
 * reads) before the first record is mapped, and the garbage collector then copies that graph around
 * while it is alive. Here the text is scanned once for where each element starts and ends, and each
 * element is parsed on its own when it is mapped, so only one raw record is alive at a time.
 *
 * The result is exactly `JSON.parse`'s: every byte of the file still goes through `JSON.parse` (the
 * envelope with the array emptied, and each element), the scanner checks the commas and brackets in
 * between, and on anything unexpected (a syntax error anywhere, a repeated key on the path) the whole
 * file is parsed at once instead, which reports errors exactly as before.
 */
import { isJsonObject, parseJsonText, type SyntaxErrorPosition } from "./json-text.ts";

/** The elements of the listed array, each parsed when asked for. */
export interface JsonElements {
  readonly length: number;
  /** Element `index`, parsed now; each element is meant to be read once (it is not kept). */
  at(index: number): unknown;
}

/** An array with no elements (an API that omits an empty list). */
export const NO_ELEMENTS: JsonElements = { length: 0, at: () => undefined };

export interface JsonListing {
  /**
   * The document. When the elements are read lazily, the listed array in it is empty: read them
   * from `elements`.
   */
  readonly document: unknown;
  /** The array at the path, or `undefined` when the document has no array there. */
  readonly elements: JsonElements | undefined;
}

/**
 * Parses `text` (a whole JSON file) and the array at `path` (`[]`: the document itself is the array).
 * Invalid JSON fails the source exactly as `parseJsonText` does.
 */
export function parseJsonListing(
  text: string,
  file: string,
  path: readonly string[],
  position?: SyntaxErrorPosition,
): JsonListing {
  const body = text.charCodeAt(0) === BOM ? text.slice(1) : text;
  const found = process.env.DEPROV_EAGER ? undefined : findListedArray(body, path);
  if (found !== undefined) {
    const envelope = parseEnvelope(body, found);
    if (envelope !== NOT_JSON) {
      const reparse = (): never => failAsWholeFile(text, file, position);
      return { document: envelope, elements: new LazyElements(body, found, reparse) };
    }
  }
  const document = parseJsonText(text, file, position);
  const listed = valueAtPath(document, path);
  return { document, elements: Array.isArray(listed) ? new ParsedElements(listed) : undefined };
}

const BOM = 0xfeff;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
/** What the scanner returns when the text is not as expected; the whole file is then parsed at once. */
const FAILED = -1;
const NOT_JSON: unique symbol = Symbol("not JSON");

/** Where the listed array is in the text, and where each of its elements is. */
interface ListedArray {
  /** Index of the array's `[` and just past its `]`. */
  readonly start: number;
  readonly end: number;
  /** Element `i` is `text.slice(starts[i], ends[i])`. */
  readonly starts: number[];
  readonly ends: number[];
}

/**
 * Elements are parsed a batch at a time (a megabyte or so of text): few enough `JSON.parse` calls
 * that V8 reuses the shape of one record for the next (it does so within a call), and small enough
 * that a batch's objects die young, before the garbage collector has to copy them anywhere.
 */
const BATCH_CHARS = Number(process.env.DEPROV_BATCH ?? 1 << 20);

class LazyElements implements JsonElements {
  readonly length: number;
  private batch: unknown[] = [];
  private batchStart = 0;

  constructor(
    private readonly text: string,
    private readonly array: ListedArray,
    private readonly reparse: () => never,
  ) {
    this.length = array.starts.length;
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

  private parseBatchFrom(index: number): void {
    const { starts, ends } = this.array;
    const start = starts[index] as number;
    let last = index;
    while (last + 1 < this.length && (ends[last + 1] as number) - start <= BATCH_CHARS) last++;
    this.batch = [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(`[${this.text.slice(start, ends[last])}]`);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      // Report the error as a parse of the whole file does: same message, line and column.
      this.reparse();
    }
    // The separators between the elements were checked by the scanner, so this is one per element.
    if (!Array.isArray(parsed) || parsed.length !== last - index + 1) this.reparse();
    this.batch = parsed;
    this.batchStart = index;
  }
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

function failAsWholeFile(text: string, file: string, position: SyntaxErrorPosition | undefined): never {
  parseJsonText(text, file, position);
  // The scanner cut an element that is not valid JSON out of a valid file: a bug here, not bad data.
  throw new Error(`${file}: the JSON listing scanner disagrees with JSON.parse`);
}

function parseEnvelope(text: string, array: ListedArray): unknown {
  const envelope = `${text.slice(0, array.start)}[]${text.slice(array.end)}`;
  try {
    return JSON.parse(envelope);
  } catch {
    return NOT_JSON;
  }
}

function valueAtPath(document: unknown, path: readonly string[]): unknown {
  let current = document;
  for (const key of path) {
    if (!isJsonObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** The array at `path`, or `undefined` when the text does not hold one there exactly once. */
function findListedArray(text: string, path: readonly string[]): ListedArray | undefined {
  const at = skipWhitespace(text, 0);
  const found: { array?: ListedArray } = {};
  const end = path.length === 0 ? arrayAt(text, at, found) : objectAt(text, at, path, 0, found);
  if (end === FAILED || skipWhitespace(text, end) !== text.length) return undefined;
  return found.array;
}

/** Scans the array at `at` into `found.array`; returns the index past its `]`. */
function arrayAt(text: string, at: number, found: { array?: ListedArray }): number {
  if (text.charCodeAt(at) !== OPEN_BRACKET) return FAILED;
  const starts: number[] = [];
  const ends: number[] = [];
  let i = skipWhitespace(text, at + 1);
  if (text.charCodeAt(i) !== CLOSE_BRACKET) {
    for (;;) {
      const end = valueEnd(text, i);
      if (end === FAILED) return FAILED;
      starts.push(i);
      ends.push(end);
      i = skipWhitespace(text, end);
      const separator = text.charCodeAt(i);
      if (separator === CLOSE_BRACKET) break;
      if (separator !== COMMA) return FAILED;
      i = skipWhitespace(text, i + 1);
    }
  }
  found.array = { start: at, end: i + 1, starts, ends };
  return i + 1;
}

/**
 * Walks the object at `at` to the member `path[depth]`: an object to walk on, or at the end of the
 * path the array. A key on the path that appears twice fails (JSON.parse keeps the last one).
 */
function objectAt(
  text: string,
  at: number,
  path: readonly string[],
  depth: number,
  found: { array?: ListedArray },
): number {
  if (text.charCodeAt(at) !== OPEN_BRACE) return FAILED;
  let i = skipWhitespace(text, at + 1);
  if (text.charCodeAt(i) === CLOSE_BRACE) return i + 1;
  let seen = false;
  for (;;) {
    if (text.charCodeAt(i) !== QUOTE) return FAILED;
    const keyEnd = stringEnd(text, i);
    if (keyEnd === FAILED) return FAILED;
    const key = parseKey(text.slice(i, keyEnd));
    i = skipWhitespace(text, keyEnd);
    if (text.charCodeAt(i) !== COLON) return FAILED;
    i = skipWhitespace(text, i + 1);
    let end: number;
    if (key === path[depth]) {
      if (seen) return FAILED;
      seen = true;
      end = depth === path.length - 1 ? arrayAt(text, i, found) : objectAt(text, i, path, depth + 1, found);
      // Not an array (or object) where the path leads: the format reports what is there instead.
      if (end === FAILED) end = valueEnd(text, i);
    } else {
      end = valueEnd(text, i);
    }
    if (end === FAILED) return FAILED;
    i = skipWhitespace(text, end);
    const separator = text.charCodeAt(i);
    if (separator === CLOSE_BRACE) return i + 1;
    if (separator !== COMMA) return FAILED;
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
