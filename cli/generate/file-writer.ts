/**
 * Writes a large file as a stream of chunks: callers append strings, which are flushed with one
 * `writeSync` per ~1 MB. Memory stays flat however many records the file holds.
 */
import { closeSync, openSync, writeSync } from "node:fs";

const FLUSH_AT_CHARS = 1 << 20;

export class ChunkedFileWriter {
  private readonly fd: number;
  private pending: string[] = [];
  private pendingChars = 0;
  private written = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, "w");
  }

  write(text: string): void {
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= FLUSH_AT_CHARS) this.flush();
  }

  /** Closes the file; returns its size in bytes. */
  close(): number {
    this.flush();
    closeSync(this.fd);
    return this.written;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const chunk = Buffer.from(this.pending.join(""), "utf8");
    let offset = 0;
    while (offset < chunk.length) offset += writeSync(this.fd, chunk, offset);
    this.written += chunk.length;
    this.pending = [];
    this.pendingChars = 0;
  }
}

/** Writes `head`, the records joined by `separator`, then `tail`; returns the file's size in bytes. */
export function writeRecordsFile<T>(
  path: string,
  head: string,
  records: Iterable<T>,
  render: (record: T) => string,
  separator: string,
  tail: string,
): number {
  const writer = new ChunkedFileWriter(path);
  writer.write(head);
  let first = true;
  for (const record of records) {
    writer.write(first ? render(record) : separator + render(record));
    first = false;
  }
  writer.write(tail);
  return writer.close();
}
