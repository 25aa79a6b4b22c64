/**
 * A scan's result blob: every open and waived finding of the scan (seen or carried), one JSON
 * line each, lifecycle fields first. It is the baseline of the next scan, so reading it fast
 * matters: the baseline reader keeps the decompressed chunks as they are, indexes where each line
 * starts and ends, and decodes a line's head (id, status, firstSeenAt, lastSeenAt, reopenedAt) when
 * asked for it and the whole line only when a whole finding is really needed.
 */
import type { Transition } from "../core/lifecycle/types.ts";
import {
  type Baseline,
  type BaselineEntry,
  FINDING_STATUSES,
  type FindingStatus,
  type LifecycleFinding,
} from "../core/lifecycle/types.ts";
import { blobKeys } from "../scan/contract/blob-keys.ts";
import type { BlobStore } from "./blob-store.ts";
import {
  encodeLines,
  GZIP_CONTENT_TYPE,
  gunzipChunks,
  jsonLines,
  LineSplitter,
  readJsonLinesBlob,
  sha256Hex,
  type WrittenBlob,
  writeJsonLinesBlob,
} from "./json-lines-blob.ts";

export function writeFindingsBlob(
  store: BlobStore,
  scanId: string,
  findings: Iterable<LifecycleFinding>,
): Promise<WrittenBlob> {
  return writeJsonLinesBlob(store, blobKeys.findings(scanId), findings);
}

export function writeTransitionsBlob(
  store: BlobStore,
  scanId: string,
  transitions: Iterable<Transition>,
): Promise<WrittenBlob> {
  return writeJsonLinesBlob(store, blobKeys.transitions(scanId), transitions);
}

export async function writeTaskChangesBlob(
  store: BlobStore,
  scanId: string,
  changes: Iterable<unknown>,
): Promise<WrittenBlob> {
  const { body, lines } = await encodeLines(jsonLines(changes));
  const sha256 = sha256Hex(body);
  const key = blobKeys.taskChanges(scanId, sha256);
  await store.put(key, body, { contentType: GZIP_CONTENT_TYPE });
  return { key, sha256, bytes: body.length, lines };
}

/** Every finding of a result blob, fully parsed (for listings and reports), or `undefined` if it is missing. */
export function readFindingsBlob(store: BlobStore, key: string): Promise<LifecycleFinding[] | undefined> {
  return readJsonLinesBlob<LifecycleFinding>(store, key);
}

/** The baseline for the next scan, or `undefined` when the blob is missing. */
export async function readBaseline(store: BlobStore, key: string): Promise<Baseline | undefined> {
  const body = await store.get(key);
  if (body === undefined) return undefined;
  return baselineFromChunks(gunzipChunks(body), key);
}

/** The baseline in a result blob's decompressed bytes, however they are cut into chunks. */
export function baselineFromChunks(chunks: AsyncIterable<Buffer>, key: string): Promise<Baseline> {
  return BytesBaseline.index(chunks, key);
}

const QUOTE = 34;
/** `{"id":"` as bytes. */
const ID_PREFIX_BYTES = Buffer.from('{"id":"');
/** Enough of a line for its lifecycle head; a longer head is read from the whole line. */
const HEAD_BYTES = 256;

/**
 * The lines of a decompressed result blob, by finding id, as byte ranges of the decompressed
 * chunks (a line that spans two chunks gets a small buffer of its own): decoding all ~190 k lines
 * to strings up front cost a second scan ~1 s of its persist step, and copying the chunks into one
 * buffer another ~0.4 s.
 */
class BytesBaseline implements Baseline {
  private constructor(
    private readonly segments: readonly Buffer[],
    /** Line number by finding id (the last line of an id wins, as JSON lines read into a map). */
    private readonly lineOf: ReadonlyMap<string, number>,
    private readonly segmentOf: readonly number[],
    private readonly starts: readonly number[],
    private readonly ends: readonly number[],
  ) {}

  static async index(chunks: AsyncIterable<Buffer>, key: string): Promise<BytesBaseline> {
    const segments: Buffer[] = [];
    const lineOf = new Map<string, number>();
    const segmentOf: number[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    const addLine = (bytes: Buffer, start: number, end: number) => {
      if (segments.at(-1) !== bytes) segments.push(bytes);
      lineOf.set(idAt(bytes, start, end, key), starts.length);
      segmentOf.push(segments.length - 1);
      starts.push(start);
      ends.push(end);
    };
    const splitter = new LineSplitter();
    for await (const chunk of chunks) splitter.push(chunk, addLine);
    splitter.end(addLine);
    return new BytesBaseline(segments, lineOf, segmentOf, starts, ends);
  }

  get size(): number {
    return this.lineOf.size;
  }

  keys(): Iterable<string> {
    return this.lineOf.keys();
  }

  has(id: string): boolean {
    return this.lineOf.has(id);
  }

  get(id: string): BaselineEntry | undefined {
    const line = this.lineOf.get(id);
    if (line === undefined) return undefined;
    const bytes = this.segments[this.segmentOf[line] as number] as Buffer;
    const start = this.starts[line] as number;
    const end = this.ends[line] as number;
    const head = scanHead(bytes.toString("utf8", start, Math.min(end, start + HEAD_BYTES)));
    return head ?? lineHead(bytes.toString("utf8", start, end));
  }

  finding(id: string): LifecycleFinding | undefined {
    const line = this.lineOf.get(id);
    if (line === undefined) return undefined;
    const bytes = this.segments[this.segmentOf[line] as number] as Buffer;
    return JSON.parse(
      bytes.toString("utf8", this.starts[line] as number, this.ends[line] as number),
    ) as LifecycleFinding;
  }
}

/** The finding id of the line `bytes[start, end)`: read where `withLifecycle` writes it, else parsed. */
function idAt(bytes: Buffer, start: number, end: number, key: string): string {
  const idStart = start + ID_PREFIX_BYTES.length;
  if (bytes.compare(ID_PREFIX_BYTES, 0, ID_PREFIX_BYTES.length, start, idStart) === 0) {
    const idEnd = bytes.indexOf(QUOTE, idStart);
    if (idEnd !== -1 && idEnd < end) {
      const id = bytes.toString("utf8", idStart, idEnd);
      // An escape in the id: its quote may not be the end; JSON.parse decides.
      if (!id.includes("\\")) return id;
    }
  }
  return lineId(bytes.toString("utf8", start, end), key);
}

const ID_PREFIX = '{"id":"';

function lineId(line: string, key: string): string {
  if (line.startsWith(ID_PREFIX)) {
    const end = line.indexOf('"', ID_PREFIX.length);
    const id = line.slice(ID_PREFIX.length, end);
    if (end > 0 && !id.includes("\\")) return id;
  }
  const parsed = JSON.parse(line) as { id?: unknown };
  if (typeof parsed.id !== "string") throw new Error(`result blob ${key}: a line has no finding "id"`);
  return parsed.id;
}

/** The lifecycle head of a line; a line in any other shape is parsed whole instead. */
function lineHead(line: string): BaselineEntry {
  const head = scanHead(line);
  if (head !== undefined) return head;
  const parsed = JSON.parse(line) as Partial<BaselineEntry>;
  if (!isEntry(parsed)) throw new Error(`result blob line "${line.slice(0, 60)}…" lacks lifecycle fields`);
  const entry: BaselineEntry = {
    status: parsed.status,
    firstSeenAt: parsed.firstSeenAt,
    lastSeenAt: parsed.lastSeenAt,
  };
  if (typeof parsed.reopenedAt === "number") entry.reopenedAt = parsed.reopenedAt;
  return entry;
}

/**
 * Reads `{"id":"…","status":"…","firstSeenAt":N,"lastSeenAt":N[,"resolvedAt":N][,"reopenedAt":N],"rule":`
 * (the order `withLifecycle` writes) without JSON.parse: a baseline asks this for every finding of
 * the scan, and a few string comparisons are several times cheaper. `undefined`: not this shape.
 */
function scanHead(line: string): BaselineEntry | undefined {
  if (!line.startsWith(ID_PREFIX)) return undefined;
  const idEnd = line.indexOf('"', ID_PREFIX.length);
  if (idEnd < 0 || !line.startsWith(',"status":"', idEnd + 1)) return undefined;
  const statusStart = idEnd + 12;
  const statusEnd = line.indexOf('"', statusStart);
  const status = line.slice(statusStart, statusEnd);
  if (status !== "open" && status !== "waived" && status !== "resolved") return undefined;
  const cursor = { at: statusEnd + 1 };
  const firstSeenAt = integerField(line, cursor, ',"firstSeenAt":');
  const lastSeenAt = integerField(line, cursor, ',"lastSeenAt":');
  if (firstSeenAt === undefined || lastSeenAt === undefined) return undefined;
  const entry: BaselineEntry = { status, firstSeenAt, lastSeenAt };
  integerField(line, cursor, ',"resolvedAt":');
  const reopenedAt = integerField(line, cursor, ',"reopenedAt":');
  if (reopenedAt !== undefined) entry.reopenedAt = reopenedAt;
  return line.startsWith(',"rule":', cursor.at) ? entry : undefined;
}

const MINUS = 45;
const COMMA = 44;
const CLOSE_BRACE = 125;
const DIGIT_0 = 48;
const DIGIT_9 = 57;

/** An integer field at the cursor, advancing past it; `undefined` (cursor unmoved) if it is not there. */
function integerField(line: string, cursor: { at: number }, key: string): number | undefined {
  if (!line.startsWith(key, cursor.at)) return undefined;
  const start = cursor.at + key.length;
  const digitsStart = line.charCodeAt(start) === MINUS ? start + 1 : start;
  let end = digitsStart;
  while (end < line.length) {
    const code = line.charCodeAt(end);
    if (code < DIGIT_0 || code > DIGIT_9) break;
    end++;
  }
  const next = line.charCodeAt(end);
  if (end === digitsStart || (next !== COMMA && next !== CLOSE_BRACE)) return undefined;
  cursor.at = end;
  return Number(line.slice(start, end));
}

function isEntry(value: Partial<BaselineEntry>): value is BaselineEntry {
  return (
    typeof value.status === "string" &&
    (FINDING_STATUSES as readonly string[]).includes(value.status as FindingStatus) &&
    typeof value.firstSeenAt === "number" &&
    typeof value.lastSeenAt === "number"
  );
}
