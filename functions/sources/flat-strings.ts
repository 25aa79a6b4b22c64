/**
 * Strings that canonical records keep for the whole scan, made not to hold on to anything else.
 * In V8 a string cut out of a longer one (`slice`, `split`; 13 characters or more) is a view that
 * keeps the whole original alive: a field of a CSV export would pin the entire file text. A string
 * joined with `+` or a template is a tree of its parts until something flattens it.
 */

/** `first` and `last` joined by a space, as one flat string (no tree over the two parts). */
export function joinedName(first: string, last: string): string {
  // Array#join writes its result into one new flat string.
  return [first, last].join(" ");
}

/** Views shorter than this are copies already (V8's minimum length of a sliced string). */
const MIN_VIEW_LENGTH = 13;

/**
 * `text` as a string of its own, for a field cut out of an export's text that a record keeps: the
 * export text can then be freed as soon as its records are built.
 */
export function ownString(text: string): string {
  if (text.length < MIN_VIEW_LENGTH) return text;
  // The JSON round trip is the cheapest way found to make V8 write the characters into a new flat
  // string (concatenating and slicing gives a view of a copy: more memory, no faster). Any string
  // survives it unchanged.
  return JSON.parse(JSON.stringify(text)) as string;
}
