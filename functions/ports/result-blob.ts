/**
 * A scan's result blob: every open and waived finding of the scan (seen or carried), one JSON
 * line each, lifecycle fields first. It is the baseline of the next scan, so reading it fast
 * matters: the baseline reader keeps each line as text and reads only its head (id, status,
 * firstSeenAt, lastSeenAt, reopenedAt) until a whole finding is really needed.
 */
import type { Transition } from "../core/lifecycle/types.ts";
import {
  type Baseline,
  type BaselineEntry,
  FINDING_STATUSES,
  type FindingStatus,
  type LifecycleFinding,
} from "../core/lifecycle/types.ts";
import type { BlobStore } from "./blob-store.ts";
import {
  decodeLines,
  encodeLines,
  GZIP_CONTENT_TYPE,
  jsonLines,
  readJsonLinesBlob,
  sha256Hex,
  type WrittenBlob,
  writeJsonLinesBlob,
} from "./json-lines-blob.ts";

export function findingsBlobKey(scanId: string): string {
  return `scans/${scanId}/findings.jsonl.gz`;
}

export function transitionsBlobKey(scanId: string): string {
  return `scans/${scanId}/transitions.jsonl.gz`;
}

/**
 * The remediation-task changes one attempt of a scan made (created, updated, closed, reopened),
 * one line each, keyed by content: a retried step that changes more tasks adds its own blob, one
 * that recomputes the same changes lands on the same key.
 */
export function taskChangesBlobKey(scanId: string, sha256: string): string {
  return `scans/${scanId}/task-changes-${sha256.slice(0, 16)}.jsonl.gz`;
}

/** Lines keep the objects' key order: `withLifecycle` (core/lifecycle.ts) puts the lifecycle fields first. */
export function writeFindingsBlob(
  store: BlobStore,
  scanId: string,
  findings: Iterable<LifecycleFinding>,
): Promise<WrittenBlob> {
  return writeJsonLinesBlob(store, findingsBlobKey(scanId), findings);
}

export function writeTransitionsBlob(
  store: BlobStore,
  scanId: string,
  transitions: Iterable<Transition>,
): Promise<WrittenBlob> {
  return writeJsonLinesBlob(store, transitionsBlobKey(scanId), transitions);
}

export async function writeTaskChangesBlob(
  store: BlobStore,
  scanId: string,
  changes: Iterable<unknown>,
): Promise<WrittenBlob> {
  const { body, lines } = await encodeLines(jsonLines(changes));
  const sha256 = sha256Hex(body);
  const key = taskChangesBlobKey(scanId, sha256);
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
  const lines = new Map<string, string>();
  for await (const line of decodeLines(body)) lines.set(lineId(line, key), line);
  return new LineBaseline(lines);
}

class LineBaseline implements Baseline {
  constructor(private readonly lines: ReadonlyMap<string, string>) {}

  get size(): number {
    return this.lines.size;
  }

  keys(): Iterable<string> {
    return this.lines.keys();
  }

  has(id: string): boolean {
    return this.lines.has(id);
  }

  get(id: string): BaselineEntry | undefined {
    const line = this.lines.get(id);
    return line === undefined ? undefined : lineHead(line);
  }

  finding(id: string): LifecycleFinding | undefined {
    const line = this.lines.get(id);
    return line === undefined ? undefined : (JSON.parse(line) as LifecycleFinding);
  }
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
