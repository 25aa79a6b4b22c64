/**
 * Snipe-IT runs API strings through Laravel's `e()` (htmlspecialchars, ENT_QUOTES), so a model
 * named `Dell & Co` arrives as `Dell &amp; Co`. Decoding here keeps reports, which escape on
 * output, from showing `&amp;amp;`. One pass, so `&amp;lt;` correctly becomes `&lt;`.
 */

const BASIC_ENTITY = /&(?:amp|lt|gt|quot|#0*39|apos);/g;

const DECODED: Readonly<Record<string, string>> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&apos;": "'",
};

export function decodeBasicHtmlEntities(text: string): string {
  // Fast path: almost no value carries an entity.
  if (text.indexOf("&") === -1) return text;
  return text.replace(BASIC_ENTITY, decodeEntity);
}

function decodeEntity(entity: string): string {
  // The only numeric entity the pattern admits is the apostrophe (`&#039;`, `&#39;`).
  return DECODED[entity] ?? "'";
}
