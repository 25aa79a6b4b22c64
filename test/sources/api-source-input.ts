/** Builds `ParseInput` for the API-response parsers (okta, google-workspace, entra, snipeit, jamf) from fixtures. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { SourceConfig, SourceFormat } from "../../functions/config/schema.ts";
import type { Account, SourceKind } from "../../functions/core/model.ts";
import { timeParserFor } from "../../functions/fast/iso-time-parser.ts";
import { parseExport } from "../../functions/scan/parse-source-export.ts";
import type { ParseInput } from "../../functions/sources/parser.ts";

export const ORG_ZONE = "America/New_York";

const FIXTURES = fileURLToPath(new URL("../fixtures/sources/", import.meta.url));

export function fixtureText(name: string): string {
  return readFileSync(join(FIXTURES, name), "utf8");
}

/** The fixture parsed, for tests that alter one record and re-serialise it. */
export function fixtureJson(name: string): unknown {
  return JSON.parse(fixtureText(name));
}

export function apiParseInput(
  format: SourceFormat,
  text: string,
  overrides: Partial<SourceConfig> = {},
): ParseInput {
  const kind: SourceKind = format === "snipeit" || format === "jamf" ? "assets" : "accounts";
  const file = `/org/sources/${format}.json`;
  const source: SourceConfig = { id: format, kind, format, path: `${format}.json`, ...overrides };
  return { text, file, source, time: timeParserFor(ORG_ZONE) };
}

/** Epoch ms of an ISO timestamp with offset, for readable expectations. */
export function at(iso: string): number {
  return Date.parse(iso);
}

/** The accounts as the collector hands them on: parsed, then the source's `privileged` list applied. */
export function collectedAccounts(input: ParseInput): Account[] {
  const exported = { file: input.file, text: input.text, modifiedAt: 0 };
  const collected = parseExport(input.source, exported, input.time);
  if (collected.records?.kind !== "accounts")
    throw new Error(`not collected: ${collected.errors.join("; ")}`);
  return collected.records.records;
}
