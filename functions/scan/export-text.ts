/**
 * An export's bytes as the text its parser reads, wherever they were read from (a local file, an S3
 * object, a stored snapshot). Text is decoded by its byte order mark (decode-text.ts); an Excel
 * workbook given to a `csv` source becomes the CSV text of its sheet (functions/sources/workbook.ts).
 * A spreadsheet deprov cannot read, or a web page in an export's place (markup-export.ts), fails the
 * source with what to do, never reads as garbled text.
 */
import type { SourceConfig } from "../config/schema.ts";
import { decodeText } from "../shared/decode-text.ts";
import { markupKind, unreadableMarkup } from "../sources/markup-export.ts";
import { spreadsheetKind, unreadableSpreadsheet, WorkbookError, workbookAsCsv } from "../sources/workbook.ts";
import { ExportReadError } from "./export-read-error.ts";

export interface ExportText {
  text: string;
  /** How messages name the export: the file, and the sheet read when it is a workbook. */
  file: string;
  /** What reading noticed (a workbook's other sheets, formula errors). */
  warnings: string[];
  /** True when the text was converted from a workbook: the snapshot then keeps the bytes themselves. */
  converted: boolean;
}

export async function exportText(bytes: Uint8Array, file: string, source: SourceConfig): Promise<ExportText> {
  const kind = spreadsheetKind(bytes);
  if (kind === undefined) {
    const text = decodeText(bytes, source.encoding);
    const markup = markupKind(text);
    if (markup !== undefined)
      throw new ExportReadError(`${file}: ${unreadableMarkup(markup, source.format)}`);
    return { text, file, warnings: [], converted: false };
  }
  if (kind !== "xlsx") throw new ExportReadError(`${file}: ${unreadableSpreadsheet(kind)}`);
  if (source.format !== "csv") {
    throw new ExportReadError(
      `${file}: an Excel workbook (.xlsx), but format "${source.format}" reads its system's own export; a workbook is read by "format": "csv" sources`,
    );
  }
  try {
    const workbook = await workbookAsCsv(bytes, source.sheet, source.delimiter);
    return {
      text: workbook.text,
      file: `${file}, sheet "${workbook.sheet}"`,
      warnings: workbook.warnings.map((warning) => `${file}: ${warning}`),
      converted: true,
    };
  } catch (error) {
    if (error instanceof WorkbookError) throw new ExportReadError(`${file}: ${error.message}`);
    throw error;
  }
}
