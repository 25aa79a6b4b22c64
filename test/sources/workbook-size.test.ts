/**
 * Workbooks that would unzip to more than deprov reads: they fail their source with a reason before
 * any part is read, instead of ending the step out of memory. Below the limit, a workbook of any
 * shape is read as it unzips.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import type { CollectedSource } from "../../functions/scan/parse-source-export.ts";
import { WorkbookError } from "../../functions/sources/workbook-error.ts";
import { checkReadSize, MAX_WORKBOOK_UNZIPPED_BYTES } from "../../functions/sources/workbook-size.ts";
import { ZipParts } from "../../functions/sources/xlsx/zip-parts.ts";
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
  const SHEET = "xl/worksheets/sheet1.xml";
  const STRINGS = "xl/sharedStrings.xml";

  it("passes a roster workbook as a spreadsheet application saves it", async () => {
    const zip = await ZipParts.open(readFileSync(FIXTURE));
    try {
      expect(() => checkReadSize(zip, [SHEET, STRINGS])).not.toThrow();
    } finally {
      zip.close();
    }
  });

  it("refuses parts that declare more than the limit together", async () => {
    const zip = await ZipParts.open(readFileSync(FIXTURE));
    try {
      expect(() => checkReadSize(zip, [SHEET, STRINGS], 1024)).toThrow(WorkbookError);
      expect(() => checkReadSize(zip, [SHEET, STRINGS], 1024)).toThrow(
        /^the workbook's sheet and strings hold 0 MB once unzipped, more than the 0 MB deprov reads from a workbook: save the sheet as CSV UTF-8/,
      );
    } finally {
      zip.close();
    }
  });

  it("fails the source of a workbook whose sheet declares more than the limit, before unzipping it", async () => {
    // Prepare: 300 MB declared, as a zip bomb declares it
    writeFileSync(join(dir, "bomb.xlsx"), withDeclaredSize(readFileSync(FIXTURE), SHEET, 300 * 1024 * 1024));

    // Act
    const collected = await collect("bomb.xlsx");

    // Assess
    expect(collected.info.status).toBe("failed");
    expect(collected.errors).toEqual([
      expect.stringMatching(
        /bomb\.xlsx: the workbook's sheet and strings hold 300 MB once unzipped, more than the 256 MB deprov reads from a workbook: save the sheet as CSV UTF-8/,
      ),
    ]);
  });

  it("reads a workbook of more than 50 MB once unzipped, as it unzips", async () => {
    // Prepare: 1,100 people with a note of 50 KB each, 55 MB of strings (refused while deprov read
    // workbooks into memory whole, over 50 MB)
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Roster");
    sheet.addRow(["Employee ID", "Work Email", "Note"]);
    for (let i = 1; i <= 1100; i++)
      sheet.addRow([String(i), `p${i}@northwind.com`, `${i} ${"n".repeat(50_000)}`]);
    await workbook.xlsx.writeFile(join(dir, "notes.xlsx"));
    const zip = await ZipParts.open(readFileSync(join(dir, "notes.xlsx")));
    const unzipped = zip.declaredSize(SHEET) + zip.declaredSize(STRINGS);
    zip.close();

    // Act
    const collected = await collect("notes.xlsx");

    // Assess
    expect(unzipped).toBeGreaterThan(55_000_000);
    expect(unzipped).toBeLessThan(MAX_WORKBOOK_UNZIPPED_BYTES);
    expect(collected.info.status).toBe("ok");
    expect(collected.recordCount).toBe(1100);
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
