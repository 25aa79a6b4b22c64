/**
 * The reference for the workbook reader (functions/sources/xlsx/): ExcelJS reads the whole workbook
 * into memory, and its chosen sheet is written out as CSV text the way deprov did before it read
 * workbooks as they unzip. Both must give the same text for the same file.
 */
import ExcelJS, { type CellValue } from "exceljs";
import { cellText } from "../../functions/sources/workbook-cell-text.ts";
import type { SheetValue } from "../../functions/sources/xlsx/sheet-rows.ts";
import { csvField, RFC4180_SPECIALS } from "../../reports/csv-row.ts";

export async function exceljsSheetCsv(
  bytes: Buffer,
  sheetName?: string,
): Promise<{ text: string; sheet: string }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as never);
  const sheet =
    sheetName === undefined
      ? (workbook.worksheets.find((s) => s.state === "visible") ?? workbook.worksheets[0])
      : workbook.worksheets.find((s) => s.name.toLowerCase() === sheetName.toLowerCase());
  if (sheet === undefined) throw new Error("no such sheet");
  let width = 0;
  sheet.eachRow({ includeEmpty: false }, (row) => {
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      if (column > width && cell.value !== null && cell.value !== undefined && cell.value !== "")
        width = column;
    });
  });
  const lines: string[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    while (lines.length < rowNumber - 1) lines.push("");
    const fields: string[] = new Array(width).fill("");
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      const read = cellText(sheetValue(cell.value), cell.numFmt);
      if (column <= width) fields[column - 1] = "text" in read ? read.text : "";
    });
    lines.push(fields.map((field) => csvField(field, RFC4180_SPECIALS)).join(","));
  });
  return { text: lines.length === 0 ? "" : `${lines.join("\r\n")}\r\n`, sheet: sheet.name };
}

/** ExcelJS's value as the sheet reader gives it: rich text joined, a hyperlink as its text. */
function sheetValue(value: CellValue): SheetValue | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== "object" || value instanceof Date) return value;
  if ("error" in value) return { error: String(value.error) };
  if ("richText" in value) return value.richText.map((run) => run.text).join("");
  if ("formula" in value || "sharedFormula" in value) {
    const formula = ("formula" in value ? value.formula : value.sharedFormula) ?? "";
    const result = sheetValue(value.result as CellValue);
    return result === undefined || (typeof result === "object" && "formula" in result)
      ? { formula }
      : { formula, result };
  }
  if ("hyperlink" in value) return sheetValue(value.text as CellValue);
  throw new Error(`a cell value of an unknown kind (${Object.keys(value).join(", ")})`);
}
