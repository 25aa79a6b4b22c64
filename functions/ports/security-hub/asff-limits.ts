/**
 * ASFF field limits (AWS Security Hub API reference, AwsSecurityFinding) and the helpers that keep
 * a finding inside them. Security Hub rejects a finding that breaks one of them, so every text we
 * do not control (titles, evidence) goes through here: cut with a visible ellipsis, never rejected.
 */

export const ASFF_LIMITS = {
  id: 512,
  generatorId: 512,
  title: 256,
  description: 1024,
  productName: 128,
  resourceType: 256,
  /** Resources[].Details.Other: up to 50 pairs, key under 128 characters, value under 1,024. */
  other: { maxKeys: 50, maxKeyLength: 127, maxValueLength: 1023 },
  /** ProductFields: up to 50 pairs, key up to 128 characters, value up to 2,048. */
  productFields: { maxKeys: 50, maxKeyLength: 128, maxValueLength: 2048 },
  relatedRequirements: 32,
  types: 50,
} as const;

export interface FieldMapLimits {
  maxKeys: number;
  maxKeyLength: number;
  maxValueLength: number;
}

const ELLIPSIS = "…";

/**
 * At most `max` characters, ending in "…" when cut. Limits count characters; a JS string's length
 * counts UTF-16 units, which is never fewer, so cutting by length is safe. A surrogate pair is never
 * split, so the result stays valid Unicode.
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return "";
  let end = max - ELLIPSIS.length;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}${ELLIPSIS}`;
}

/** Security Hub's string fields must hold a non-whitespace character (pattern `.*\S.*`). */
export function hasText(text: string): boolean {
  return text.trim() !== "";
}

/**
 * A string map within `limits`: entries in the given order, the first of a repeated key wins,
 * keys and values cut to length, entries without text dropped, and at most `maxKeys` entries.
 */
export function fieldMap(
  entries: Iterable<readonly [string, string]>,
  limits: FieldMapLimits,
): Record<string, string> {
  // A Map, then fromEntries: a key such as "__proto__" stays an ordinary entry.
  const map = new Map<string, string>();
  for (const [rawKey, rawValue] of entries) {
    if (map.size >= limits.maxKeys) break;
    if (!hasText(rawKey) || !hasText(rawValue)) continue;
    const key = truncateText(rawKey, limits.maxKeyLength);
    if (!map.has(key)) map.set(key, truncateText(rawValue, limits.maxValueLength));
  }
  return Object.fromEntries(map);
}
