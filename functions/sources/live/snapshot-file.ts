/**
 * The file a live read writes its snapshot into, in the format's file form, as the pages arrive:
 * memory holds one page at a time, and the file is what the usual parser then reads (and what the
 * scan keeps as evidence of what it read). Writes are batched; the size is capped.
 */
import { type FileHandle, open } from "node:fs/promises";

/** Text is handed to the file system a megabyte or so at a time. */
const FLUSH_BYTES = 1 << 20;

export class SnapshotTooLargeError extends Error {
  override name = "SnapshotTooLargeError";
}

export class SnapshotFile {
  private pending: string[] = [];
  private pendingBytes = 0;
  private written = 0;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private readonly maxBytes: number,
  ) {}

  /** Creates (or empties) the file at `path`, readable by this user only. */
  static async create(path: string, maxBytes: number): Promise<SnapshotFile> {
    return new SnapshotFile(path, await open(path, "w", 0o600), maxBytes);
  }

  /** Bytes written so far (flushed or not). */
  get bytes(): number {
    return this.written;
  }

  async write(text: string): Promise<void> {
    const size = Buffer.byteLength(text, "utf8");
    if (this.written + size > this.maxBytes) {
      throw new SnapshotTooLargeError(
        `the data read is larger than the cap of ${Math.round(this.maxBytes / (1 << 20))} MiB for one source`,
      );
    }
    this.written += size;
    this.pending.push(text);
    this.pendingBytes += size;
    if (this.pendingBytes >= FLUSH_BYTES) await this.flush();
  }

  /** Appends bytes as they are (a file form whose encoding its parser detects, e.g. CSV). */
  async writeBytes(bytes: Buffer): Promise<void> {
    if (this.written + bytes.length > this.maxBytes) {
      throw new SnapshotTooLargeError(
        `the data read is larger than the cap of ${Math.round(this.maxBytes / (1 << 20))} MiB for one source`,
      );
    }
    await this.flush();
    this.written += bytes.length;
    await this.handle.write(bytes);
  }

  /** Writes what is pending and closes the file. */
  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.handle.close();
    }
  }

  /** Closes the file without caring for what is pending (the read failed; the file is deleted). */
  async abandon(): Promise<void> {
    this.pending = [];
    await this.handle.close().catch(() => {});
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const text = this.pending.join("");
    this.pending = [];
    this.pendingBytes = 0;
    await this.handle.write(text, null, "utf8");
  }
}
