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
 * Lines are cut on newline bytes before they are decoded: a chunk boundary may fall inside a
 * character's UTF-8 bytes, but never inside a line break.
 */
export async function* decodeLines(compressed: Buffer): AsyncGenerator<string> {
  let carry: Buffer | undefined;
  for await (const chunk of gunzipChunks(compressed)) {
    let start = 0;
    if (carry !== undefined) {
      const first = chunk.indexOf(NEWLINE);
      if (first === -1) {
        carry = Buffer.concat([carry, chunk]);
        continue;
      }
      const line = Buffer.concat([carry, chunk.subarray(0, first)]);
      if (line.length > 0) yield line.toString("utf8");
      carry = undefined;
      start = first + 1;
    }
    const last = chunk.lastIndexOf(NEWLINE);
    if (last >= start) {
      yield* linesOf(chunk.toString("utf8", start, last));
      start = last + 1;
    }
    if (start < chunk.length) carry = chunk.subarray(start);
  }
  if (carry !== undefined && carry.length > 0) yield carry.toString("utf8");
}

function* linesOf(text: string): Generator<string> {
  let start = 0;
  for (let end = text.indexOf("\n"); end !== -1; end = text.indexOf("\n", start)) {
    if (end > start) yield text.slice(start, end);
    start = end + 1;
  }
  if (start < text.length) yield text.slice(start);
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
