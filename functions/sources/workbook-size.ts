/**
 * How much a workbook holds once unzipped, checked before ExcelJS reads it. ExcelJS holds each
 * sheet's XML in memory whole and builds every cell from it, at about 30 bytes of memory per byte
 * of XML: a 100,000-row roster of 7 columns is 30 MB of XML and peaks at 0.87 GB. A zip of a few
 * megabytes may unzip to gigabytes, whether crafted to (a zip bomb in the upload bucket) or not,
 * and would end the whole step out of memory instead of failing one source with a reason.
 *
 * yauzl reads the archive's directory, and then unzips every part, discarding the bytes, to check
 * that none expands beyond the size it declares (a crafted zip may declare a small one). That
 * costs about 0.15 s for the 30 MB roster, against 5 s for ExcelJS to read it.
 */
import yauzl, { type Entry, type ZipFile } from "yauzl";
import { WorkbookError } from "./workbook-error.ts";

/**
 * The most a workbook may hold unzipped: ~1.5 GB at ExcelJS's rate, inside the 2 GB of the
 * CollectSource Lambda. CSV has no such limit: it is read as it streams.
 */
export const MAX_WORKBOOK_UNZIPPED_BYTES = 50 * 1024 * 1024;

/** yauzl's message when a part outgrows its declared size (validateEntrySizes). */
const TOO_MANY_BYTES = /^too many bytes in the stream/;

const SAVE_AS_CSV = "save the sheet as CSV UTF-8, which deprov reads at any size";

/** Throws WorkbookError when the zip in `bytes` is not one, or unzips to more than `limit` bytes. */
export async function checkUnzippedSize(bytes: Buffer, limit = MAX_WORKBOOK_UNZIPPED_BYTES): Promise<void> {
  const zip = await openZip(bytes);
  try {
    await new Promise<void>((resolve, reject) => {
      let declared = 0;
      zip.on("error", (error: Error) => reject(damaged(error)));
      zip.on("end", () => resolve());
      zip.on("entry", (entry: Entry) => {
        declared += entry.uncompressedSize;
        if (declared > limit) {
          reject(
            new WorkbookError(
              `the workbook holds more than ${megabytes(limit)} MB once unzipped, more than deprov reads from a workbook (its sheets are read into memory whole): ${SAVE_AS_CSV}`,
            ),
          );
          return;
        }
        zip.openReadStream(entry, (error, stream) => {
          if (error !== null) {
            reject(damaged(error));
            return;
          }
          // validateEntrySizes: the stream fails as soon as a part outgrows its declared size.
          stream.on("error", (streamError: Error) =>
            reject(TOO_MANY_BYTES.test(streamError.message) ? outgrown(entry) : damaged(streamError)),
          );
          stream.on("end", () => zip.readEntry());
          stream.resume();
        });
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
}

function openZip(bytes: Buffer): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true }, (error, zip) => {
      if (error !== null || zip === undefined) reject(damaged(error ?? new Error("no archive")));
      else resolve(zip);
    });
  });
}

function damaged(error: Error): WorkbookError {
  return new WorkbookError(
    `not a readable Excel workbook (.xlsx): its zip archive is damaged (${error.message}); save it from Excel again`,
  );
}

function outgrown(entry: Entry): WorkbookError {
  return new WorkbookError(
    `the workbook's part "${entry.fileName}" unzips to more than the ${entry.uncompressedSize} bytes it declares: the file is damaged, or made to exhaust memory; save it from Excel again`,
  );
}

function megabytes(bytes: number): number {
  return Math.round(bytes / (1024 * 1024));
}
