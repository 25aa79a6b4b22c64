/**
 * The optional identity map (`source,accountId,employeeId`, in any order, case and spacing): manual correlations that override
 * automatic ones. Bad rows are rejected with their line; an unreadable file is a config error. It is
 * kept by hand, so it may also be an Excel workbook: its first visible sheet is read as CSV.
 */
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { ConfigError } from "../config/config-error.ts";
import { describeIoError, type LoadedConfig } from "../config/load-config.ts";
import type { IdentityMapEntry } from "../core/correlation.ts";
import { withoutBom } from "../shared/byte-order-mark.ts";
import { decodeText } from "../shared/decode-text.ts";
import { detectDelimiter } from "../sources/csv-delimiter.ts";
import { looseColumnName } from "../sources/loose-column-name.ts";
import { spreadsheetKind, unreadableSpreadsheet, WorkbookError, workbookAsCsv } from "../sources/workbook.ts";

const COLUMNS = ["source", "accountId", "employeeId"] as const;

export interface IdentityMap {
  entries: IdentityMapEntry[];
  rejected: string[];
}

export async function loadIdentityMap(file: string, knownSources: ReadonlySet<string>): Promise<IdentityMap> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new ConfigError(file, [
      { path: "$.identityMap", message: `cannot read the identity map (${describeIoError(error)})` },
    ]);
  }
  const read = await identityMapText(bytes, file);
  return parseIdentityMap(read.text, read.file, knownSources);
}

/** The config's identity map read through the runtime's file access (local files, S3); empty when none is set. */
export async function readIdentityMap(
  readConfigFile: (config: LoadedConfig, path: string) => Promise<{ file: string; bytes: Uint8Array }>,
  config: LoadedConfig,
): Promise<IdentityMap> {
  if (config.identityMap === undefined) return { entries: [], rejected: [] };
  const { file, bytes } = await readConfigFile(config, config.identityMap);
  const read = await identityMapText(bytes, file);
  return parseIdentityMap(read.text, read.file, new Set(config.sources.map((s) => s.id)));
}

/** The map's text, and how messages name it: a workbook's first visible sheet as CSV, else the decoded text. */
async function identityMapText(bytes: Uint8Array, file: string): Promise<{ text: string; file: string }> {
  const kind = spreadsheetKind(bytes);
  if (kind === undefined) return { text: decodeText(bytes), file };
  if (kind !== "xlsx")
    throw new ConfigError(file, [{ path: "$.identityMap", message: unreadableSpreadsheet(kind) }]);
  try {
    const workbook = await workbookAsCsv(bytes);
    return { text: workbook.text, file: `${file}, sheet "${workbook.sheet}"` };
  } catch (error) {
    if (!(error instanceof WorkbookError)) throw error;
    throw new ConfigError(file, [{ path: "$.identityMap", message: error.message }]);
  }
}

/**
 * Where each of COLUMNS is in the header. A map kept by hand may write them in another order, case
 * or spacing (`Source, Account ID, Employee ID`), and add columns of its own (a note, who added the
 * row), which are ignored; `undefined` when one is missing or written twice.
 */
function columnIndexes(header: readonly string[]): number[] | undefined {
  const names = header.map(compactName);
  const indexes: number[] = [];
  for (const column of COLUMNS) {
    const key = compactName(column);
    const index = names.indexOf(key);
    if (index === -1 || names.lastIndexOf(key) !== index) return undefined;
    indexes.push(index);
  }
  return indexes;
}

/** `Account ID`, `account_id`, `accountId` → `accountid`. */
function compactName(name: string): string {
  return looseColumnName(name).replace(/[\s_-]/g, "");
}

export function parseIdentityMap(text: string, file: string, knownSources: ReadonlySet<string>): IdentityMap {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, {
      // Edited by hand, and saved by Excel with ';' where the comma is the decimal mark.
      delimiter: detectDelimiter(withoutBom(text)),
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      info: true,
    }) as unknown as typeof rows;
  } catch (error) {
    throw new ConfigError(file, [
      { path: "$.identityMap", message: `expected CSV: ${(error as Error).message}` },
    ]);
  }
  const [header, ...body] = rows;
  const at = header === undefined ? undefined : columnIndexes(header.record);
  if (header === undefined || at === undefined) {
    throw new ConfigError(file, [
      {
        path: "$.identityMap",
        message: `expected the header "${COLUMNS.join(",")}" (in any order, case and spacing), got "${header?.record.join(",") ?? ""}"`,
      },
    ]);
  }
  const entries: IdentityMapEntry[] = [];
  const rejected: string[] = [];
  for (const { record, info } of body) {
    const line = info.lines;
    const row = at.map((index) => record[index]);
    const [sourceId, accountId, employeeId] = row;
    const missing = COLUMNS.find((_, i) => !row[i]);
    if (missing || !sourceId || !accountId || !employeeId) {
      rejected.push(`${file}: line ${line}: field "${missing ?? "source"}": expected a non-empty value`);
    } else if (!knownSources.has(sourceId)) {
      rejected.push(
        `${file}: line ${line}: field "source": expected a configured source id, got "${sourceId}"`,
      );
    } else entries.push({ sourceId, accountId, employeeId });
  }
  return { entries, rejected };
}
