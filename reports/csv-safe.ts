/**
 * Formula-injection neutralising for spreadsheet exports (OWASP "CSV Injection", ASVS 1.2.10).
 * Spreadsheets evaluate a cell that starts with `=`, `+`, `-` or `@` (some after leading
 * whitespace, some also in their full-width forms) or with a tab, carriage return, line feed
 * or NUL. A leading single quote makes them show the cell as text. Double quotes before the sign
 * count as whitespace does: an import that ignores quoting, or strips a value's own quotes,
 * leaves the sign first.
 *
 * Locales whose decimal separator is a comma (most of Europe) split CSV on `;`. Such cells are
 * quoted (csv-row.ts), but an import that splits anyway ("Text to Columns", an importer told to
 * ignore quotes) turns the text after each `;` into a cell of its own: a formula there is
 * neutralised too, with a quote right after the separator.
 */

const FORMULA_START = /^(?:[\t\r\n\0]|[\s"]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;
const FORMULA_AFTER_SEPARATOR = /;(?=[\t\r\n\0]|[\s"]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/g;

/** Returns the cell unchanged unless a spreadsheet could read it, or a `;`-split part of it, as a formula. */
export function neutraliseFormula(cell: string): string {
  const parts = cell.replace(FORMULA_AFTER_SEPARATOR, ";'");
  return FORMULA_START.test(parts) ? `'${parts}` : parts;
}
