/**
 * Gzip-compressed JSON lines: how a scan's full result (~190 k findings for a 100 k-person org)
 * is stored as one blob. Compression runs on libuv's thread pool while the main thread is still
 * serialising the next chunk, and a low level (1) keeps it near disk speed: these blobs are
 * written every night and read once, so speed matters more than the last 20 % of size.
 */
import { createHash } from "node:crypto";
import { once } from "node:events";
import { createGunzip, createGzip } from "node:zlib";
import type { BlobStore } from "./blob-store.ts";
import { asBytes } from "./bytes.ts";

const NEWLINE = 10;

const CHUNK_CHARS = 1 << 20;
export const GZIP_CONTENT_TYPE = "application/gzip";

export interface WrittenBlob {
  key: string;
  /** SHA-256 of the stored (compressed) bytes, hex: the audit trail references it. */
  sha256: string;
  bytes: number;
  lines: number;
}

/** Gzips text lines (each without its newline); gzip output is deterministic for the same input. */
export async function encodeLines(
  lines: Iterable<string>,
  level = 1,
): Promise<{ body: Buffer; lines: number }> {
  const gzip = createGzip({ level, chunkSize: 1 << 20 });
  const output: Uint8Array[] = [];
  gzip.on("data", (chunk: Uint8Array) => output.push(chunk));
  const ended = once(gzip, "end");
  let pending = "";
  let count = 0;
  for (const line of lines) {
    pending += `${line}\n`;
    count++;
    if (pending.length >= CHUNK_CHARS) {
      const flowing = gzip.write(pending);
      pending = "";
      if (!flowing) await once(gzip, "drain");
    }
  }
  gzip.end(pending);
  await ended;
  return { body: Buffer.concat(output), lines: count };
}

/**
 * Yields the non-empty lines, decompressing as it goes (the whole text never exists at once).
 * Lines are cut on newline bytes before they are decoded (see `LineSplitter`).
 */
export async function* decodeLines(compressed: Buffer): AsyncGenerator<string> {
  const splitter = new LineSplitter();
  const lines: string[] = [];
  const decode = (bytes: Buffer, start: number, end: number) => {
    lines.push(bytes.toString("utf8", start, end));
  };
  for await (const chunk of gunzipChunks(compressed)) {
    splitter.push(chunk, decode);
    yield* lines;
    lines.length = 0;
  }
  splitter.end(decode);
  yield* lines;
}

/** Receives one line: `bytes[start, end)`, without its newline. */
export type LineSink = (bytes: Buffer, start: number, end: number) => void;

/**
 * Cuts chunks of bytes into their non-empty lines on newline bytes. A chunk boundary may fall
 * inside a character's UTF-8 bytes, but never inside a line break, so lines cut this way decode
 * whole. A line within one chunk is handed over as a range of it (no copy); only a line across a
 * boundary is copied into a buffer of its own.
 */
export class LineSplitter {
  private carry: Buffer | undefined;

  push(chunk: Buffer, line: LineSink): void {
    let start = 0;
    if (this.carry !== undefined) {
      const first = chunk.indexOf(NEWLINE);
      if (first === -1) {
        this.carry = Buffer.concat([this.carry, chunk]);
        return;
      }
      const joined = Buffer.concat([this.carry, chunk.subarray(0, first)]);
      this.carry = undefined;
      if (joined.length > 0) line(joined, 0, joined.length);
      start = first + 1;
    }
    for (let end = chunk.indexOf(NEWLINE, start); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      if (end > start) line(chunk, start, end);
      start = end + 1;
    }
    if (start < chunk.length) this.carry = chunk.subarray(start);
  }

  /** The last line, when the bytes do not end with a newline. */
  end(line: LineSink): void {
    if (this.carry !== undefined && this.carry.length > 0) line(this.carry, 0, this.carry.length);
    this.carry = undefined;
  }
}

/** The decompressed bytes, a megabyte at a time (decompressed off this thread). */
export async function* gunzipChunks(compressed: Buffer): AsyncGenerator<Buffer> {
  const gunzip = createGunzip({ chunkSize: 1 << 20 });
  gunzip.end(compressed);
  yield* gunzip as AsyncIterable<Buffer>;
}

export function sha256Hex(bytes: Buffer): string {
  return createHash("sha256").update(asBytes(bytes)).digest("hex");
}

/** Writes lines as one gzip blob and returns what the audit trail needs to reference it. */
export async function writeLinesBlob(
  store: BlobStore,
  key: string,
  lines: Iterable<string>,
): Promise<WrittenBlob> {
  const { body, lines: count } = await encodeLines(lines);
  await store.put(key, body, { contentType: GZIP_CONTENT_TYPE });
  return { key, sha256: sha256Hex(body), bytes: body.length, lines: count };
}

export function writeJsonLinesBlob(
  store: BlobStore,
  key: string,
  items: Iterable<unknown>,
): Promise<WrittenBlob> {
  return writeLinesBlob(store, key, jsonLines(items));
}

/** Every line of a blob parsed, or `undefined` when the blob does not exist. */
export async function readJsonLinesBlob<T>(store: BlobStore, key: string): Promise<T[] | undefined> {
  const body = await store.get(key);
  if (body === undefined) return undefined;
  const items: T[] = [];
  for await (const line of decodeLines(body)) items.push(JSON.parse(line) as T);
  return items;
}

export function* jsonLines(items: Iterable<unknown>): Generator<string> {
  for (const item of items) yield JSON.stringify(item);
}
