/**
 * Excel workbooks (.xlsx): HR and SaaS admin consoles offer them beside CSV, and a report that went
 * through someone's hands is usually saved as one. A `csv` source may name a workbook: its sheet is
 * turned into the CSV text Excel's "Save as CSV" would write — every row padded to the sheet's
 * width, dates and ids as Excel shows them (workbook-cell-text.ts) — and read by the csv parser,
 * so columns, `headerRow`, `statusValues` and every field rule work as they do for CSV, and line N
 * in a message is the sheet's row N.
 *
 * The workbook is read as it unzips (xlsx/): the parts it refers to first, then the sheet, row by
 * row, so a roster of 100,000 people takes about what its CSV would, not the whole document.
 */
import { csvField, RFC4180_SPECIALS } from "../../reports/csv-row.ts";
import { startsWithBytes } from "../shared/starts-with-bytes.ts";
import type { CsvDelimiter } from "./csv-delimiter.ts";
import { cellText } from "./workbook-cell-text.ts";
import { WorkbookError } from "./workbook-error.ts";
import { checkReadSize } from "./workbook-size.ts";
import { readNumberFormats } from "./xlsx/number-formats.ts";
import { readSharedStrings } from "./xlsx/shared-strings.ts";
import { columnName, readSheetRows, type SheetCell } from "./xlsx/sheet-rows.ts";
import { readWorkbookParts, type SheetPart } from "./xlsx/workbook-parts.ts";
import { ZipParts } from "./xlsx/zip-parts.ts";

export { WorkbookError };

/** A zip archive's first bytes: every .xlsx (and .xlsb, .ods) is one. */
const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
/**
 * A Compound File's first bytes: an Excel 97–2003 workbook (.xls), or any workbook saved with a
 * password (Office encrypts the whole .xlsx into one).
 */
const COMPOUND_FILE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** An OpenDocument file stores its type first, uncompressed, under the name `mimetype`. */
const OPENDOCUMENT_SPREADSHEET = "application/vnd.oasis.opendocument.spreadsheet";

const SAVE_AS = "save it from Excel as .xlsx or as CSV UTF-8";
/**
 * The most cells (rows × the widest row's columns) a sheet is written out with: 100,000 people with
 * 200 columns each. Within the unzipped-size limit only a stray value far from the table reaches it.
 */
const MAX_SHEET_CELLS = 20_000_000;
/** Cells with a formula error named in a warning; the count is always exact. */
const MAX_CELLS_NAMED = 5;

export type SpreadsheetKind = "xlsx" | "xls-or-encrypted" | "ods";

/** What the bytes are, when they are a spreadsheet rather than text. */
export function spreadsheetKind(bytes: Uint8Array): SpreadsheetKind | undefined {
  if (startsWithBytes(bytes, COMPOUND_FILE_SIGNATURE)) return "xls-or-encrypted";
  if (!startsWithBytes(bytes, ZIP_SIGNATURE)) return undefined;
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 256)).toString(
    "latin1",
  );
  return head.includes(OPENDOCUMENT_SPREADSHEET) ? "ods" : "xlsx";
}

/** Why a spreadsheet that is not an .xlsx cannot be read, and what to do. */
export function unreadableSpreadsheet(kind: Exclude<SpreadsheetKind, "xlsx">): string {
  return kind === "ods"
    ? `an OpenDocument spreadsheet (.ods), which deprov does not read: ${SAVE_AS}`
    : `an Excel 97–2003 workbook (.xls) or a workbook protected by a password, which deprov does not read: ${SAVE_AS} (without a password)`;
}

export interface WorkbookCsv {
  text: string;
  /** The sheet read. */
  sheet: string;
  /** What the reader noticed: other sheets not read, formula errors read as their text. */
  warnings: string[];
}

/**
 * The sheet named `sheetName` (or the first visible one) as CSV text, its fields separated by
 * `delimiter`: the one the source names, if it does, since the csv parser will split on it.
 */
export async function workbookAsCsv(
  bytes: Uint8Array,
  sheetName?: string,
  delimiter: CsvDelimiter = ",",
): Promise<WorkbookCsv> {
  const zip = await ZipParts.open(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  try {
    const parts = await readable("workbook.xml", () => readWorkbookParts(zip));
    // In the workbook's tab order.
    const sheets = parts.sheets;
    const sheet = chooseSheet(sheets, sheetName);
    const warnings: string[] = [];
    const visible = sheets.filter((s) => s.state === "visible");
    if (sheetName === undefined && visible.length > 1) {
      warnings.push(
        `read sheet "${sheet.name}", the first of ${visible.length} (${visible.map((s) => JSON.stringify(s.name)).join(", ")}); set "sheet" on the source to read another`,
      );
    }
    const part = sheet.part;
    if (part === undefined || !zip.has(part)) {
      throw new WorkbookError(
        `not a readable Excel workbook (.xlsx): sheet "${sheet.name}" has no part in the file; ${SAVE_AS}`,
      );
    }
    checkReadSize(zip, [parts.sharedStrings, parts.styles, part]);
    const [sharedStrings, numberFormats] = await Promise.all([
      readable("shared strings", () => readSharedStrings(zip, parts.sharedStrings)),
      readable("styles", () => readNumberFormats(zip, parts.styles)),
    ]);
    const { text, formulaErrors } = await sheetAsCsv(
      (onRow) =>
        readable(`sheet "${sheet.name}"`, () =>
          readSheetRows(zip, part, { sharedStrings, numberFormats, date1904: parts.date1904 }, onRow),
        ),
      delimiter,
    );
    if (formulaErrors.length > 0) {
      const named = formulaErrors
        .slice(0, MAX_CELLS_NAMED)
        .map((e) => `${e.text} in ${e.address}`)
        .join(", ");
      const more = formulaErrors.length > MAX_CELLS_NAMED ? ", …" : "";
      warnings.push(
        `${formulaErrors.length} ${formulaErrors.length === 1 ? "cell holds a formula error" : "cells hold formula errors"} (${named}${more}): each is read as its error text, never as an empty cell, so a date or flag there is dropped with a warning and its record held`,
      );
    }
    return { text, sheet: sheet.name, warnings };
  } finally {
    zip.close();
  }
}

/** Runs a read of one part; an XML error becomes the source's failure, naming the part. */
async function readable<T>(what: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof WorkbookError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new WorkbookError(
      `not a readable Excel workbook (.xlsx): its ${what} is not valid XML (${reason}); a binary workbook (.xlsb) is not read either: ${SAVE_AS}`,
    );
  }
}

function chooseSheet(sheets: readonly SheetPart[], name: string | undefined): SheetPart {
  if (name === undefined) {
    const first = sheets.find((s) => s.state === "visible") ?? sheets[0];
    if (first === undefined) throw new WorkbookError("the workbook has no sheets");
    return first;
  }
  const found =
    sheets.find((s) => s.name === name) ?? sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  if (found !== undefined) return found;
  throw new WorkbookError(
    `no sheet named "${name}" ("sheet"): the workbook has ${sheets.map((s) => JSON.stringify(s.name)).join(", ")}`,
  );
}

interface FormulaError {
  address: string;
  text: string;
}

/**
 * The sheet's rows from row 1 to its last, one CSV line each (an empty row is an empty line), every
 * row as wide as the sheet's widest, as Excel writes a sheet as CSV. The rows are kept as their
 * cells' texts until the width is known: a 100,000-row sheet's texts are about the size of its CSV.
 */
async function sheetAsCsv(
  read: (onRow: (row: number, cells: SheetCell[]) => void) => Promise<void>,
  delimiter: CsvDelimiter,
): Promise<{ text: string; formulaErrors: FormulaError[] }> {
  const rows: { row: number; texts: string[] }[] = [];
  const formulaErrors: FormulaError[] = [];
  let width = 0;
  let widest = "";
  await read((row, cells) => {
    const texts: string[] = [];
    for (const { column, value, numFmt } of cells) {
      const read = cellText(value, numFmt);
      if ("problem" in read && read.problem === "formula-not-calculated") {
        throw new WorkbookError(
          `cell ${columnName(column)}${row} holds a formula whose result was never saved (the file was written by a program, not saved by a spreadsheet application): open it in Excel or LibreOffice and save it, or export CSV`,
        );
      }
      if ("problem" in read) formulaErrors.push({ address: `${columnName(column)}${row}`, text: read.text });
      // A cell past the widest value holds nothing (an empty string some writers store): no field.
      if (column > width && value !== "") {
        width = column;
        widest = `${columnName(column)}${row}`;
      }
      texts[column - 1] = "text" in read ? read.text : "";
    }
    rows.push({ row, texts });
  });
  const lastRow = rows.at(-1)?.row ?? 0;
  // The widest row's last non-empty column: a stray value far to the right (someone typed in
  // XFD1) would make a 100,000-row sheet gigabytes of separators, so such a sheet fails, naming it.
  if (lastRow * width > MAX_SHEET_CELLS) {
    throw new WorkbookError(
      `the sheet spans ${lastRow.toLocaleString("en-US")} rows and ${width.toLocaleString("en-US")} columns (to cell ${widest}), more than the ${MAX_SHEET_CELLS.toLocaleString("en-US")} cells deprov reads from a sheet: delete what stands outside the table, or save the table as CSV UTF-8`,
    );
  }
  const lines: string[] = [];
  const fields: string[] = new Array(width);
  const quote = NEEDS_QUOTES[delimiter];
  for (const { row, texts } of rows) {
    while (lines.length < row - 1) lines.push("");
    for (let i = 0; i < width; i++) fields[i] = csvField(texts[i] ?? "", quote);
    lines.push(fields.join(delimiter));
  }
  return { text: lines.length === 0 ? "" : `${lines.join("\r\n")}\r\n`, formulaErrors };
}

/** What RFC 4180 quotes in a field, with the separator the text is written with. */
const NEEDS_QUOTES: Readonly<Record<CsvDelimiter, RegExp>> = {
  ",": RFC4180_SPECIALS,
  ";": /[";\r\n]/,
  "\t": /["\t\r\n]/,
  "|": /["|\r\n]/,
};
