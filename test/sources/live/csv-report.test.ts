/**
 * The csv live reader: an HR roster (and any CSV report) read from the system that serves it —
 * here a loopback Workday "report as a service" with an integration user's Basic credential, and a
 * report behind a bearer token. The snapshot is the report byte for byte, so the live and the file
 * form give the same people, warnings and rejects.
 */
import { readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import type { SourceConfig } from "../../../functions/config/schema.ts";
import { csvDataRows } from "../../../functions/sources/live/csv-report.ts";
import { collectFileSource } from "../../support/collect-file-source.ts";
import { ROSTER_WORKBOOK_COLUMNS } from "../../support/roster-workbook.ts";
import { ORG_ZONE } from "../api-source-input.ts";
import type { FakeApi, Fault } from "./fake-api.ts";
import { startFakeCsvReport } from "./fakes/csv-report.ts";
import { liveFailure, parseFileForm, READ_AT, readLive } from "./live-harness.ts";

const ROSTER = readFileSync(fileURLToPath(new URL("../../fixtures/sources/hr-roster.csv", import.meta.url)));
const ISU = { username: "ISU_Deprov", password: "wd-LEAKCHECK-9f3a71c2e8" };
const ENV = { WORKDAY_ISU: JSON.stringify(ISU) };
const REPORT_PATH = "/ccx/service/customreport2/acme/ISU_Deprov/Deprov_Roster";
const COLUMNS = {
  employeeId: "Employee #",
  name: "Full Name",
  email: "Work Email",
  status: "Employment Status",
  workerType: "Worker Type",
  hireDate: "Hire Date",
  terminationDate: "Termination Date",
  terminatedAt: "Termination Time",
  managerId: "Manager Employee #",
  department: "Department",
  title: "Job Title",
  previousDepartment: "Previous Department",
  roleChangedAt: "Role Change Date",
};

let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/** A message without the file or endpoint it names first. */
function afterFile(message: string): string {
  return message.slice(message.indexOf(": ") + 2);
}

async function serve(
  options: {
    csv?: Buffer;
    faults?: Fault[];
    url?: (reportUrl: string) => string;
    columns?: SourceConfig["columns"];
  } = {},
) {
  const fake = await startFakeCsvReport({
    csv: options.csv ?? ROSTER,
    path: REPORT_PATH,
    basic: ISU,
    faults: options.faults ?? [],
  });
  api = fake;
  const source: SourceConfig = {
    id: "hr",
    kind: "roster",
    format: "csv",
    url: options.url?.(fake.reportUrl) ?? fake.reportUrl,
    credential: { env: "WORKDAY_ISU" },
    columns: options.columns ?? COLUMNS,
  };
  return { fake, source };
}

describe("csv live reader (an HR report served as CSV)", () => {
  it("reads a Workday RaaS roster with the integration user's Basic credential: the people of the file form", async () => {
    // Prepare
    const { fake, source } = await serve();

    // Act
    const { collected, exported } = await readLive(source, { env: ENV });

    // Assess
    const fileForm = parseFileForm(source, ROSTER.toString("utf8"));
    expect(collected.info.status).toBe("ok");
    expect(collected.recordCount).toBe(9);
    expect(collected.records).toEqual(fileForm.records);
    expect(collected.rejectedCount).toBe(fileForm.rejectedCount);
    expect(collected.warnings).toEqual(fileForm.warnings);
    expect(collected.info).toMatchObject({ status: "ok", exportedAt: READ_AT, exportedAtFrom: "api" });
    expect(exported.live).toMatchObject({ pages: 1, bytes: ROSTER.length });
    expect(fake.requests[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from(`${ISU.username}:${ISU.password}`).toString("base64")}`,
    );
  });

  it("keeps the report's bytes: a Latin-1 report gets the file form's warning, not a silent change", async () => {
    // Prepare: the roster saved as Latin-1 (no byte order mark), one name holding "ë" as the byte 0xEB
    const text = ROSTER.toString("utf8")
      .replace(/^\uFEFF/, "")
      .replace("Ruth Okafor", "Zoë Okafor");
    const latin1 = Buffer.from(text, "latin1");
    const { source } = await serve({ csv: latin1 });

    // Act
    const { collected } = await readLive(source, { env: ENV });

    // Assess
    const fileForm = parseFileForm(source, latin1.toString("utf8"));
    expect(collected.info.status).toBe("ok");
    expect(collected.records).toEqual(fileForm.records);
    // The same warnings, each named after where the data came from.
    const unlabelled = (warnings: string[]) => warnings.map((w) => w.slice(w.indexOf(": ") + 2));
    expect(unlabelled(collected.warnings)).toEqual(unlabelled(fileForm.warnings));
    expect(collected.warnings[0]).toMatch(
      /^http:.*\(read live\): line 2: field "Full Name": 2 sequences of bytes that are not UTF-8/,
    );
  });

  it("retries a throttled request as Retry-After asks", async () => {
    // Prepare
    const { source } = await serve({
      faults: [{ nth: 1, answer: { status: 429, headers: { "retry-after": "7" }, text: "" } }],
    });

    // Act
    const { collected, waits } = await readLive(source, { env: ENV });

    // Assess
    expect(collected.info.status).toBe("ok");
    expect(waits).toEqual([7_000]);
  });

  it("fails the source on a report URL without format=csv: Workday answers XML, which is not the roster", async () => {
    // Prepare
    const { fake, source } = await serve({ url: (reportUrl) => reportUrl.replace("?format=csv", "") });

    // Act
    const message = await liveFailure(source, { env: ENV });

    // Assess
    expect(message).toBe(
      `source "hr": ${fake.url}${REPORT_PATH} answered with XML, not CSV: check that the URL is the report's CSV form (Workday: format=csv; BambooHR: format=CSV) and that the credential {"env": "WORKDAY_ISU"} may read it`,
    );
  });

  it("fails the source on a sign-in page served with 200", async () => {
    // Prepare
    const { source } = await serve({
      faults: [
        {
          nth: 1,
          answer: {
            status: 200,
            headers: { "content-type": "text/html" },
            text: "<!DOCTYPE html><html><body>Sign in</body></html>",
          },
        },
      ],
    });

    // Act
    const message = await liveFailure(source, { env: ENV });

    // Assess
    expect(message).toContain("answered with a web page, not CSV");
  });

  it("reads a report that answers with an Excel workbook as its sheet, keeping the workbook as the snapshot", async () => {
    // Prepare: a report download in Excel form (HiBob's format=xlsx, a roster kept in SharePoint)
    const file = join(import.meta.dirname, "..", "..", "fixtures", "workbooks", "roster.xlsx");
    const { source } = await serve({
      columns: ROSTER_WORKBOOK_COLUMNS,
      faults: [
        {
          nth: 1,
          answer: { status: 200, headers: { "content-type": XLSX_TYPE }, bytes: readFileSync(file) },
        },
      ],
    });

    // Act
    const { collected, exported } = await readLive(source, { env: ENV });

    // Assess: the people of the same workbook given as a file, its rows named by sheet row
    const fileForm = await collectFileSource(
      dirname(file),
      basename(file),
      { kind: "roster", format: "csv", columns: ROSTER_WORKBOOK_COLUMNS },
      ORG_ZONE,
    );
    expect(collected.info.status).toBe("ok");
    expect(collected.recordCount).toBe(fileForm.recordCount);
    expect(collected.records).toEqual(fileForm.records);
    expect(collected.warnings.map(afterFile)).toEqual(fileForm.warnings.map(afterFile));
    expect(exported).toMatchObject({ sheetRows: true, live: { pages: 1, bytes: readFileSync(file).length } });
    expect(exported.file).toMatch(/\(read live\), sheet "roster"$/);
  });

  it.each([
    ["accounts.xls", "an Excel 97–2003 workbook (.xls), or one protected by a password, not CSV"],
    ["accounts.ods", "an OpenDocument spreadsheet (.ods), not CSV"],
  ])("fails the source on a report that answers with %s, saying what it is", async (name, what) => {
    // Prepare
    const bytes = readFileSync(join(import.meta.dirname, "..", "..", "fixtures", "workbooks", name));
    const { source } = await serve({ faults: [{ nth: 1, answer: { status: 200, headers: {}, bytes } }] });

    // Act
    const message = await liveFailure(source, { env: ENV });

    // Assess
    expect(message).toContain(`answered with ${what}`);
  });

  it("fails the source on a wrong credential, naming the reference and never the password", async () => {
    // Prepare
    const { fake, source } = await serve();

    // Act
    const message = await liveFailure(source, {
      env: { WORKDAY_ISU: JSON.stringify({ ...ISU, password: "expired-LEAKCHECK" }) },
    });

    // Assess
    expect(message).toBe(
      `source "hr": GET ${fake.url}${REPORT_PATH}?format=csv failed: HTTP 401 (after 1 attempt): the API did not accept the credential {"env": "WORKDAY_ISU"}; check that it is current`,
    );
    expect(message).not.toContain("LEAKCHECK");
  });

  it("fails the source when the report breaks off on every attempt: never a shorter roster", async () => {
    // Prepare
    const faults = [1, 2, 3, 4, 5, 6].map((nth) => ({
      nth,
      answer: { status: 200, truncated: ROSTER.subarray(0, 300).toString("utf8") },
    }));
    const { source } = await serve({ faults });

    // Act
    const message = await liveFailure(source, { env: ENV });

    // Assess
    expect(message).toContain("failed: the answer broke off before its end");
  });

  it("refuses a report larger than the snapshot cap", async () => {
    // Prepare
    const { source } = await serve();

    // Act
    const message = await liveFailure(source, {
      env: ENV,
      settings: { limits: { maxPages: 10, maxBytes: 1_000 } },
    });

    // Assess
    expect(message).toMatch(/larger than|cap/);
  });

  it("sends a token as Bearer, and says what a JSON credential must hold", async () => {
    // Prepare
    const token = await startFakeCsvReport({ csv: ROSTER, path: "/reports/roster", token: "tok-LEAKCHECK" });
    api = token;
    const source: SourceConfig = {
      id: "hr",
      kind: "roster",
      format: "csv",
      url: `${token.url}/reports/roster?format=csv`,
      credential: { env: "HR_TOKEN" },
      columns: COLUMNS,
    };

    // Act
    const { collected } = await readLive(source, { env: { HR_TOKEN: "tok-LEAKCHECK" } });
    const message = await liveFailure(source, { env: { HR_TOKEN: JSON.stringify({ user: "x" }) } });

    // Assess
    expect(collected.info.status).toBe("ok");
    expect(message).toBe(
      'source "hr": the credential {"env": "HR_TOKEN"} lacks "username", "password"; expected HTTP Basic credentials (or a token, sent as Bearer): JSON with "username", "password"',
    );
  });
});

describe("csvDataRows", () => {
  it("counts the rows after the header, a line break inside quotes being part of its field", () => {
    expect(csvDataRows(Buffer.from('id,note\r\n1,"two\r\nlines"\r\n2,plain\r\n'))).toBe(2);
    expect(csvDataRows(Buffer.from("id\n1\n2"))).toBe(2);
    expect(csvDataRows(Buffer.from("id\n\n1\n"))).toBe(1);
    expect(csvDataRows(Buffer.from(""))).toBe(0);
  });
});
