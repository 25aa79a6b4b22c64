/**
 * Workbooks that would unzip to more than deprov can hold: they fail their source with a reason,
 * before ExcelJS reads them into memory, instead of ending the step out of memory.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import type { CollectedSource } from "../../functions/scan/parse-source-export.ts";
import { WorkbookError } from "../../functions/sources/workbook-error.ts";
import { checkUnzippedSize, MAX_WORKBOOK_UNZIPPED_BYTES } from "../../functions/sources/workbook-size.ts";
import { collectFileSource } from "../support/collect-file-source.ts";

const FIXTURE = join(import.meta.dirname, "..", "fixtures", "workbooks", "roster.xlsx");
const ROSTER = { kind: "roster", format: "csv", columns: { employeeId: "Employee ID", email: "Work Email" } };

const dir = mkdtempSync(join(tmpdir(), "deprov-workbook-size-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function collect(file: string): Promise<CollectedSource> {
  return collectFileSource(dir, file, ROSTER, "UTC");
}

/** A central directory record: where a zip says what each part holds (APPNOTE 4.3.12). */
const CENTRAL_DIRECTORY_SIGNATURE = 0x02014b50;

/** `zip` with the uncompressed size its central directory declares for `part` set to `declared`. */
function withDeclaredSize(zip: Buffer, part: string, declared: number): Buffer {
  const patched = Buffer.from(zip);
  for (let at = 0; at + 46 <= patched.length; at++) {
    if (patched.readUInt32LE(at) !== CENTRAL_DIRECTORY_SIGNATURE) continue;
    const nameLength = patched.readUInt16LE(at + 28);
    if (patched.toString("utf8", at + 46, at + 46 + nameLength) !== part) continue;
    patched.writeUInt32LE(declared, at + 24);
    return patched;
  }
  throw new Error(`no part ${part} in the zip`);
}

describe("a workbook's size once unzipped", () => {
  it("passes a roster workbook as a spreadsheet application saves it", async () => {
    await expect(checkUnzippedSize(readFileSync(FIXTURE))).resolves.toBeUndefined();
  });

  it("refuses a workbook that declares more than the limit, before unzipping it", async () => {
    const refusal = checkUnzippedSize(readFileSync(FIXTURE), 1024);
    await expect(refusal).rejects.toBeInstanceOf(WorkbookError);
    await expect(refusal).rejects.toThrow(
      /^the workbook holds more than 0 MB once unzipped, more than deprov reads from a workbook/,
    );
  });

  it("fails the source of a small file that unzips to more than the limit", async () => {
    // Prepare: 67 KB on disk, 60 MB of XML
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Roster");
    sheet.addRow(["Employee ID", "Work Email"]);
    sheet.addRow(["1", "x".repeat(MAX_WORKBOOK_UNZIPPED_BYTES + 1024)]);
    await workbook.xlsx.writeFile(join(dir, "bomb.xlsx"));

    // Act
    const collected = await collect("bomb.xlsx");

    // Assess
    expect(collected.info.status).toBe("failed");
    expect(collected.errors).toEqual([
      expect.stringMatching(
        /bomb\.xlsx: the workbook holds more than 50 MB once unzipped, .*save the sheet as CSV UTF-8/,
      ),
    ]);
  });

  it("fails the source of a workbook whose part unzips to more than it declares", async () => {
    // Prepare: a crafted zip declares a small size to slip under any limit
    writeFileSync(
      join(dir, "lying.xlsx"),
      withDeclaredSize(readFileSync(FIXTURE), "xl/worksheets/sheet1.xml", 100),
    );

    // Act
    const collected = await collect("lying.xlsx");

    // Assess
    expect(collected.info.status).toBe("failed");
    expect(collected.errors).toEqual([
      expect.stringMatching(
        /lying\.xlsx: the workbook's part "xl\/worksheets\/sheet1\.xml" unzips to more than the 100 bytes it declares: the file is damaged, or made to exhaust memory/,
      ),
    ]);
  });

  it("fails the source of a sheet a stray value far to the right would make gigabytes of separators", async () => {
    // Prepare: 1,300 people, and a note someone typed in the sheet's last column
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Roster");
    sheet.addRow(["Employee ID", "Work Email"]);
    for (let i = 1; i <= 1300; i++) sheet.addRow([String(i), `p${i}@northwind.com`]);
    sheet.getCell("XFD1").value = "checked";
    await workbook.xlsx.writeFile(join(dir, "stray.xlsx"));

    // Act
    const collected = await collect("stray.xlsx");

    // Assess
    expect(collected.info.status).toBe("failed");
    expect(collected.errors).toEqual([
      "".concat(
        join(dir, "stray.xlsx"),
        ": the sheet spans 1,301 rows and 16,384 columns (to cell XFD1), more than the 20,000,000 cells deprov reads from a sheet: delete what stands outside the table, or save the table as CSV UTF-8",
      ),
    ]);
  });
});
