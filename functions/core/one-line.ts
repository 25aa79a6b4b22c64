/**
 * One line of text from roster and config text (names, the organization). A line break there
 * would let that text start a line of its own where only one belongs: an email header (a `Bcc:`),
 * a ticket summary that ends early and goes on as if it were a field; so every control character,
 * and the Unicode line and paragraph separators, become one space.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const LINE_BREAKING = /[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g;
const SPACES = / {2,}/g;

export function oneLine(text: string): string {
  return text.replace(LINE_BREAKING, " ").replace(SPACES, " ").trim();
}
