/** A workbook the reader cannot use: the source fails with this message (the file is named by the caller). */
export class WorkbookError extends Error {
  override name = "WorkbookError";
}
