/**
 * DynamoDB refuses an item over 400 KB, and items here carry source text: a finding's evidence
 * and subject, a task's title (a roster name), a failure's reason. One runaway field — a whole
 * JSON blob in a "display name", a pasted note — must not fail the scan's writes. Such items are
 * cut to fit: the longest strings first, each keeping its start and a marker saying how much was
 * cut, then (if that is not enough) the longest arrays. The full value is still in the scan's
 * result blob; the item keeps what a listing or a report needs.
 */

/** DynamoDB's limit, counting attribute names and values in UTF-8. */
export const DYNAMODB_MAX_ITEM_BYTES = 400 * 1024;
/** What the content may take: room for the key attributes and for DynamoDB's own encoding overhead. */
export const ITEM_CONTENT_BUDGET_BYTES = 350 * 1024;

/** Strings are never cut shorter than this, so ids, names and dates stay whole. */
const MIN_KEPT_CHARS = 256;
const MIN_KEPT_ITEMS = 16;

type Json = string | number | boolean | null | undefined | Json[] | { [key: string]: Json };

export function truncationMarker(cut: number): string {
  return `…[truncated: ${cut} more characters]`;
}

/** `value` unchanged when its JSON fits in `budget` bytes, else a copy cut down to fit. */
export function fitItem<T>(value: T, budget = ITEM_CONTENT_BUDGET_BYTES): T {
  if (byteSize(value) <= budget) return value;
  const json = value as Json;
  const longest = longestString(json);
  // The largest per-string length that fits (binary search on the cut-off).
  let low = MIN_KEPT_CHARS;
  let high = Math.max(MIN_KEPT_CHARS, longest);
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (byteSize(capStrings(json, mid)) <= budget) low = mid;
    else high = mid - 1;
  }
  let fitted = capStrings(json, low);
  if (byteSize(fitted) > budget) {
    let items = Math.max(MIN_KEPT_ITEMS, longestArray(fitted));
    let floor = MIN_KEPT_ITEMS;
    while (floor < items) {
      const mid = Math.ceil((floor + items) / 2);
      if (byteSize(capArrays(fitted, mid)) <= budget) floor = mid;
      else items = mid - 1;
    }
    fitted = capArrays(fitted, floor);
  }
  if (byteSize(fitted) > budget) {
    throw new Error(`an item of ${byteSize(value)} bytes cannot be cut to DynamoDB's ${budget}-byte budget`);
  }
  return fitted as T;
}

function byteSize(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? "", "utf8");
}

function longestString(value: Json): number {
  if (typeof value === "string") return value.length;
  if (Array.isArray(value)) return value.reduce<number>((max, item) => Math.max(max, longestString(item)), 0);
  if (value !== null && typeof value === "object")
    return Object.values(value).reduce<number>((max, item) => Math.max(max, longestString(item)), 0);
  return 0;
}

function longestArray(value: Json): number {
  if (Array.isArray(value))
    return value.reduce<number>((max, item) => Math.max(max, longestArray(item)), value.length);
  if (value !== null && typeof value === "object")
    return Object.values(value).reduce<number>((max, item) => Math.max(max, longestArray(item)), 0);
  return 0;
}

function capStrings(value: Json, max: number): Json {
  if (typeof value === "string") {
    if (value.length <= max) return value;
    const marker = truncationMarker(value.length - max);
    return value.slice(0, max) + marker;
  }
  if (Array.isArray(value)) return value.map((item) => capStrings(item, max));
  if (value !== null && typeof value === "object") {
    const out: { [key: string]: Json } = {};
    for (const [key, item] of Object.entries(value)) out[key] = capStrings(item, max);
    return out;
  }
  return value;
}

/** Arrays longer than `max` keep their first items; a list of strings ends with a marker saying how many went. */
function capArrays(value: Json, max: number): Json {
  if (Array.isArray(value)) {
    const kept = value.slice(0, max).map((item) => capArrays(item, max));
    if (value.length <= max) return kept;
    const cut = value.length - max;
    return value.every((item) => typeof item === "string")
      ? [...kept, `…[truncated: ${cut} more items]`]
      : kept;
  }
  if (value !== null && typeof value === "object") {
    const out: { [key: string]: Json } = {};
    for (const [key, item] of Object.entries(value)) out[key] = capArrays(item, max);
    return out;
  }
  return value;
}
