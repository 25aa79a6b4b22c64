/** HTML escaping: the one function every piece of roster/source text passes through before it reaches HTML. */

const HTML_SPECIAL = /[&<>"']/;
const HTML_SPECIAL_GLOBAL = /[&<>"']/g;
const ENTITY: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for element content and for quoted attribute values alike. */
export function escapeHtml(text: string): string {
  // Most ids and names contain nothing to escape; skip the replace for them.
  if (!HTML_SPECIAL.test(text)) return text;
  return text.replace(HTML_SPECIAL_GLOBAL, (ch) => ENTITY[ch] ?? ch);
}
