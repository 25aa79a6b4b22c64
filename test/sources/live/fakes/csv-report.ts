/**
 * A report served as CSV over HTTPS, as HR systems serve them:
 *
 * - Workday "report as a service" (RaaS): `GET /ccx/service/customreport2/{tenant}/{owner}/{report}`
 *   with HTTP Basic for an integration system user; the report comes as XML unless the URL asks
 *   `format=csv`, and then as `text/csv` (with a byte order mark);
 * - or, with `token`, any report URL behind a bearer token.
 *
 * A wrong credential gets 401 and Workday's HTML error page.
 */
import { type ApiAnswer, type FakeApi, type Fault, startFakeApi } from "../fake-api.ts";

export interface FakeCsvReportOptions {
  /** The report's CSV, served byte for byte. */
  csv: Buffer;
  path: string;
  basic?: { username: string; password: string };
  token?: string;
  faults?: readonly Fault[];
}

export async function startFakeCsvReport(
  options: FakeCsvReportOptions,
): Promise<FakeApi & { reportUrl: string }> {
  const expected =
    options.basic !== undefined
      ? `Basic ${Buffer.from(`${options.basic.username}:${options.basic.password}`).toString("base64")}`
      : `Bearer ${options.token}`;
  const api = await startFakeApi((request): ApiAnswer => {
    if (request.headers.authorization !== expected) {
      return {
        status: 401,
        headers: { "content-type": "text/html;charset=UTF-8", "www-authenticate": 'Basic realm="Workday"' },
        text: "<html><head><title>Error 401 Unauthorized</title></head><body><h2>HTTP ERROR 401</h2></body></html>",
      };
    }
    if (request.path !== options.path) return { status: 404, text: "Not Found" };
    if (request.query.get("format")?.toLowerCase() !== "csv") {
      return {
        status: 200,
        headers: { "content-type": "application/xml;charset=UTF-8" },
        text: "<?xml version='1.0' encoding='UTF-8'?><wd:Report_Data xmlns:wd=\"urn:com.workday.report/Deprov_Roster\"></wd:Report_Data>",
      };
    }
    return {
      status: 200,
      headers: { "content-type": "text/csv;charset=UTF-8" },
      bytes: options.csv,
    };
  }, options.faults);
  return { ...api, reportUrl: `${api.url}${options.path}?format=csv` };
}
