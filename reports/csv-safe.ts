/**
 * Formula-injection neutralising for spreadsheet exports (OWASP "CSV Injection", ASVS 1.2.10).
 * Spreadsheets evaluate a cell that starts with `=`, `+`, `-` or `@` (some after leading
 * whitespace, some also in their full-width forms) or with a tab, carriage return, line feed
 * or NUL. A leading single quote makes them show the cell as text.
 */

const FORMULA_START = /^(?:[\t\r\n\0]|\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;

/** Returns the cell unchanged unless a spreadsheet could read it as a formula; then prefixes `'`. */
export function neutraliseFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}
