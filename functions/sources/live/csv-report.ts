/**
 * `csv` live: a report a system serves as CSV over HTTPS, read in one request and kept byte for
 * byte as the snapshot, which the csv parser then reads exactly as it reads an uploaded export
 * (encoding, BOM, column names, `statusValues`). This is how an HR roster reaches the nightly scan
 * without anyone uploading it:
 *
 * - Workday: a custom report enabled as a web service (RaaS), its URL with `format=csv`, read by an
 *   integration system user;
 * - BambooHR: a custom report, `…/v1/reports/{id}?format=CSV&onlyCurrent=false`, with an API key;
 * - HiBob: a report's download, `…/v1/company/reports/{id}/download?format=csv`, by a service user;
 * - any system that serves a CSV export to an authenticated GET (an offboarding ticket report too).
 *
 * The credential is `{"username": "…", "password": "…"}` (HTTP Basic; BambooHR's API key is the
 * username, with any password, e.g. "x") or a token, sent as `Bearer`. An answer that is an Excel
 * workbook (.xlsx) is kept as it is and read as its sheet, as an uploaded workbook is. An answer
 * that is a web page, JSON or XML (a sign-in page, a report URL without its CSV format), or an
 * `.xls` or `.ods`, fails the read: it is not the roster.
 */

import type { CredentialRef, SourceConfig } from "../../config/schema.ts";
import type { HttpResponse } from "../../ports/http/http-client.ts";
import { markupKind } from "../markup-export.ts";
import { spreadsheetKind, WorkbookError, workbookAsCsv } from "../workbook.ts";
import { configuredUrl, pageLabel } from "./api-url.ts";
import { credentialJson } from "./credential-json.ts";
import { beginHttpRead, readFailure, type SecretList } from "./live-http.ts";
import { describeCredentialRef, LiveReadError, type LiveReader, sourceName } from "./live-read.ts";

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export const readCsvReportLive: LiveReader = async (source, snapshot, context) => {
  const { readAt, ref, credential, secrets, http, pages } = await beginHttpRead(source, context, {
    // One answer is the whole report: it may be as large as a snapshot may be.
    maxResponseBytes: context.limits.maxBytes,
  });
  const url = new URL(configuredUrl(source, "the report's CSV URL"));
  let answer: HttpResponse;
  try {
    pages.next();
    answer = await http.send({
      method: "GET",
      url: url.toString(),
      headers: {
        accept: `text/csv, text/plain;q=0.9, ${XLSX_TYPE};q=0.5`,
        authorization: authorizationOf(source, ref, credential, secrets),
      },
    });
  } catch (error) {
    throw readFailure(error, ref);
  }
  if (spreadsheetKind(answer.body) === "xlsx") {
    // A report in Excel form (HiBob's `format=xlsx`, a roster kept in SharePoint): kept as it is
    // and read as its sheet, as an uploaded workbook is.
    const records = await workbookDataRows(source, answer.body, url);
    await snapshot.writeBytes(answer.body);
    return { pages: pages.pages, records, readAt, warnings: [] };
  }
  const notCsv = notCsvBecause(answer);
  if (notCsv !== undefined)
    throw new LiveReadError(
      `${sourceName(source)}: ${pageLabel(url)} answered with ${notCsv}, not CSV: check that the URL is the report's CSV form (Workday: format=csv; BambooHR: format=CSV) and that the credential ${describeCredentialRef(ref)} may read it`,
    );
  await snapshot.writeBytes(answer.body);
  return { pages: pages.pages, records: csvDataRows(answer.body), readAt, warnings: [] };
};

/** The rows after the header of the workbook's sheet; a workbook that cannot be read fails the read. */
async function workbookDataRows(source: SourceConfig, body: Buffer, url: URL): Promise<number> {
  try {
    const { text } = await workbookAsCsv(body, source.sheet, source.delimiter);
    return csvDataRows(Buffer.from(text, "utf8"));
  } catch (error) {
    if (!(error instanceof WorkbookError)) throw error;
    throw new LiveReadError(
      `${sourceName(source)}: ${pageLabel(url)} answered with an Excel workbook: ${error.message}`,
    );
  }
}

/** `Basic` for a `{"username","password"}` credential, `Bearer` for a token. */
function authorizationOf(
  source: SourceConfig,
  ref: CredentialRef,
  credential: string,
  secrets: SecretList,
): string {
  if (!credential.trimStart().startsWith("{")) return `Bearer ${credential}`;
  const { username, password } = credentialJson(
    source,
    ref,
    credential,
    ["username", "password"],
    "HTTP Basic credentials (or a token, sent as Bearer)",
  );
  const basic = Buffer.from(`${username}:${password}`, "utf8").toString("base64");
  secrets.add(basic);
  secrets.add(password);
  return `Basic ${basic}`;
}

/** What the answer is instead of CSV, judging by its declared type and its first bytes; undefined for CSV. */
function notCsvBecause(answer: HttpResponse): string | undefined {
  // A spreadsheet's type names XML ("…spreadsheetml.sheet"): say what it is before that.
  const spreadsheet = spreadsheetKind(answer.body);
  if (spreadsheet === "ods") return "an OpenDocument spreadsheet (.ods)";
  if (spreadsheet !== undefined) return "an Excel 97–2003 workbook (.xls), or one protected by a password";
  const type = (answer.headers.get("content-type") ?? "").toLowerCase();
  const head = answer.body.subarray(0, 2048).toString("utf8");
  const markup = markupKind(head);
  if (type.includes("html") || markup === "html") return "a web page";
  if (markup === "xml-spreadsheet") return "an Excel XML spreadsheet";
  const start = head
    .replace(/^\uFEFF/, "")
    .trimStart()
    .toLowerCase();
  if (type.includes("json") || start.startsWith("{")) return "JSON";
  if (type.includes("xml") || start.startsWith("<?xml") || start.startsWith("<wd:")) return "XML";
  return undefined;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** Rows after the header (RFC 4180: a line break inside quotes is part of its field). */
export function csvDataRows(bytes: Buffer): number {
  let rows = 0;
  let quoted = false;
  let lineHasContent = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte === QUOTE) quoted = !quoted;
    if (!quoted && (byte === LF || (byte === CR && bytes[i + 1] !== LF))) {
      if (lineHasContent) rows++;
      lineHasContent = false;
    } else if (byte !== CR) lineHasContent = true;
  }
  if (lineHasContent) rows++;
  return Math.max(0, rows - 1);
}
