/**
 * Credentials that are JSON documents (an Entra or Jamf API client, a Google service-account key):
 * parsed and checked for the fields the reader needs. Messages name the reference and the fields,
 * never the content.
 */
import type { CredentialRef, SourceConfig } from "../../config/schema.ts";
import { describeCredentialRef, LiveReadError, sourceName } from "./live-read.ts";

export function credentialJson<K extends string>(
  source: SourceConfig,
  ref: CredentialRef,
  raw: string,
  keys: readonly K[],
  what: string,
): Record<K, string> & Record<string, unknown> {
  const expected = `${what}: JSON with ${keys.map((k) => `"${k}"`).join(", ")}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new LiveReadError(
      `${sourceName(source)}: the credential ${describeCredentialRef(ref)} is not JSON; expected ${expected}`,
    );
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new LiveReadError(
      `${sourceName(source)}: the credential ${describeCredentialRef(ref)} is not a JSON object; expected ${expected}`,
    );
  }
  const record = parsed as Record<string, unknown>;
  const missing = keys.filter((key) => typeof record[key] !== "string" || record[key] === "");
  if (missing.length > 0) {
    throw new LiveReadError(
      `${sourceName(source)}: the credential ${describeCredentialRef(ref)} lacks ${missing.map((k) => `"${k}"`).join(", ")}; expected ${expected}`,
    );
  }
  return record as Record<K, string> & Record<string, unknown>;
}

/** The source's credential reference; config validation guarantees one for formats that need it. */
export function credentialRefOf(source: SourceConfig): CredentialRef {
  if (source.credential === undefined) {
    throw new LiveReadError(`${sourceName(source)}: no "credential" to read the API with`);
  }
  return source.credential;
}
