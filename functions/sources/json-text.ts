/**
 * JSON documents as the sources' files hold them: parsing with an error that says where (line and
 * column) without echoing the file's contents, and walking dotted key paths (`profile.email`).
 */
import { SourceFormatError } from "./parser.ts";

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const BOM = 0xfeff;

/**
 * Where a syntax error's line and column go in the message. The API formats have always put them
 * after V8's own wording (`… in JSON at line 2, column 56`), the generic `json` format in front
 * (`line 2, column 56: …`, like CSV's `line 4: …`). Tests pin both; one wording would be better.
 */
export type SyntaxErrorPosition = "after" | "before";

/**
 * Parses a whole JSON file; invalid JSON fails the source with the line and column of the problem.
 * The parsed document holds no reference to `text`, so the text can be freed once this returns.
 */
export function parseJsonText(text: string, file: string, position: SyntaxErrorPosition = "after"): unknown {
  const body = text.charCodeAt(0) === BOM ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    throw new SourceFormatError(
      file,
      `not valid JSON: ${describeSyntaxError(error.message, body, position)}`,
    );
  }
}

const POSITION = / at position (\d+)/;

/**
 * V8's messages either give a character position or quote a slice of the input (which may hold
 * personal data): keep the position, as a line and column, and drop the quoted slice.
 */
function describeSyntaxError(message: string, text: string, position: SyntaxErrorPosition): string {
  if (text.trim() === "") return "the file is empty";
  // `Unexpected token 'x', "…snippet…" is not valid JSON` or `…, …"snippet"… is not valid JSON`.
  const quoted = message.search(/, (?:\.\.\.)?"/);
  const what = quoted === -1 ? message : message.slice(0, quoted);
  const at = POSITION.exec(what);
  if (at === null) return what;
  const { line, column } = lineAndColumn(text, Number(at[1]));
  if (position === "after") return `${what.replace(POSITION, "")} at line ${line}, column ${column}`;
  return `line ${line}, column ${column}: ${what.replace(/ in JSON at position \d+$/, "")}`;
}

/** The 1-based line and column of `offset` (lines end at LF). */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** A dotted key path split once, for `valueAt`. */
export interface KeyPath {
  readonly path: string;
  readonly keys: readonly string[];
}

export function keyPath(path: string): KeyPath {
  return { path, keys: path.split(".") };
}

/**
 * The value at a dotted path, `undefined` when any step is missing. A key that itself contains dots
 * (SCIM's `urn:…:2.0:User`) is found when the whole path is one key of the object.
 */
export function valueAt(root: unknown, path: KeyPath): unknown {
  if (typeof root !== "object" || root === null) return undefined;
  const direct = (root as JsonObject)[path.path];
  if (direct !== undefined && typeof direct !== "function") return direct;
  const keys = path.keys;
  if (keys.length === 1) return undefined;
  let current: unknown = root;
  for (let i = 0; i < keys.length; i++) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as JsonObject)[keys[i] as string];
  }
  // Only inherited members (`toString`) are functions: JSON itself has none.
  return typeof current === "function" ? undefined : current;
}
