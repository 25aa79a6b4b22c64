/**
 * A worksheet's cells (ECMA-376 Part 1, §18.3), row by row as the sheet unzips, each with the value
 * Excel saved: text (shared, inline, or a formula's), a number, a date (a number under a date
 * format), a boolean, an error (`#N/A`), or a formula with its saved result — or without one, when
 * the file was written by a program that never calculated it.
 */
import { WorkbookError } from "../workbook-error.ts";
import { decodeEscapedCharacters } from "./escaped-characters.ts";
import { isDateFormat } from "./number-formats.ts";
import { readXml } from "./xml-stream.ts";
import type { ZipParts } from "./zip-parts.ts";

export type PlainValue = string | number | boolean | Date | { readonly error: string };
export type SheetValue = PlainValue | { readonly formula: string; readonly result?: PlainValue };

export interface SheetCell {
  /** 1-based. */
  column: number;
  value: SheetValue;
  /** The cell style's number format (`undefined`: General). */
  numFmt: string | undefined;
}

export interface SheetContext {
  sharedStrings: readonly string[];
  numberFormats: readonly (string | undefined)[];
  date1904: boolean;
}

/** Calls `onRow` for each row that holds a cell with a value, in the sheet's order. */
export async function readSheetRows(
  zip: ZipParts,
  part: string,
  context: SheetContext,
  onRow: (row: number, cells: SheetCell[]) => void,
): Promise<void> {
  let row = 0;
  let cells: SheetCell[] = [];
  let column = 0;
  let cell: RawCell | undefined;
  /** Where the text being read goes: the value, the formula, or an inline string's text. */
  let reading: "v" | "f" | "t" | undefined;
  let phonetic = 0;
  await readXml(zip.read(part), {
    open(name, attributes) {
      switch (name) {
        case "row":
          row = attributes.r !== undefined ? Number(attributes.r) : row + 1;
          if (!Number.isInteger(row) || row < 1 || row > MAX_ROWS)
            throw outsideSheet(`row ${attributes.r ?? row}`);
          cells = [];
          column = 0;
          return;
        case "c":
          column = attributes.r !== undefined ? columnNumber(attributes.r) : column + 1;
          if (column < 1 || column > MAX_COLUMNS)
            throw outsideSheet(`cell ${attributes.r ?? columnName(column)}`);
          cell = { type: attributes.t ?? "n", style: Number(attributes.s ?? 0) };
          return;
        case "v":
          if (cell !== undefined) {
            cell.v = "";
            reading = "v";
          }
          return;
        case "f":
          if (cell !== undefined) {
            cell.f = "";
            reading = "f";
          }
          return;
        case "is":
          if (cell !== undefined) cell.inline = "";
          return;
        case "rPh":
          phonetic++;
          return;
        case "t":
          if (cell?.inline !== undefined && phonetic === 0) reading = "t";
          return;
      }
    },
    text(text) {
      if (cell === undefined || reading === undefined) return;
      if (reading === "v") cell.v += text;
      else if (reading === "f") cell.f += text;
      else cell.inline += text;
    },
    close(name) {
      switch (name) {
        case "v":
        case "f":
        case "t":
          reading = undefined;
          return;
        case "rPh":
          phonetic--;
          return;
        case "c": {
          if (cell === undefined) return;
          const value = cellValue(cell, context, row, column);
          if (value !== undefined) {
            cells.push({ column, value, numFmt: context.numberFormats[cell.style] });
          }
          cell = undefined;
          return;
        }
        case "row":
          if (cells.length > 0) onRow(row, cells);
          return;
      }
    },
  });
}

/**
 * A sheet's size in Excel (1,048,576 rows, columns to XFD). A reference beyond it is a damaged or
 * crafted file: row 1,000,000,000 would otherwise be as many empty lines of CSV.
 */
const MAX_ROWS = 1_048_576;
const MAX_COLUMNS = 16_384;

function outsideSheet(what: string): WorkbookError {
  return new WorkbookError(
    `not a readable Excel workbook (.xlsx): ${what} lies outside a sheet (1,048,576 rows, columns A to XFD): the file is damaged; save it from Excel again`,
  );
}

interface RawCell {
  /** The `t` attribute: `s`, `inlineStr`, `str`, `b`, `e`, `d` or `n`. */
  type: string;
  style: number;
  v?: string;
  f?: string;
  inline?: string;
}

function cellValue(
  cell: RawCell,
  context: SheetContext,
  row: number,
  column: number,
): SheetValue | undefined {
  const saved = savedValue(cell, context, row, column);
  if (cell.f === undefined) return saved;
  return saved === undefined ? { formula: cell.f } : { formula: cell.f, result: saved };
}

function savedValue(
  cell: RawCell,
  context: SheetContext,
  row: number,
  column: number,
): PlainValue | undefined {
  if (cell.type === "inlineStr") return decodeEscapedCharacters(cell.inline ?? cell.v ?? "");
  const { v } = cell;
  if (v === undefined) return undefined;
  switch (cell.type) {
    case "s": {
      if (v.trim() === "") return undefined;
      const text = context.sharedStrings[Number(v)];
      // A damaged file, never an empty cell: an empty termination date means "still employed".
      if (text === undefined) {
        throw new WorkbookError(
          `not a readable Excel workbook (.xlsx): cell ${columnName(column)}${row} refers to shared string ${v}, which the workbook does not have (${context.sharedStrings.length} strings): the file is damaged; save it from Excel again`,
        );
      }
      return text;
    }
    case "str":
    case "d":
      return decodeEscapedCharacters(v);
    case "b":
      return v.trim() === "1" || v.trim() === "true";
    case "e":
      return { error: v };
    default: {
      if (v.trim() === "") return undefined;
      const number = Number(v);
      return isDateFormat(context.numberFormats[cell.style]) && isExcelDate(number)
        ? excelDate(number, context.date1904)
        : number;
    }
  }
}

/**
 * Excel's dates run from day 0 to 9999-12-31 (day 2,958,465); outside them it shows `####`. Such a
 * number under a date format is read as the number, which no date field accepts: the field is
 * dropped with a warning, as any malformed date.
 */
function isExcelDate(days: number): boolean {
  return Number.isFinite(days) && days >= 0 && days < 2_958_466;
}

/** Days since 1899-12-30 (or 1904-01-01) as the wall-clock instant Excel shows, in UTC. */
function excelDate(days: number, date1904: boolean): Date {
  return new Date(Math.round((days - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

/** `C12` → 3. */
export function columnNumber(reference: string): number {
  let column = 0;
  for (let i = 0; i < reference.length; i++) {
    const code = reference.charCodeAt(i);
    if (code < 65 || code > 90) break;
    column = column * 26 + (code - 64);
  }
  return column;
}

/** 3 → `C`. */
export function columnName(column: number): string {
  let name = "";
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}
