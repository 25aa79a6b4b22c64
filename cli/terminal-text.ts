/**
 * Text from sources (names, account ids, titles) on its way to a terminal. An escape sequence in
 * a roster field could otherwise clear the screen, rewrite earlier lines, retitle the window or,
 * in some terminals, answer back as if typed; bidirectional overrides could reorder what is shown.
 */

const LINE_LAYOUT = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** What JSON.stringify leaves raw inside strings (it escapes C0 controls itself). */
const UNESCAPED_BY_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** One line of plain text: line breaks and tabs become a space, every other control character goes. */
export function terminalText(text: string): string {
  return text.replace(LINE_LAYOUT, " ").replace(CONTROL, "");
}

/**
 * JSON for a terminal: JSON.stringify escapes C0 controls but writes DEL, the C1 controls (0x9B
 * starts an escape sequence in some terminals) and bidirectional overrides as they are; these
 * become `\uXXXX` escapes too, so the output is the same JSON value and inert on screen.
 */
export function terminalJson(value: unknown): string {
  return (JSON.stringify(value, null, 2) ?? "").replace(
    UNESCAPED_BY_JSON,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
