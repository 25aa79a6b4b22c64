/**
 * A scan's result blob: every open and waived finding of the scan (seen or carried), one JSON
 * line each. It is the baseline of the next scan, so reading it fast matters: the baseline reader
 * keeps the decompressed chunks as they are, indexes where each line starts and ends, and decodes
 * a line's head (id, status, firstSeenAt, lastSeenAt, reopenedAt) when asked for it and the whole
 * line only when a whole finding is really needed.
 */
import type { Transition } from "../core/lifecycle/types.ts";
import {
  type Baseline,
  type BaselineEntry,
  FINDING_STATUSES,
  type FindingStatus,
  type LifecycleFinding,
} from "../core/lifecycle/types.ts";
import { headFirstResultLines } from "../fast/result-line-head.ts";
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
  format: ResultLineFormat = RESULT_LINES,
): Promise<WrittenBlob> {
  return writeJsonLinesBlob(store, blobKeys.findings(scanId), mapped(findings, format.lineOf));
}

function* mapped<T, U>(items: Iterable<T>, map: (item: T) => U): Generator<U> {
  for (const item of items) yield map(item);
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
export async function readBaseline(
  store: BlobStore,
  key: string,
  format: ResultLineFormat = RESULT_LINES,
): Promise<Baseline | undefined> {
  const body = await store.get(key);
  if (body === undefined) return undefined;
  return baselineFromChunks(gunzipChunks(body), key, format);
}

/** The baseline in a result blob's decompressed bytes, however they are cut into chunks. */
export function baselineFromChunks(
  chunks: AsyncIterable<Buffer>,
  key: string,
  format: ResultLineFormat = RESULT_LINES,
): Promise<Baseline> {
  return BytesBaseline.index(chunks, key, format);
}

/**
 * How a result blob's lines are written and read back. A baseline asks for every finding's id and
 * lifecycle head, so a faster reader may want the lines in a shape it can read without JSON.parse.
 */
export interface ResultLineFormat {
  /** The finding as its line is written. */
  lineOf(finding: LifecycleFinding): LifecycleFinding;
  /** The finding id of the line `bytes[start, end)`. */
  idOf(bytes: Buffer, start: number, end: number, key: string): string;
  /** The lifecycle head of the line `bytes[start, end)`. */
  headOf(bytes: Buffer, start: number, end: number): BaselineEntry;
}

/** The plain reference: lines as the finding is, each read with JSON.parse. */
export const parsedResultLines: ResultLineFormat = {
  lineOf: (finding) => finding,
  idOf: (bytes, start, end, key) => parsedId(bytes.toString("utf8", start, end), key),
  headOf: (bytes, start, end) => parsedHead(bytes.toString("utf8", start, end)),
};

/**
 * Fast path (ADR 0011, functions/fast/result-line-head.ts): lifecycle fields first, read without
 * JSON.parse where the line has that shape. `parsedResultLines` reads the same baseline.
 */
const RESULT_LINES: ResultLineFormat = headFirstResultLines(parsedResultLines);

function parsedId(line: string, key: string): string {
  const parsed = JSON.parse(line) as { id?: unknown };
  if (typeof parsed.id !== "string") throw new Error(`result blob ${key}: a line has no finding "id"`);
  return parsed.id;
}

function parsedHead(line: string): BaselineEntry {
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

function isEntry(value: Partial<BaselineEntry>): value is BaselineEntry {
  return (
    typeof value.status === "string" &&
    (FINDING_STATUSES as readonly string[]).includes(value.status as FindingStatus) &&
    typeof value.firstSeenAt === "number" &&
    typeof value.lastSeenAt === "number"
  );
}

class BytesBaseline implements Baseline {
  private constructor(
    private readonly segments: readonly Buffer[],
    /** Line number by finding id (the last line of an id wins, as JSON lines read into a map). */
    private readonly lineOf: ReadonlyMap<string, number>,
    private readonly segmentOf: readonly number[],
    private readonly starts: readonly number[],
    private readonly ends: readonly number[],
    private readonly format: ResultLineFormat,
  ) {}

  static async index(
    chunks: AsyncIterable<Buffer>,
    key: string,
    format: ResultLineFormat,
  ): Promise<BytesBaseline> {
    const segments: Buffer[] = [];
    const lineOf = new Map<string, number>();
    const segmentOf: number[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    const addLine = (bytes: Buffer, start: number, end: number) => {
      if (segments.at(-1) !== bytes) segments.push(bytes);
      lineOf.set(format.idOf(bytes, start, end, key), starts.length);
      segmentOf.push(segments.length - 1);
      starts.push(start);
      ends.push(end);
    };
    const splitter = new LineSplitter();
    for await (const chunk of chunks) splitter.push(chunk, addLine);
    splitter.end(addLine);
    return new BytesBaseline(segments, lineOf, segmentOf, starts, ends, format);
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
    return this.format.headOf(bytes, this.starts[line] as number, this.ends[line] as number);
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
