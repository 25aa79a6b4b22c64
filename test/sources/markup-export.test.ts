/**
 * Web pages and XML spreadsheets in an export's place, read through the file path a scan uses: each
 * fails its source saying what the file is, instead of a message about columns named `<html>`.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { markupKind } from "../../functions/sources/markup-export.ts";
import { collectFileSource } from "../support/collect-file-source.ts";

const dir = mkdtempSync(join(tmpdir(), "deprov-markup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What web apps' "Export to Excel" write: an HTML table, named .xls. */
const HTML_TABLE_XLS = `<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>
<body><table border="1"><tr><th>Employee ID</th><th>Work Email</th></tr><tr><td>1001</td><td>ana@acme.com</td></tr></table></body></html>
`;

const XML_SPREADSHEET = `<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="Roster"><Table><Row><Cell><Data ss:Type="String">Employee ID</Data></Cell></Row></Table></Worksheet>
</Workbook>
`;

const ROSTER = { kind: "roster", format: "csv", columns: { employeeId: "Employee ID", email: "Work Email" } };

describe("what a file is when it is markup", () => {
  it.each([
    [HTML_TABLE_XLS, "html"],
    ['\uFEFF<!DOCTYPE html>\n<html lang="en"><head><title>Sign in</title></head></html>', "html"],
    [
      '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x">\n<html>',
      "html",
    ],
    ["<!-- saved from url -->\n<html><body>", "html"],
    ['<table border="1"><tr><td>1001</td></tr></table>', "html"],
    [XML_SPREADSHEET, "xml-spreadsheet"],
  ])("knows %j as %s", (text, kind) => {
    expect(markupKind(text)).toBe(kind);
  });

  it.each([
    ["Employee ID,Work Email\n1001,ana@acme.com\n"],
    ["<Employee ID>,Work Email\n1001,ana@acme.com\n"],
    ['[{"id": "<html>"}]'],
    ['<?xml version="1.0"?><wd:Report_Data xmlns:wd="urn:com.workday.report/x"></wd:Report_Data>'],
  ])("leaves %j alone", (text) => {
    expect(markupKind(text)).toBeUndefined();
  });
});

describe("a source whose file is markup", () => {
  it("fails a csv source given a web app's HTML 'Excel' export, saying how to save it", async () => {
    // Prepare
    writeFileSync(join(dir, "roster.xls"), HTML_TABLE_XLS);

    // Act
    const collected = await collectFileSource(dir, "roster.xls", ROSTER, "UTC");

    // Assess
    expect(collected.info.status).toBe("failed");
    expect(collected.errors).toEqual([
      `${join(dir, "roster.xls")}: a web page (HTML), not CSV: web apps' "Export to Excel" often write an HTML table under a spreadsheet's name; open it in Excel and save it as .xlsx or as CSV UTF-8, or export CSV`,
    ]);
  });

  it("fails a csv source given an Excel XML Spreadsheet 2003", async () => {
    // Prepare
    writeFileSync(join(dir, "roster.xml"), XML_SPREADSHEET);

    // Act
    const collected = await collectFileSource(dir, "roster.xml", ROSTER, "UTC");

    // Assess
    expect(collected.errors).toEqual([
      `${join(dir, "roster.xml")}: an Excel XML Spreadsheet 2003, which deprov does not read: save it from Excel as .xlsx or as CSV UTF-8`,
    ]);
  });

  it("fails an API export that is a sign-in page saved in its place", async () => {
    // Prepare
    writeFileSync(
      join(dir, "okta-users.json"),
      "<!DOCTYPE html>\n<html><head><title>Sign In</title></head></html>\n",
    );

    // Act
    const collected = await collectFileSource(
      dir,
      "okta-users.json",
      { kind: "accounts", format: "okta" },
      "UTC",
    );

    // Assess
    expect(collected.info.status).toBe("failed");
    expect(collected.errors).toEqual([
      `${join(dir, "okta-users.json")}: a web page (HTML), not the okta export: a login or error page saved in its place? Export it again`,
    ]);
  });
});
