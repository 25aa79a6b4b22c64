/**
 * The workbook reader (functions/sources/xlsx/) reads a sheet as it unzips. It is held to ExcelJS,
 * which reads the whole workbook into memory: both must give the same CSV text for workbooks saved
 * by LibreOffice Calc, written by ExcelJS with every kind of cell, and random sheets (fast-check).
 * Workbooks written part by part cover what other writers do: prefixed elements, inline strings,
 * cells without references, escaped characters, parts outside `xl/`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { workbookAsCsv } from "../../functions/sources/workbook.ts";
import { ZipParts } from "../../functions/sources/xlsx/zip-parts.ts";
import { exceljsSheetCsv } from "../support/exceljs-sheet-csv.ts";
import { writeZip } from "../support/write-zip.ts";

const FIXTURES = join(import.meta.dirname, "..", "fixtures", "workbooks");

async function bothReaders(bytes: Buffer, sheet?: string) {
  const [streamed, reference] = await Promise.all([
    workbookAsCsv(bytes, sheet),
    exceljsSheetCsv(bytes, sheet),
  ]);
  return { streamed: { text: streamed.text, sheet: streamed.sheet }, reference };
}

async function written(build: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe("the workbook reader, held to ExcelJS", () => {
  it.each([
    ["roster.xlsx", undefined],
    ["roster-multiline.xlsx", undefined],
    ["identity-map.xlsx", undefined],
    ["accounts.xlsx", "Users"],
    ["accounts.xlsx", "Groups"],
    ["accounts.xlsx", "Read me"],
  ])("reads %s (sheet %s) as ExcelJS does", async (file, sheet) => {
    // Act
    const { streamed, reference } = await bothReaders(readFileSync(join(FIXTURES, file)), sheet);

    // Assess
    expect(streamed).toEqual(reference);
    expect(streamed.text.length).toBeGreaterThan(0);
  });

  it("reads every kind of cell ExcelJS writes as ExcelJS reads it", async () => {
    // Prepare
    const bytes = await written((workbook) => {
      workbook.addWorksheet("Notes").state = "hidden";
      const sheet = workbook.addWorksheet("Users");
      sheet.addRow(["Id", "Name", "Joined", "Active", "Score", "Link", "Lookup", "Shared", "Text formula"]);
      sheet.addRow([
        1234,
        { richText: [{ text: "Ana " }, { font: { bold: true }, text: "Lima" }] },
        new Date(Date.UTC(2024, 1, 29, 17, 29, 59, 999)),
        true,
        12.5,
        { text: "profile", hyperlink: "https://example.com/u/1" },
        { formula: "NA()", result: { error: "#N/A" } },
        { formula: "A2*2", result: 2468 },
        { formula: 'B2&"!"', result: "Ana Lima!" },
      ]);
      sheet.addRow([
        5,
        "line one\nline two, with a comma",
        new Date(Date.UTC(2025, 0, 15)),
        false,
        -0.25,
        "",
        { formula: "1/0", result: { error: "#DIV/0!" } },
        { sharedFormula: "H2", result: 10 },
        { formula: "TRUE()", result: true },
      ]);
      sheet.getCell("A2").numFmt = "000000";
      sheet.getCell("C2").numFmt = "mm/dd/yy h:mm AM/PM";
      sheet.getCell("C3").numFmt = "d-mmm-yyyy";
      sheet.getCell("L3").value = "";
    });

    // Act
    const { streamed, reference } = await bothReaders(bytes);

    // Assess
    expect(streamed).toEqual(reference);
    expect(streamed.text.split("\r\n")[1]).toBe(
      "001234,Ana Lima,2024-02-29T17:30:00,TRUE,12.5,profile,#N/A,2468,Ana Lima!",
    );
  });

  it("reads a 1904-based workbook's dates as ExcelJS does", async () => {
    // Prepare
    const bytes = await written((workbook) => {
      workbook.properties.date1904 = true;
      const sheet = workbook.addWorksheet("Roster");
      sheet.addRow(["Hire Date", "Formula date"]);
      sheet.addRow([
        new Date(Date.UTC(2024, 1, 29)),
        { formula: "A2+1", result: new Date(Date.UTC(2024, 2, 1)) },
      ]);
      sheet.getCell("A2").numFmt = "yyyy-mm-dd";
      sheet.getCell("B2").numFmt = "yyyy-mm-dd";
    });

    // Act
    const { streamed, reference } = await bothReaders(bytes);

    // Assess
    expect(streamed).toEqual(reference);
    expect(streamed.text).toBe("Hire Date,Formula date\r\n2024-02-29,2024-03-01\r\n");
  });

  it("reads random sheets as ExcelJS does", async () => {
    const cell = fc.oneof(
      fc.constant(null),
      fc.string({ maxLength: 12 }),
      fc.string({ unit: "grapheme", maxLength: 6 }),
      fc.integer({ min: -1e9, max: 1e9 }),
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
      fc.boolean(),
      fc.date({
        min: new Date("1950-01-01T00:00:00Z"),
        max: new Date("2090-12-31T00:00:00Z"),
        noInvalidDate: true,
      }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { maxLength: 7 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 3 }),
        async (rows, skipped) => {
          const bytes = await written((workbook) => {
            const sheet = workbook.addWorksheet("Data");
            rows.forEach((values, index) => {
              // Empty rows between the first and the second: each is an empty line.
              const row = sheet.getRow(index + 1 + (index >= 1 ? skipped : 0));
              values.forEach((value, column) => {
                const target = row.getCell(column + 1);
                target.value = value;
                if (value instanceof Date)
                  target.numFmt = column % 2 === 0 ? "yyyy-mm-dd hh:mm:ss" : "m/d/yy";
              });
            });
          });
          const { streamed, reference } = await bothReaders(bytes);
          expect(streamed).toEqual(reference);
        },
      ),
      { numRuns: 60 },
    );
  });
});

/** The parts of a one-sheet workbook, as a program other than Excel might write them. */
function handWritten(sheetXml: string, extra: Record<string, string> = {}, styles = false): Buffer {
  const stylesRelationship = styles
    ? '<Relationship Id="s3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    : "";
  return writeZip({
    "[Content_Types].xml":
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    "_rels/.rels":
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="book/main.xml"/></Relationships>',
    "book/main.xml":
      '<?xml version="1.0"?><x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
      '<x:sheets><x:sheet name="People" sheetId="1" rel:id="s1"/></x:sheets></x:workbook>',
    "book/_rels/main.xml.rels":
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="s1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/sheets/people.xml"/>' +
      '<Relationship Id="s2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="../strings.xml"/>' +
      stylesRelationship +
      "</Relationships>",
    "strings.xml":
      '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      "<si><t>Employee ID</t></si><si><t>Name</t></si>" +
      '<si><r><t>Yamada </t></r><r><t>Taro</t></r><rPh sb="0" eb="2"><t>ヤマダ</t></rPh></si>' +
      "<si><t>line_x000D_\nbreak &amp; _x005F_x0041_</t></si></sst>",
    "sheets/people.xml": sheetXml,
    ...extra,
  });
}

describe("workbooks written part by part", () => {
  it("resolves the parts from the relationships, reads prefixed elements, inline strings, escapes and cells without references", async () => {
    // Prepare
    const bytes = handWritten(
      '<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' +
        '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c></x:row>' +
        '<x:row><x:c t="inlineStr"><x:is><x:t>1001</x:t></x:is></x:c><x:c t="s"><x:v>2</x:v></x:c></x:row>' +
        '<x:row r="4"><x:c r="A4"><x:v>1002</x:v></x:c><x:c r="B4" t="s"><x:v>3</x:v></x:c></x:row>' +
        "</x:sheetData></x:worksheet>",
    );

    // Act
    const read = await workbookAsCsv(bytes);

    // Assess
    expect(read.sheet).toBe("People");
    expect(read.text).toBe('Employee ID,Name\r\n1001,Yamada Taro\r\n\r\n1002,"line\r\nbreak & _x0041_"\r\n');
  });

  it("reads a number outside Excel's dates as the number, though its format is a date's", async () => {
    // Prepare: style 1 is a date format; Excel shows both cells as ####
    const bytes = handWritten(
      '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
        '<row r="1"><c r="A1" s="1"><v>45672</v></c><c r="B1" s="1"><v>100025570</v></c><c r="C1" s="1"><v>-3</v></c></row>' +
        "</sheetData></worksheet>",
      {
        "book/styles.xml":
          '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
          '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>',
      },
      true,
    );

    // Act
    const read = await workbookAsCsv(bytes);

    // Assess
    expect(read.text).toBe("2025-01-15,100025570,-3\r\n");
  });

  it("fails a cell that refers to a shared string the workbook lacks, rather than reading it as empty", async () => {
    // Prepare
    const bytes = handWritten(
      '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>9</v></c></row>' +
        "</sheetData></worksheet>",
    );

    // Act
    const read = workbookAsCsv(bytes);

    // Assess
    await expect(read).rejects.toThrow(
      "not a readable Excel workbook (.xlsx): cell B1 refers to shared string 9, which the workbook does not have (4 strings): the file is damaged; save it from Excel again",
    );
  });

  it.each([
    ['<row r="1000000000"><c t="inlineStr"><is><t></t></is></c></row>', "row 1000000000"],
    ['<row r="1"><c r="XFE1"><v>1</v></c></row>', "cell XFE1"],
    ['<row r="0"><c r="A1"><v>1</v></c></row>', "row 0"],
  ])("fails a reference outside a sheet, rather than writing its rows: %s", async (rows, what) => {
    // Prepare
    const bytes = handWritten(
      `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`,
    );

    // Act
    const read = workbookAsCsv(bytes);

    // Assess
    await expect(read).rejects.toThrow(
      `not a readable Excel workbook (.xlsx): ${what} lies outside a sheet (1,048,576 rows, columns A to XFD)`,
    );
  });

  it("does not expand entities a sheet declares (a billion laughs): the sheet fails as XML", async () => {
    // Prepare
    const bytes = handWritten(
      '<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' +
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>',
    );

    // Act
    const read = workbookAsCsv(bytes);

    // Assess
    await expect(read).rejects.toThrow(/its sheet "People" is not valid XML \(.*undefined entity/);
  });

  it("passes over a chart sheet in front of the table, as a dashboard's first tab often is", async () => {
    // Prepare
    const rels = (entries: string) =>
      `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${entries}</Relationships>`;
    const type = (name: string) =>
      `http://schemas.openxmlformats.org/officeDocument/2006/relationships/${name}`;
    const bytes = writeZip({
      "_rels/.rels": rels(
        `<Relationship Id="r1" Type="${type("officeDocument")}" Target="xl/workbook.xml"/>`,
      ),
      "xl/workbook.xml":
        '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
        '<sheets><sheet name="Dashboard" sheetId="1" r:id="c1"/><sheet name="Data" sheetId="2" r:id="w1"/></sheets></workbook>',
      "xl/_rels/workbook.xml.rels": rels(
        `<Relationship Id="c1" Type="${type("chartsheet")}" Target="chartsheets/sheet1.xml"/>` +
          `<Relationship Id="w1" Type="${type("worksheet")}" Target="worksheets/sheet1.xml"/>`,
      ),
      "xl/chartsheets/sheet1.xml":
        '<?xml version="1.0"?><chartsheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews/></chartsheet>',
      "xl/worksheets/sheet1.xml":
        '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Employee ID</t></is></c></row><row r="2"><c r="A2"><v>1001</v></c></row>' +
        "</sheetData></worksheet>",
    });

    // Act
    const read = await workbookAsCsv(bytes);

    // Assess
    expect(read).toEqual({ text: "Employee ID\r\n1001\r\n", sheet: "Data", warnings: [] });
  });

  it("finds the shared strings where Excel puts them when the workbook's relationships leave them out", async () => {
    // Prepare: the fixture without its sharedStrings relationship
    const fixture = await ZipParts.open(readFileSync(join(FIXTURES, "roster.xlsx")));
    const parts: Record<string, Buffer> = {};
    for (const name of fixture.names()) {
      const chunks: Uint8Array[] = [];
      for await (const chunk of fixture.read(name)) chunks.push(chunk);
      parts[name] = Buffer.concat(chunks);
    }
    fixture.close();
    const rels = "xl/_rels/workbook.xml.rels";
    parts[rels] = Buffer.from(
      (parts[rels] ?? Buffer.alloc(0))
        .toString("utf8")
        .replace(/<Relationship [^>]*sharedStrings"[^>]*\/>/, ""),
    );
    const bytes = writeZip(parts);

    // Act
    const { streamed, reference } = await bothReaders(bytes);

    // Assess
    expect(parts[rels]?.toString("utf8")).not.toContain("sharedStrings");
    expect(streamed).toEqual(reference);
  });

  it("fails a sheet that is not XML, naming the sheet", async () => {
    // Prepare
    const bytes = handWritten('<?xml version="1.0"?><worksheet><sheetData><row><c><v>1</c></row>');

    // Act
    const read = workbookAsCsv(bytes);

    // Assess
    await expect(read).rejects.toThrow(
      /^not a readable Excel workbook \(\.xlsx\): its sheet "People" is not valid XML/,
    );
  });
});
