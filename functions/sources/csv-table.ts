/**
 * Reads CSV text into a header and data rows, each with the file line it starts on (counted from
 * the file's first line, whatever stands above the header), so every rejection can point at the
 * line a person sees in their editor. Structure errors (an unclosed quote) make the whole file
 * unusable; a row with the wrong number of fields does not.
 */
import { CsvError, parse } from "csv-parse/sync";
import type { RejectedRecord } from "../core/model.ts";
import { quoteFreeTable } from "../fast/quote-free-csv.ts";
import { withoutBom } from "../shared/byte-order-mark.ts";
import { type CsvDelimiter, delimiterName, detectDelimiter } from "./csv-delimiter.ts";
import { csvLine, fieldCountRejection } from "./csv-rejections.ts";
import { SourceFormatError } from "./parser.ts";
import { endsRowsWithSeparator, type RowShape } from "./trailing-separator.ts";
import { WHOLE_RECORD } from "./value-description.ts";

const LF = 10;
const CR = 13;
const QUOTE = 34;

export interface CsvTable {
  /** Header names, trimmed. */
  readonly header: string[];
  /** The character between fields. */
  readonly delimiter: CsvDelimiter;
  /** The line the header is on: 1, or below the lines `readCsvTable` skips (CsvLayout). */
  readonly headerLine: number;
  /**
   * Calls `visit` for each data row in file order with the line it starts on (counted from the file's first line);
   * blank lines are skipped, and a row whose number of fields differs from the header's goes to
   * `rejected` instead (and to `visitBroken`, with the fields it does have, so its id can still be
   * read). `values[k]` is the row's field in column `columns[k]` (`undefined` for -1 or a field the
   * row lacks); the array is reused: read it, do not keep it.
   */
  forEachRow(
    columns: Int32Array,
    visit: (values: readonly (string | undefined)[], line: number) => void,
    rejected: RejectedRecord[],
    visitBroken?: (values: readonly (string | undefined)[], line: number) => void,
  ): void;
}

/**
 * The fast path for text without a quote (ADR 0011, functions/fast/quote-free-csv.ts). The plain
 * reference is csv-parse for every file: `undefined` here.
 */
const QUOTE_FREE_TABLE:
  | ((body: string, delimiter: CsvDelimiter, headerLine: number) => CsvTable | undefined)
  | undefined = quoteFreeTable;

/** How a source's CSV is laid out, when it says. */
export interface CsvLayout {
  /** The character between fields; omitted: read from the header line (csv-delimiter.ts). */
  delimiter?: CsvDelimiter | undefined;
  /**
   * The header's line (1 = the first): a report may put its title and date above the table.
   * Omitted: the first line, or the second below a line that is known not to be data (below).
   */
  headerRow?: number | undefined;
  /**
   * The text is a workbook sheet written out as CSV, one line per sheet row: a line break inside a
   * cell (an address, a note) does not move the rows below it, so line N stays the sheet's row N.
   */
  sheetRows?: boolean;
}

/**
 * Windows PowerShell's `Export-Csv` (5.1 and earlier) writes the exported objects' type above the
 * header unless told `-NoTypeInformation`: `#TYPE Microsoft.ActiveDirectory.Management.ADUser`.
 * It is no part of the table.
 */
const POWERSHELL_TYPE_LINE = /^#TYPE [^\r\n]*(\r\n|\n|\r)/;
/** Excel's separator line (`sep=;`), which some exports write first so that Excel splits them right. */
const EXCEL_SEPARATOR_LINE = /^sep=([,;\t|])(\r\n|\n|\r)/;

export function readCsvTable(text: string, file: string, layout: CsvLayout = {}): CsvTable {
  const { body, headerLine, named } = tableStart(
    withoutBom(text),
    file,
    layout.headerRow,
    layout.sheetRows === true,
  );
  const separator = layout.delimiter ?? named ?? detectDelimiter(body);
  const table =
    QUOTE_FREE_TABLE?.(body, separator, headerLine) ??
    parsedTable(body, file, separator, headerLine, layout.sheetRows === true);
  if (table.header.length === 1 && table.header[0] === "") {
    throw new SourceFormatError(file, "the file is empty: expected a header row");
  }
  return table;
}

/** The text from the header on, the header's line, and the separator a `sep=` line named. */
function tableStart(
  text: string,
  file: string,
  headerRow: number | undefined,
  sheetRows: boolean,
): { body: string; headerLine: number; named?: CsvDelimiter } {
  if (headerRow !== undefined) {
    const lines = (sheetRows ? countRowBreaks(text) : countLineBreaks(text)) + 1;
    if (headerRow > lines) {
      throw new SourceFormatError(
        file,
        `"headerRow" is ${headerRow}, but the file has ${lines} ${lines === 1 ? "line" : "lines"}: expected the header on line ${headerRow}`,
      );
    }
    const offset = sheetRows ? offsetOfRow(text, headerRow) : offsetOfLine(text, headerRow);
    return { body: text.slice(offset), headerLine: headerRow };
  }
  const typeLine = POWERSHELL_TYPE_LINE.exec(text);
  if (typeLine !== null) return { body: text.slice(typeLine[0].length), headerLine: 2 };
  const separatorLine = EXCEL_SEPARATOR_LINE.exec(text);
  if (separatorLine !== null) {
    return {
      body: text.slice(separatorLine[0].length),
      headerLine: 2,
      named: separatorLine[1] as CsvDelimiter,
    };
  }
  return { body: text, headerLine: 1 };
}

/** The plain reference: csv-parse reads the whole file. `body` starts with the header, on file line `headerLine`. */
export function parsedTable(
  body: string,
  file: string,
  delimiter: CsvDelimiter = ",",
  headerLine = 1,
  sheetRows = false,
): CsvTable {
  // Line breaks inside quoted fields move the next record down, except in a sheet's rows.
  const breaksIn = sheetRows ? () => 0 : lineBreaksIn;
  const linesAbove = headerLine - 1;
  let parsed: string[][];
  let unfinished: UnfinishedTail | undefined;
  try {
    parsed = parseRows(body, delimiter);
  } catch (error) {
    // A quote that never closes swallows the rest of the file into one field: most often an
    // export cut short. The rows before it are sound; the rest is one unfinished record.
    unfinished = unfinishedTail(error, body, delimiter);
    if (unfinished === undefined)
      throw new SourceFormatError(file, describeCsvError(error, body, delimiter, linesAbove));
    try {
      parsed = parseRows(body.slice(0, unfinished.offset), delimiter);
    } catch (earlier) {
      throw new SourceFormatError(file, describeCsvError(earlier, body, delimiter, linesAbove));
    }
  }
  const first = parsed[0] ?? [""];
  const width = first.length;
  return {
    header: first.map((name) => name.trim()),
    delimiter,
    headerLine,
    forEachRow(columns, visit, rejected, visitBroken) {
      const trailing = endsRowsWithSeparator(rowShapes(parsed), width);
      const values: (string | undefined)[] = new Array(columns.length).fill(undefined);
      let line = headerLine + breaksIn(first) + 1;
      for (let i = 1; i < parsed.length; i++) {
        const row = parsed[i] as string[];
        const start = line;
        line += breaksIn(row) + 1;
        if (row.length === 1 && row[0] === "") continue; // a blank line
        if (row.length !== width && !(trailing && row.length === width + 1 && row[width] === "")) {
          rejected.push(fieldCountRejection(start, width, row.length));
          if (visitBroken !== undefined) {
            for (let k = 0; k < columns.length; k++) {
              const column = columns[k] as number;
              values[k] = column === -1 ? undefined : row[column];
            }
            visitBroken(values, start);
          }
          continue;
        }
        for (let k = 0; k < columns.length; k++) {
          const column = columns[k] as number;
          values[k] = column === -1 ? undefined : row[column];
        }
        visit(values, start);
      }
      if (unfinished === undefined) return;
      const opened = unfinished.line + linesAbove;
      rejected.push({
        record: csvLine(opened),
        field: WHOLE_RECORD,
        reason: `a quoted field opened on this line is never closed, so the rest of the file (lines ${opened}–${unfinished.lastLine + linesAbove}) is one unfinished record: was the export cut short? (a quote inside a quoted field is written as "")`,
      });
      const row = unfinished.row;
      if (visitBroken === undefined || row === undefined) return;
      for (let k = 0; k < columns.length; k++) {
        const column = columns[k] as number;
        values[k] = column === -1 ? undefined : row[column];
      }
      visitBroken(values, opened);
    },
  };
}

/** The shapes of the data rows (blank lines left out), for endsRowsWithSeparator. */
function* rowShapes(parsed: readonly string[][]): Generator<RowShape> {
  for (let i = 1; i < parsed.length; i++) {
    const row = parsed[i] as string[];
    if (row.length === 1 && row[0] === "") continue;
    yield { fields: row.length, lastEmpty: row.at(-1) === "" };
  }
}

function parseRows(text: string, delimiter: CsvDelimiter): string[][] {
  // relax_column_count: a short or long row is one bad record, rejected later by the caller.
  // relax_quotes: a stray quote inside an unquoted field (`5" monitor`) is kept as text.
  return parse(text, { delimiter, relax_column_count: true, relax_quotes: true });
}

/** The rest of a file from the line where a quoted field opens and never closes. */
interface UnfinishedTail {
  line: number;
  lastLine: number;
  /** Where that line starts in the text. */
  offset: number;
  /** Its fields as far as they go (the open quote closed at the end), to read its id. */
  row: string[] | undefined;
}

function unfinishedTail(error: unknown, body: string, delimiter: CsvDelimiter): UnfinishedTail | undefined {
  if (!(error instanceof CsvError) || error.code !== "CSV_QUOTE_NOT_CLOSED") return undefined;
  const line = lineOfUnclosedQuote(body, delimiter);
  // In the header the whole file is unusable.
  if (line <= 1) return undefined;
  const offset = offsetOfLine(body, line);
  let row: string[] | undefined;
  try {
    row = parseRows(`${body.slice(offset)}"`, delimiter)[0];
  } catch {
    row = undefined;
  }
  return {
    line,
    lastLine: line + countLineBreaks(body.slice(offset).replace(/(\r\n|\r|\n)$/, "")),
    offset,
    row,
  };
}

/** Where line `line` (1-based; LF, CRLF or a lone CR ends a line) starts. */
function offsetOfLine(text: string, line: number): number {
  if (line <= 1) return 0;
  let current = 1;
  for (let i = 0; i < text.length && current < line; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) {
      current++;
      if (current === line) return i + 1;
    }
  }
  return text.length;
}

/**
 * Where row `row` (1-based) of a sheet written out as CSV starts: its rows end at CRLF outside
 * quotes (workbook.ts quotes every field holding a line break, and doubles quotes inside).
 */
function offsetOfRow(text: string, row: number): number {
  let current = 1;
  let quoted = false;
  for (let i = 0; i < text.length && current < row; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) quoted = !quoted;
    else if (c === LF && !quoted) {
      current++;
      if (current === row) return i + 1;
    }
  }
  return text.length;
}

/** The row ends in a sheet written out as CSV (see offsetOfRow). */
function countRowBreaks(text: string): number {
  let breaks = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) quoted = !quoted;
    else if (c === LF && !quoted) breaks++;
  }
  return breaks;
}

/** Line breaks inside quoted fields: each one moves the next record one line further down. */
function lineBreaksIn(row: readonly string[]): number {
  let breaks = 0;
  for (let i = 0; i < row.length; i++) {
    const field = row[i] as string;
    if (field.indexOf("\n") === -1 && field.indexOf("\r") === -1) continue;
    breaks += countLineBreaks(field);
  }
  return breaks;
}

function countLineBreaks(value: string): number {
  let breaks = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 10) breaks++;
    else if (c === 13 && value.charCodeAt(i + 1) !== 10) breaks++; // a lone CR; CRLF counts at its LF
  }
  return breaks;
}

/** A user-facing description of a CSV structure error, without echoing field contents (may be PII). */
function describeCsvError(error: unknown, text: string, delimiter: CsvDelimiter, linesAbove: number): string {
  if (!(error instanceof CsvError)) throw error;
  const at = typeof error.lines === "number" ? `line ${error.lines + linesAbove}: ` : "";
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return `line ${lineOfUnclosedQuote(text, delimiter) + linesAbove}: a quoted field is never closed (expected a closing '"' before the end of the file)`;
    case "CSV_INVALID_CLOSING_QUOTE":
    case "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE":
      return `${at}a closing '"' is followed by other text (expected a ${delimiterName(delimiter)} or the end of the line; write a quote inside a quoted field as "")`;
    case "INVALID_OPENING_QUOTE":
      return `${at}a '"' appears inside an unquoted field (expected the whole field to be quoted)`;
    case "CSV_MAX_RECORD_SIZE":
      return `${at}a record is too large to be a CSV row (is the file CSV?)`;
    default:
      return `${at}not valid CSV (${error.code})`;
  }
}

/**
 * The line on which the quoted field that never closes begins. The parser only knows where the
 * file ended; the user needs where the runaway quote started. Follows the same rules as the
 * parser (a quote opens a field only at its start; "" inside quotes is a literal quote).
 */
export function lineOfUnclosedQuote(text: string, delimiter: CsvDelimiter = ","): number {
  const separator = delimiter.charCodeAt(0);
  let line = 1;
  let openedAt = 1;
  let quoted = false;
  let atFieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const isBreak = c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10);
    if (quoted) {
      if (c === 34) {
        if (text.charCodeAt(i + 1) === 34) i++;
        else quoted = false;
      } else if (isBreak) line++;
      continue;
    }
    if (isBreak) {
      line++;
      atFieldStart = true;
    } else if (c === separator || c === 13) {
      atFieldStart = true;
    } else if (c === 34 && atFieldStart) {
      quoted = true;
      openedAt = line;
    } else {
      atFieldStart = false;
    }
  }
  return openedAt;
}
