/**
 * Fast path (ADR 0011): CSV text without a single quote, split on line ends and its separator. The plain
 * reference is csv-parse (functions/sources/csv-table.ts reads every file with it when its
 * `QUOTE_FREE_TABLE` is `undefined`); test/fast/quote-free-csv.test.ts holds the two to the same rows.
 */

import type { CsvDelimiter } from "../sources/csv-delimiter.ts";
import { fieldCountRejection } from "../sources/csv-rejections.ts";
import type { CsvTable } from "../sources/csv-table.ts";
import { endsRowsWithSeparator, type RowShape } from "../sources/trailing-separator.ts";

const LF = 10;
const CR = 13;

/**
 * csv-parse costs about 5 µs a row, too much for a million-account scan. Text without a single
 * quote cannot hold a quoted comma or line break, so splitting on line ends and commas reads it
 * exactly as csv-parse would, several times faster and row by row (nothing piles up for the garbage
 * collector). Credential reports and most machine exports never quote. Old-Mac lone-CR line ends
 * go to csv-parse.
 */
export function isQuoteFree(body: string): boolean {
  if (body.indexOf('"') !== -1) return false;
  for (let cr = body.indexOf("\r"); cr !== -1; cr = body.indexOf("\r", cr + 1)) {
    if (body.charCodeAt(cr + 1) !== LF) return false;
  }
  return true;
}

/** The table of `body`, or `undefined` when it holds a quote or a lone CR (csv-parse reads those). */
export function quoteFreeTable(
  body: string,
  delimiter: CsvDelimiter = ",",
  headerLine = 1,
): CsvTable | undefined {
  if (!isQuoteFree(body)) return undefined;
  const headerEnd = lineEnd(body, 0);
  const header = body
    .slice(0, headerEnd)
    .split(delimiter)
    .map((name) => name.trim());
  const width = header.length;
  return {
    header,
    delimiter,
    headerLine,
    forEachRow(columns, visit, rejected, visitBroken) {
      const separator = delimiter.charCodeAt(0);
      const trailing = endsRowsWithSeparator(lineShapes(body, nextLine(body, headerEnd), delimiter), width);
      const values: (string | undefined)[] = new Array(columns.length).fill(undefined);
      // fieldStarts[f] is where field f of the current line starts; field f ends one before f + 1 starts.
      const fieldStarts = new Int32Array(width + 1);
      let line = headerLine + 1;
      for (let start = nextLine(body, headerEnd); start < body.length; line++) {
        const end = lineEnd(body, start);
        if (end > start) {
          // Finding the separators and cutting out only the columns asked for is about twice as
          // fast as `split`, and allocates no string for the other columns.
          let fields = 1;
          fieldStarts[0] = start;
          for (
            let comma = body.indexOf(delimiter, start);
            comma !== -1 && comma < end;
            comma = body.indexOf(delimiter, comma + 1)
          ) {
            // Past the header's width, the comma that ends the last column is where its value stops.
            if (fields <= width) fieldStarts[fields] = comma + 1;
            fields++;
          }
          if (fields <= width) fieldStarts[width] = end + 1;
          // With a separator ending the row, field `width` (empty) starts past it: the last column ends before it.
          const endsWithSeparator =
            trailing && fields === width + 1 && body.charCodeAt(end - 1) === separator;
          if (fields !== width && !endsWithSeparator) {
            rejected.push(fieldCountRejection(line, width, fields));
            if (visitBroken !== undefined) {
              // The fields the short (or long) row has, up to the header's width.
              if (fields < width) fieldStarts[fields] = end + 1;
              for (let k = 0; k < columns.length; k++) {
                const column = columns[k] as number;
                values[k] =
                  column === -1 || column >= fields
                    ? undefined
                    : body.slice(fieldStarts[column] as number, (fieldStarts[column + 1] as number) - 1);
              }
              visitBroken(values, line);
            }
          } else {
            // The values are views of the export text (see flat-strings.ts): records that keep
            // them keep the text alive until reconcile drops the records, tens of MB for the CSV
            // exports of a 100,000-person org. Copying each kept field (ownString) would cost a JSON
            // round trip per field.
            for (let k = 0; k < columns.length; k++) {
              const column = columns[k] as number;
              values[k] =
                column === -1
                  ? undefined
                  : body.slice(fieldStarts[column] as number, (fieldStarts[column + 1] as number) - 1);
            }
            visit(values, line);
          }
        }
        start = nextLine(body, end);
      }
    },
  };
}

/** The shapes of the data lines from `start` on (blank ones left out), for endsRowsWithSeparator. */
function* lineShapes(body: string, start: number, delimiter: CsvDelimiter): Generator<RowShape> {
  const separator = delimiter.charCodeAt(0);
  for (let line = start; line < body.length; line = nextLine(body, lineEnd(body, line))) {
    const end = lineEnd(body, line);
    if (end === line) continue;
    let fields = 1;
    for (let at = body.indexOf(delimiter, line); at !== -1 && at < end; at = body.indexOf(delimiter, at + 1))
      fields++;
    yield { fields, lastEmpty: body.charCodeAt(end - 1) === separator };
  }
}

/** Index of the CR or LF that ends the line starting at `start` (or the text's length). */
function lineEnd(body: string, start: number): number {
  const lf = body.indexOf("\n", start);
  if (lf === -1) return body.length;
  return lf > start && body.charCodeAt(lf - 1) === CR ? lf - 1 : lf;
}

function nextLine(body: string, end: number): number {
  return body.charCodeAt(end) === CR ? end + 2 : end + 1;
}
