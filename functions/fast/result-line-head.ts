/**
 * Fast path (ADR 0011): a result blob's lines written with the lifecycle fields first, right after
 * the id —
 * `{"id":"…","status":"…","firstSeenAt":N,"lastSeenAt":N[,"resolvedAt":N][,"reopenedAt":N],"rule":…`
 * — so a baseline reads each finding's id and head with a few string comparisons instead of
 * JSON.parse: it asks for every finding of the scan. Both sides of that key order live here. A
 * line in any other shape goes to the plain reader given (`parsedResultLines`,
 * functions/ports/result-blob.ts), which test/fast/result-line-head.test.ts holds this to.
 */
import type { BaselineEntry, LifecycleFinding } from "../core/lifecycle/types.ts";
import type { ResultLineFormat } from "../ports/result-blob.ts";

const QUOTE = 34;
const ID_PREFIX = '{"id":"';
/** `{"id":"` as bytes. */
const ID_PREFIX_BYTES = Buffer.from(ID_PREFIX);
/** Enough of a line for its lifecycle head; a longer head is read from the whole line. */
const HEAD_BYTES = 256;

export function headFirstResultLines(plain: ResultLineFormat): ResultLineFormat {
  return {
    lineOf: headFirst,
    idOf: (bytes, start, end, key) => idAt(bytes, start, end) ?? plain.idOf(bytes, start, end, key),
    headOf: (bytes, start, end) =>
      scanHead(bytes.toString("utf8", start, Math.min(end, start + HEAD_BYTES))) ??
      plain.headOf(bytes, start, end),
  };
}

/** The finding with its lifecycle fields first, right after the id, and the waiver last. */
function headFirst(finding: LifecycleFinding): LifecycleFinding {
  return isHeadFirst(finding) ? finding : rebuiltHeadFirst(finding);
}

const HEAD = ["id", "status", "firstSeenAt", "lastSeenAt"] as const;

/** Whether the finding's own keys are already in the order `rebuiltHeadFirst` would give them. */
function isHeadFirst(finding: LifecycleFinding): boolean {
  const keys = Object.keys(finding);
  let at = 0;
  for (const key of HEAD) if (keys[at++] !== key) return false;
  if (finding.resolvedAt !== undefined && keys[at++] !== "resolvedAt") return false;
  if (finding.reopenedAt !== undefined && keys[at++] !== "reopenedAt") return false;
  for (let i = at; i < keys.length; i++) {
    const key = keys[i];
    // A lifecycle key further on (one left undefined, a second waiver position) needs the rebuild.
    if (key === "resolvedAt" || key === "reopenedAt") return false;
    if (key === "waiver" && i !== keys.length - 1) return false;
  }
  return true;
}

function rebuiltHeadFirst(finding: LifecycleFinding): LifecycleFinding {
  const { id, status, firstSeenAt, lastSeenAt, resolvedAt, reopenedAt, waiver, ...rest } = finding;
  const line: LifecycleFinding = Object.assign(
    { id, status, firstSeenAt, lastSeenAt },
    resolvedAt === undefined ? {} : { resolvedAt },
    reopenedAt === undefined ? {} : { reopenedAt },
    rest,
  );
  if (waiver !== undefined) line.waiver = waiver;
  return line;
}

/** The id where `headFirst` writes it; `undefined` when the line starts otherwise or the id has an escape. */
function idAt(bytes: Buffer, start: number, end: number): string | undefined {
  const idStart = start + ID_PREFIX_BYTES.length;
  if (bytes.compare(ID_PREFIX_BYTES, 0, ID_PREFIX_BYTES.length, start, idStart) !== 0) return undefined;
  const idEnd = bytes.indexOf(QUOTE, idStart);
  if (idEnd === -1 || idEnd >= end) return undefined;
  const id = bytes.toString("utf8", idStart, idEnd);
  // An escape in the id: its quote may not be the end; JSON.parse decides.
  return id.includes("\\") ? undefined : id;
}

/** The head as `headFirst` writes it, without JSON.parse; `undefined`: not this shape. */
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
