/**
 * What exports write in a date, timestamp or number cell that has no value: `N/A` typed by people,
 * `NULL` from SQL Server and database dumps, `None` from Python, `-`, Excel's `(blank)`, and
 * MySQL's zero date `0000-00-00`. Such a cell says there is no value, as an empty cell does; read
 * as a malformed value it would be dropped with a warning and its record held, and a roster whose
 * active people all have `N/A` as their termination date would hold everything it feeds. (pandas
 * reads the same words as missing by default.)
 *
 * Not `#N/A`: that is a spreadsheet's failed lookup, a value nobody knows, so it stays malformed
 * and holds its record. Text fields keep these words as text: "NA" may be a region's name.
 */
const NO_VALUE_WORDS: ReadonlySet<string> = new Set([
  "n/a",
  "na",
  "null",
  "none",
  "-",
  "--",
  "(blank)",
  "0000-00-00",
  "0000-00-00 00:00:00",
  "00/00/0000",
  "00.00.0000",
]);

export function isNoValueWord(text: string): boolean {
  return NO_VALUE_WORDS.has(text.toLowerCase());
}
