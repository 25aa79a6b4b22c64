/**
 * Excel workbooks (.xlsx): HR and SaaS admin consoles offer them beside CSV, and a report that went
 * through someone's hands is usually saved as one. A `csv` source may name a workbook: its sheet is
 * turned into the CSV text Excel's "Save as CSV" would write — every row padded to the sheet's
 * width, dates and ids as Excel shows them (workbook-cell-text.ts) — and read by the csv parser,
 * so columns, `headerRow`, `statusValues` and every field rule work as they do for CSV, and line N
 * in a message is the sheet's row N.
 *
 * ExcelJS reads the file; it is loaded only when a workbook is met.
 */
import type { Workbook, Worksheet } from "exceljs";
import { csvField, RFC4180_SPECIALS } from "../../reports/csv-row.ts";
import { startsWithBytes } from "../shared/starts-with-bytes.ts";
import type { CsvDelimiter } from "./csv-delimiter.ts";
import { cellText } from "./workbook-cell-text.ts";
import { WorkbookError } from "./workbook-error.ts";
import { checkUnzippedSize } from "./workbook-size.ts";

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
  const workbook = await loadWorkbook(bytes);
  // In the workbook's tab order.
  const sheets = workbook.worksheets;
  const sheet = chooseSheet(sheets, sheetName);
  const warnings: string[] = [];
  const visible = sheets.filter((s) => s.state === "visible");
  if (sheetName === undefined && visible.length > 1) {
    warnings.push(
      `read sheet "${sheet.name}", the first of ${visible.length} (${visible.map((s) => JSON.stringify(s.name)).join(", ")}); set "sheet" on the source to read another`,
    );
  }
  const { text, formulaErrors } = sheetAsCsv(sheet, delimiter);
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
}

async function loadWorkbook(bytes: Uint8Array): Promise<Workbook> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  await checkUnzippedSize(buffer);
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  try {
    // ExcelJS's typings ask for its own Buffer type; any Node Buffer does.
    await workbook.xlsx.load(buffer as never);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new WorkbookError(
      `not a readable Excel workbook (.xlsx): ${reason}; a binary workbook (.xlsb) is not read either: ${SAVE_AS}`,
    );
  }
  if (workbook.worksheets.length === 0) throw new WorkbookError("the workbook has no sheets");
  return workbook;
}

function chooseSheet(sheets: readonly Worksheet[], name: string | undefined): Worksheet {
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
 * row as wide as the sheet's widest, as Excel writes a sheet as CSV.
 */
function sheetAsCsv(
  sheet: Worksheet,
  delimiter: CsvDelimiter,
): { text: string; formulaErrors: FormulaError[] } {
  const width = sheetWidth(sheet);
  const lines: string[] = [];
  const formulaErrors: FormulaError[] = [];
  const fields: string[] = new Array(width);
  let lastRow = 0;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    while (lastRow < rowNumber - 1) {
      lines.push("");
      lastRow++;
    }
    fields.fill("");
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      const read = cellText(cell.value, cell.numFmt);
      if ("problem" in read && read.problem === "formula-not-calculated") {
        throw new WorkbookError(
          `cell ${cell.address} holds a formula whose result was never saved (the file was written by a program, not saved by a spreadsheet application): open it in Excel or LibreOffice and save it, or export CSV`,
        );
      }
      if ("problem" in read) formulaErrors.push({ address: cell.address, text: read.text });
      // A cell past the widest value holds nothing (an empty string some writers store): no field.
      if (column <= width) fields[column - 1] = "text" in read ? read.text : "";
    });
    lines.push(fields.map((field) => csvField(field, NEEDS_QUOTES[delimiter])).join(delimiter));
    lastRow = rowNumber;
  });
  return { text: lines.length === 0 ? "" : `${lines.join("\r\n")}\r\n`, formulaErrors };
}

/**
 * The widest row's last non-empty column. Every row is written that wide, so a stray value far to
 * the right (someone typed in XFD1) would make a 100,000-row sheet gigabytes of separators: such a
 * sheet fails, naming the cell.
 */
function sheetWidth(sheet: Worksheet): number {
  let width = 0;
  let widest = "";
  let rows = 0;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    rows = rowNumber;
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      if (column > width && hasValue(cell.value)) {
        width = column;
        widest = cell.address;
      }
    });
  });
  if (rows * width > MAX_SHEET_CELLS) {
    throw new WorkbookError(
      `the sheet spans ${rows.toLocaleString("en-US")} rows and ${width.toLocaleString("en-US")} columns (to cell ${widest}), more than the ${MAX_SHEET_CELLS.toLocaleString("en-US")} cells deprov reads from a sheet: delete what stands outside the table, or save the table as CSV UTF-8`,
    );
  }
  return width;
}

function hasValue(value: unknown): boolean {
  return value !== null && value !== undefined && value !== "";
}

/** What RFC 4180 quotes in a field, with the separator the text is written with. */
const NEEDS_QUOTES: Readonly<Record<CsvDelimiter, RegExp>> = {
  ",": RFC4180_SPECIALS,
  ";": /[";\r\n]/,
  "\t": /["\t\r\n]/,
  "|": /["|\r\n]/,
};
