/**
 * JSON documents as the sources' files hold them: parsing with an error that says where (line and
 * column) without echoing the file's contents, and walking dotted key paths (`profile.email`).
 */

import { withoutBom } from "../shared/byte-order-mark.ts";
import { describeJsonSyntaxError, type SyntaxErrorPosition } from "../shared/json-syntax-error.ts";
import { SourceFormatError } from "./parser.ts";

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Parses a whole JSON file; invalid JSON fails the source with the line and column of the problem.
 * The parsed document holds no reference to `text`, so the text can be freed once this returns.
 */
export function parseJsonText(text: string, file: string, position: SyntaxErrorPosition = "after"): unknown {
  const body = withoutBom(text);
  try {
    return JSON.parse(body);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    throw new SourceFormatError(
      file,
      `not valid JSON: ${body.trim() === "" ? "the file is empty" : describeJsonSyntaxError(body, error, position)}`,
    );
  }
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

/** The value at a path of keys (`[]`: the document itself); `undefined` when a step is not an object. */
export function valueAtPath(document: unknown, path: readonly string[]): unknown {
  let current = document;
  for (const key of path) {
    if (!isJsonObject(current)) return undefined;
    current = current[key];
  }
  return current;
}
