/**
 * How much of a workbook deprov reads once unzipped, checked before it reads any of it. The reader
 * holds the shared strings and the sheet's texts (about the size of the CSV the sheet would be),
 * not the sheet's XML; but a zip of a few megabytes may unzip to gigabytes, whether crafted to (a zip
 * bomb in the upload bucket) or not, and would end the whole step out of memory instead of failing
 * one source with a reason.
 *
 * The archive's directory declares each part's size; the parts the reader needs (the sheet, the
 * shared strings, the styles) must declare no more than the limit together, and a part that
 * unzips to more than it declares fails as it is read (xlsx/zip-parts.ts).
 */
import { WorkbookError } from "./workbook-error.ts";
import type { ZipParts } from "./xlsx/zip-parts.ts";

/**
 * The most the parts read may hold unzipped: a roster of ~450,000 people in 13 columns, as
 * LibreOffice saves it (100,000 take 57 MB). Memory stays under ~1 GB, inside the 2 GB of the
 * CollectSource Lambda. CSV has no such limit: it is read as it streams.
 */
export const MAX_WORKBOOK_UNZIPPED_BYTES = 256 * 1024 * 1024;

const SAVE_AS_CSV = "save the sheet as CSV UTF-8, which deprov reads at any size";

/** Throws WorkbookError when the parts named declare more than `limit` bytes unzipped. */
export function checkReadSize(
  zip: ZipParts,
  parts: readonly (string | undefined)[],
  limit = MAX_WORKBOOK_UNZIPPED_BYTES,
): void {
  const declared = parts.reduce((sum, part) => sum + (part === undefined ? 0 : zip.declaredSize(part)), 0);
  if (declared > limit) {
    throw new WorkbookError(
      `the workbook's sheet and strings hold ${megabytes(declared)} MB once unzipped, more than the ${megabytes(limit)} MB deprov reads from a workbook: ${SAVE_AS_CSV}`,
    );
  }
}

function megabytes(bytes: number): number {
  return Math.round(bytes / (1024 * 1024));
}
