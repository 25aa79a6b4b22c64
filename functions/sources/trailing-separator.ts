/**
 * Some writers end every data line with a separator the header line does not have (`a,b,c,`
 * under `A,B,C`): report scripts that write each field followed by a comma, some database and
 * reporting tools. Every row then has one empty field more than the header, and each used to be
 * rejected for its field count, so the whole source failed. (pandas knows the shape: "a malformed
 * file with delimiters at the end of each line".)
 *
 * The file is taken to end its rows so when most of its first rows have exactly one field more
 * than the header and that field is empty. Then such a row is read as the header's width; a row
 * whose extra field holds a value is still rejected. Deciding by the file and not row by row keeps
 * a row with an unquoted separator in a value (`Doe, Jane`) and an empty last column, in a file
 * whose other rows match the header, from being read with every value shifted one column.
 */

/** Data rows looked at to decide. */
const SAMPLE_ROWS = 100;

/** A data row's shape: how many fields it has, and whether its last one is empty. */
export interface RowShape {
  fields: number;
  lastEmpty: boolean;
}

/** Whether `rows` (a file's data rows, first first; blank lines left out) end with one separator more than the header's `width`. */
export function endsRowsWithSeparator(rows: Iterable<RowShape>, width: number): boolean {
  let seen = 0;
  let trailing = 0;
  for (const row of rows) {
    if (row.fields === width + 1 && row.lastEmpty) trailing++;
    if (++seen === SAMPLE_ROWS) break;
  }
  return trailing * 2 > seen;
}
