/**
 * RFC 4180 rows: a field holding a comma, quote, CR or LF is quoted and its quotes doubled; rows
 * end in CRLF. A semicolon is quoted too: spreadsheets in locales with a decimal comma split on it.
 */

/** What RFC 4180 requires quoting: what the systems' own exports quote (the generator writes those). */
export const RFC4180_SPECIALS = /[",\r\n]/;
/** Those and ';', for the files deprov writes for spreadsheets. */
const SPREADSHEET_SPECIALS = /[",;\r\n]/;
const QUOTE = /"/g;

export function csvField(text: string, needsQuotes: RegExp = SPREADSHEET_SPECIALS): string {
  return needsQuotes.test(text) ? `"${text.replace(QUOTE, '""')}"` : text;
}

export function csvRow(fields: readonly string[]): string {
  let out = "";
  for (let i = 0; i < fields.length; i++) out += (i === 0 ? "" : ",") + csvField(fields[i] ?? "");
  return `${out}\r\n`;
}
