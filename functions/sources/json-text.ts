/**
 * JSON documents as the sources' files hold them: parsing with an error that says where (line and
 * column) without echoing the file's contents, and walking dotted key paths (`profile.email`).
 */
import { SourceFormatError } from "./parser.ts";

const BOM = 0xfeff;

/** Parses a whole JSON file; invalid JSON fails the source with the line and column of the problem. */
export function parseJsonText(text: string, file: string): unknown {
  const body = text.charCodeAt(0) === BOM ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    throw new SourceFormatError(file, `not valid JSON: ${describeSyntaxError(error.message, body)}`);
  }
}

/**
 * V8's messages either give a character position or quote a slice of the input (which may hold
 * personal data): keep the position, as a line and column, and drop the quoted slice.
 */
function describeSyntaxError(message: string, text: string): string {
  const position = /at position (\d+)/.exec(message);
  const quoted = message.indexOf(', "');
  const what = (quoted === -1 ? message : message.slice(0, quoted)).replace(
    / in JSON at position \d+.*$/s,
    "",
  );
  if (position === null) return what;
  const offset = Number(position[1]);
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return `line ${line}, column ${offset - lineStart + 1}: ${what}`;
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
  const direct = (root as Record<string, unknown>)[path.path];
  if (direct !== undefined && typeof direct !== "function") return direct;
  if (path.keys.length === 1) return undefined;
  let current: unknown = root;
  for (const key of path.keys) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  // Only inherited members (`toString`) are functions: JSON itself has none.
  return typeof current === "function" ? undefined : current;
}

/** `an object`, `a list`, `a string`…: what a JSON value is, for messages. */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}
