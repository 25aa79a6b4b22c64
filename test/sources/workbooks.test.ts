/**
 * Excel workbooks given to a `csv` source, read through the file path a scan uses (bytes to
 * records). The fixtures were saved by LibreOffice Calc (test/fixtures/workbooks/README.md); the
 * cases no office application writes (a formula never calculated, a hidden first sheet) are built
 * with ExcelJS, as programs write them.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import type { Account, Person } from "../../functions/core/model.ts";
import { exportText } from "../../functions/scan/export-text.ts";
import type { CollectedSource } from "../../functions/scan/parse-source-export.ts";
import { collectFileSource } from "../support/collect-file-source.ts";
import { ROSTER_WORKBOOK_COLUMNS } from "../support/roster-workbook.ts";

const FIXTURES = join(import.meta.dirname, "..", "fixtures", "workbooks");
const ZONE = "America/New_York";

const dir = mkdtempSync(join(tmpdir(), "deprov-workbooks-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ROSTER = { kind: "roster", format: "csv", columns: ROSTER_WORKBOOK_COLUMNS };

const ACCOUNTS = {
  kind: "accounts",
  format: "csv",
  columns: {
    accountId: "User ID",
    employeeId: "Employee Number",
    email: "Email",
    enabled: "Active",
    lastLoginAt: "Last Login",
  },
};

function collect(file: string, source: Record<string, unknown>): Promise<CollectedSource> {
  return collectFileSource(dir, file, source, ZONE);
}

function fixture(name: string): string {
  copyFileSync(join(FIXTURES, name), join(dir, name));
  return name;
}

function records<T>(collected: CollectedSource): T[] {
  if (collected.info.status === "failed") throw new Error(collected.errors.join("; "));
  return (collected.records?.records ?? []) as T[];
}

async function writeWorkbook(file: string, build: (workbook: ExcelJS.Workbook) => void): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  await workbook.xlsx.writeFile(join(dir, file));
  return file;
}

describe("a roster saved as .xlsx by a spreadsheet application", () => {
  it("reads every person as its CSV twin reads them with US dates, dates from the cells themselves", async () => {
    // Act
    const workbook = await collect(fixture("roster.xlsx"), ROSTER);
    const twin = await collect(fixture("roster.csv"), { ...ROSTER, dateOrder: "MDY" });

    // Assess
    expect(records<Person>(workbook)).toEqual(records<Person>(twin));
    expect(records<Person>(workbook)).toContainEqual(
      expect.objectContaining({
        employeeId: "100120",
        name: "Leila Novak",
        hireDate: "2022-04-03",
        terminationDate: "2026-10-30",
        // 10/30/2026 5:45 PM, a wall-clock time in the org's zone (EDT).
        terminatedAt: Date.parse("2026-10-30T21:45:00Z"),
        managerId: "100119",
      }),
    );
    expect(records<Person>(workbook)).toContainEqual(
      expect.objectContaining({ employeeId: "100119", name: "Smith, Benjamin", hireDate: "2023-05-03" }),
    );
    expect(workbook.file).toBe(`${join(dir, "roster.xlsx")}, sheet "roster"`);
  });

  it("never reads a formula error as an empty termination date: the value is dropped with a warning and the person held", async () => {
    // Act
    const collected = await collect(fixture("roster.xlsx"), ROSTER);

    // Assess
    const omar = records<Person>(collected).find((p) => p.employeeId === "100121");
    expect(omar).toBeDefined();
    expect(omar?.terminationDate).toBeUndefined();
    expect(collected.held).toContain("person:100121");
    expect(collected.warnings.join("\n")).toContain("1 cell holds a formula error (#N/A in F4)");
    expect(collected.warnings.join("\n")).toMatch(/line 4: field "Termination Date": .*#N\/A/);
  });
});

describe("a workbook whose cells hold line breaks", () => {
  it("names each record by its sheet row, below a two-line title and beside offices on several lines", async () => {
    // Act
    const collected = await collect(fixture("roster-multiline.xlsx"), {
      kind: "roster",
      format: "csv",
      headerRow: 2,
      columns: { employeeId: "Employee ID", email: "Work Email", hireDate: "Hire Date" },
    });

    // Assess
    expect(records<Person>(collected).map((p) => [p.employeeId, p.hireDate])).toEqual([
      ["1001", "2019-03-01"],
      ["1002", undefined],
      ["1003", "2020-01-15"],
    ]);
    expect(collected.warnings).toEqual([
      expect.stringMatching(
        /roster-multiline\.xlsx, sheet "[^"]+": line 4: field "Hire Date": expected a date .*"not a date"/,
      ),
    ]);
  });
});

describe("an accounts workbook with several sheets", () => {
  it('reads the sheet named by "sheet", ids as their number format shows them', async () => {
    // Act
    const collected = await collect(fixture("accounts.xlsx"), { ...ACCOUNTS, sheet: "users" });

    // Assess
    expect(records<Account>(collected)).toEqual([
      expect.objectContaining({
        accountId: "U01",
        employeeId: "001234",
        email: "jane.doe@northwind.com",
        enabled: true,
        // 2026-11-30 08:15 in the org's zone (EST).
        lastLoginAt: Date.parse("2026-11-30T13:15:00Z"),
      }),
      expect.objectContaining({ accountId: "U02", employeeId: "098765", enabled: false }),
    ]);
    expect(collected.warnings).toEqual([]);
  });

  it("reads the first sheet by default, and the message names it when its columns are missing", async () => {
    // Act
    const collected = await collect(fixture("accounts.xlsx"), ACCOUNTS);

    // Assess
    expect(collected.info.status).toBe("failed");
    expect(collected.errors[0]).toContain('accounts.xlsx, sheet "Read me": line 1: column "User ID"');
  });

  it("warns which sheet it read when the workbook has several and none is named", async () => {
    // Act
    const read = await exportText(readFileSync(join(FIXTURES, "accounts.xlsx")), "accounts.xlsx", {
      id: "src",
      ...ACCOUNTS,
    } as never);

    // Assess
    expect(read.warnings).toEqual([
      'accounts.xlsx: read sheet "Read me", the first of 3 ("Read me", "Users", "Groups"); set "sheet" on the source to read another',
    ]);
    expect(read.text.split("\r\n")[0]).toBe("Exported from the admin console");
  });

  it("reads a workbook the same when the source also names a CSV separator", async () => {
    // Act
    const collected = await collect(fixture("roster.xlsx"), { ...ROSTER, delimiter: ";" });
    const plain = await collect(fixture("roster.xlsx"), ROSTER);

    // Assess
    expect(records<Person>(collected)).toEqual(records<Person>(plain));
    expect(records<Person>(collected)).toContainEqual(expect.objectContaining({ name: "Smith, Benjamin" }));
  });

  it("fails the source when no sheet has the configured name, listing the sheets", async () => {
    // Act
    const collected = await collect(fixture("accounts.xlsx"), { ...ACCOUNTS, sheet: "Members" });

    // Assess
    expect(collected.info.status).toBe("failed");
    expect(collected.errors[0]).toBe(
      `${join(dir, "accounts.xlsx")}: no sheet named "Members" ("sheet"): the workbook has "Read me", "Users", "Groups"`,
    );
  });
});

describe("workbooks written by programs", () => {
  it("skips a hidden first sheet, pads rows whose last cells are empty, and ignores empty cells past the data", async () => {
    // Prepare
    const file = await writeWorkbook("hidden.xlsx", (workbook) => {
      const notes = workbook.addWorksheet("Notes");
      notes.addRow(["not data"]);
      notes.state = "hidden";
      const users = workbook.addWorksheet("Users");
      users.addRow(["User ID", "Employee Number", "Email", "Active", "Last Login"]);
      users.addRow(["U01", "7", "a@northwind.com", true]);
      // An empty string some writers store past the data: no field of its own.
      users.getCell("H2").value = "";
      users.addRow(["U02", "8", "b@northwind.com", false]);
    });

    // Act
    const collected = await collect(file, ACCOUNTS);

    // Assess
    expect(records<Account>(collected)).toEqual([
      expect.objectContaining({ accountId: "U01", employeeId: "7", enabled: true }),
      expect.objectContaining({ accountId: "U02", employeeId: "8", enabled: false }),
    ]);
    expect(collected.rejectedCount).toBe(0);
  });

  it("fails the source when a formula's result was never saved, naming the cell", async () => {
    // Prepare
    const file = await writeWorkbook("uncalculated.xlsx", (workbook) => {
      const sheet = workbook.addWorksheet("Roster");
      sheet.addRow(["Employee ID", "Work Email", "Termination Date"]);
      sheet.addRow(["1", "a@northwind.com", { formula: "TODAY()" }]);
    });

    // Act
    const collected = await collect(file, {
      kind: "roster",
      format: "csv",
      columns: { employeeId: "Employee ID", email: "Work Email", terminationDate: "Termination Date" },
    });

    // Assess
    expect(collected.info.status).toBe("failed");
    expect(collected.errors[0]).toContain("cell C2 holds a formula whose result was never saved");
  });

  it("reads a 1904-based workbook's dates as the dates it shows", async () => {
    // Prepare
    const file = await writeWorkbook("mac-1904.xlsx", (workbook) => {
      workbook.properties.date1904 = true;
      const sheet = workbook.addWorksheet("Roster");
      sheet.addRow(["Employee ID", "Work Email", "Hire Date"]);
      sheet.addRow(["1", "a@northwind.com", new Date(Date.UTC(2024, 1, 29))]);
      sheet.getCell("C2").numFmt = "d-mmm-yyyy";
    });

    // Act
    const collected = await collect(file, {
      kind: "roster",
      format: "csv",
      columns: { employeeId: "Employee ID", email: "Work Email", hireDate: "Hire Date" },
    });

    // Assess
    expect(records<Person>(collected)).toEqual([expect.objectContaining({ hireDate: "2024-02-29" })]);
  });
});

describe("spreadsheets deprov does not read", () => {
  it.each([
    ["accounts.xls", "an Excel 97–2003 workbook (.xls) or a workbook protected by a password"],
    ["accounts.ods", "an OpenDocument spreadsheet (.ods)"],
  ])("fails the source for %s, saying how to save it", async (name, what) => {
    // Act
    const collected = await collect(fixture(name), ACCOUNTS);

    // Assess
    expect(collected.info.status).toBe("failed");
    expect(collected.errors[0]).toContain(what);
    expect(collected.errors[0]).toContain("save it from Excel as .xlsx or as CSV UTF-8");
  });

  it("fails a json source given a workbook, rather than reading the zip as text", async () => {
    // Act
    const collected = await collect(fixture("accounts.xlsx"), { kind: "accounts", format: "okta" });

    // Assess
    expect(collected.info.status).toBe("failed");
    expect(collected.errors[0]).toContain(
      'an Excel workbook (.xlsx), but format "okta" reads its system\'s own export',
    );
  });

  it("fails the source for a damaged workbook", async () => {
    // Prepare
    const bytes = readFileSync(join(FIXTURES, "accounts.xlsx"));
    writeFileSync(join(dir, "cut.xlsx"), bytes.subarray(0, bytes.length / 2));

    // Act
    const collected = await collect("cut.xlsx", ACCOUNTS);

    // Assess
    expect(collected.info.status).toBe("failed");
    expect(collected.errors[0]).toContain("cut.xlsx: not a readable Excel workbook (.xlsx)");
  });
});
