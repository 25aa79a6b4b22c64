/**
 * A workbook's zip archive, opened for the parts the reader needs, in the order it needs them:
 * yauzl reads the archive's directory first, so the sheet can be read after the strings and styles
 * it refers to, wherever the writer put each part.
 *
 * Each part streams as it unzips, and fails as soon as it outgrows the size the directory declares
 * (yauzl's validateEntrySizes): what the reader is about to hold is known before it reads.
 */
import type { Readable } from "node:stream";
import yauzl, { type Entry, type ZipFile } from "yauzl";
import { WorkbookError } from "../workbook-error.ts";

/** yauzl's message when a part outgrows its declared size. */
const TOO_MANY_BYTES = /^too many bytes in the stream/;

export class ZipParts {
  private constructor(
    private readonly zip: ZipFile,
    private readonly entries: ReadonlyMap<string, Entry>,
  ) {}

  static async open(bytes: Buffer): Promise<ZipParts> {
    const zip = await new Promise<ZipFile>((resolve, reject) => {
      yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true }, (error, opened) => {
        if (error !== null || opened === undefined) reject(damaged(error ?? new Error("no archive")));
        else resolve(opened);
      });
    });
    const entries = new Map<string, Entry>();
    await new Promise<void>((resolve, reject) => {
      zip.on("error", (error: Error) => reject(damaged(error)));
      zip.on("end", () => resolve());
      zip.on("entry", (entry: Entry) => {
        entries.set(entry.fileName, entry);
        zip.readEntry();
      });
      zip.readEntry();
    });
    return new ZipParts(zip, entries);
  }

  /** The parts' names, in the archive's order. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The size the archive's directory declares for the part, unzipped (0 for a part it lacks). */
  declaredSize(name: string): number {
    return this.entries.get(name)?.uncompressedSize ?? 0;
  }

  /** The part's bytes as they unzip; fails (WorkbookError) as soon as it outgrows its declared size. */
  async *read(name: string): AsyncGenerator<Uint8Array> {
    const entry = this.entries.get(name);
    if (entry === undefined) {
      throw new WorkbookError(`not a readable Excel workbook (.xlsx): it has no part "${name}"`);
    }
    const stream = await new Promise<Readable>((resolve, reject) => {
      this.zip.openReadStream(entry, (error, opened) => {
        if (error !== null || opened === undefined) reject(damaged(error ?? new Error("no stream")));
        else resolve(opened);
      });
    });
    try {
      for await (const chunk of stream) yield chunk as Uint8Array;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw TOO_MANY_BYTES.test(message) ? outgrown(entry) : damaged(new Error(message));
    }
  }

  close(): void {
    this.zip.close();
  }
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
