/**
 * CSV exports as spreadsheets and HR systems write them outside ISO land: ';'-separated with
 * day-first dates (Excel in Germany, Personio), month-first dates with 12-hour times (Excel in the
 * US, BambooHR and ADP reports), tab-separated reports. Each reads to the same people and accounts
 * as its ISO, comma-separated twin.
 */
import { describe, expect, it } from "vitest";
import type { SourceConfig } from "../../functions/config/schema.ts";
import type { SourceKind } from "../../functions/core/model.ts";
import { timeParserFor } from "../../functions/fast/iso-time-parser.ts";
import { parseCsv } from "../../functions/sources/csv.ts";
import type { ParseOutput } from "../../functions/sources/parser.ts";
import { accounts, formatFailure, people } from "../support/parsed-records.ts";

const ZONE = "Europe/Berlin";

function parse(text: string, kind: SourceKind, extra: Partial<SourceConfig>): ParseOutput {
  const source: SourceConfig = { id: "src", kind, format: "csv", path: "export.csv", ...extra };
  return parseCsv({ text, file: "export.csv", source, time: timeParserFor(ZONE) });
}

const GERMAN_COLUMNS = {
  employeeId: "Personalnummer",
  name: "Name",
  email: "E-Mail",
  status: "Status",
  hireDate: "Eintrittsdatum",
  terminationDate: "Austrittsdatum",
  terminatedAt: "Deaktiviert am",
  department: "Abteilung",
};

const ISO_TWIN = [
  "Personalnummer,Name,E-Mail,Status,Eintrittsdatum,Austrittsdatum,Deaktiviert am,Abteilung",
  "4711,Jana Müller,jana.mueller@beispiel.de,Aktiv,2019-03-04,,,Vertrieb",
  '4712,"Weiß, Otto",otto.weiss@beispiel.de,Inaktiv,2018-01-15,2026-10-30,2026-10-30 17:45,"F&E; Labor"',
  "4713,Ada Kern,ada.kern@beispiel.de,Aktiv,2026-12-01,,,Recht",
].join("\n");

describe("a ';'-separated roster with day-first dates (Excel in Germany, Personio)", () => {
  // As Excel saves "CSV UTF-8 (durch Trennzeichen getrennt)": a BOM, CRLF, ';', dd.mm.yyyy.
  const excel = [
    "\uFEFFPersonalnummer;Name;E-Mail;Status;Eintrittsdatum;Austrittsdatum;Deaktiviert am;Abteilung",
    "4711;Jana Müller;jana.mueller@beispiel.de;Aktiv;04.03.2019;;;Vertrieb",
    '4712;Weiß, Otto;otto.weiss@beispiel.de;Inaktiv;15.01.2018;30.10.2026;30.10.2026 17:45;"F&E; Labor"',
    "4713;Ada Kern;ada.kern@beispiel.de;Aktiv;01.12.2026;;;Recht",
    "",
  ].join("\r\n");
  const config = {
    columns: GERMAN_COLUMNS,
    dateOrder: "DMY" as const,
    statusValues: { Aktiv: "active" as const, Inaktiv: "terminated" as const },
  };

  it("reads every person as its ISO, comma-separated twin reads them, with the separator read from the header", () => {
    // Act
    const output = parse(excel, "roster", config);
    const twin = parse(ISO_TWIN, "roster", config);

    // Assess
    expect(output.rejected).toEqual([]);
    expect(output.warnings ?? []).toEqual([]);
    expect(people(output)).toEqual(people(twin));
    expect(people(output).find((p) => p.employeeId === "4712")).toMatchObject({
      name: "Weiß, Otto",
      status: "terminated",
      terminationDate: "2026-10-30",
      terminatedAt: Date.parse("2026-10-30T16:45:00Z"),
      department: "F&E; Labor",
    });
  });

  it("reads the same with the separator named in the config", () => {
    expect(people(parse(excel, "roster", { ...config, delimiter: ";" }))).toEqual(
      people(parse(ISO_TWIN, "roster", config)),
    );
  });

  it("without dateOrder, keeps each person, drops the dates with a warning that names the setting", () => {
    // Act
    const output = parse(excel, "roster", { ...config, dateOrder: undefined });

    // Assess: first what the file's dates show (15.01.2018 has no month 15), then each date
    expect(people(output)).toHaveLength(3);
    expect(output.warnings?.[0]).toEqual({
      record: "(file)",
      field: "(dates)",
      reason:
        '5 dates are written with day and month, and were dropped: they read as day/month/year ("15.01.2018" has no month 15); set "dateOrder": "DMY" on the source',
    });
    expect(output.warnings?.[1]).toEqual({
      record: "line 2",
      field: "Eintrittsdatum",
      reason:
        'expected a date YYYY-MM-DD or ISO 8601 timestamp, got "04.03.2019" (for dates written as month.day.year or day.month.year, set "dateOrder": "MDY" or "DMY" on the source); the value is dropped and the record kept',
    });
  });

  it("with the wrong order, says what the order expects where a date cannot fit it", () => {
    // Act: 30.10.2026 read month first has no month 30
    const output = parse(excel, "roster", { ...config, dateOrder: "MDY" });

    // Assess
    expect(output.warnings?.map((w) => `${w.record} ${w.field}: ${w.reason}`)).toContain(
      'line 3 Austrittsdatum: expected a date YYYY-MM-DD or ISO 8601 timestamp, got "30.10.2026" (the source\'s "dateOrder" is "MDY": month.day.year, a four-digit year, and an optional time such as 17:30 or 5:30 PM); the value is dropped and the record kept',
    );
  });
});

describe("a month-first report with 12-hour times (Excel in the US, BambooHR, ADP)", () => {
  it("reads accounts as their ISO twin does", () => {
    // Prepare
    const columns = {
      accountId: "User ID",
      email: "Email",
      enabled: "Active",
      lastLoginAt: "Last Login",
      createdAt: "Created",
    };
    const us = [
      "User ID,Email,Active,Last Login,Created",
      "u1,ana@acme.com,Yes,11/3/2026 9:05 AM,1/15/2021",
      "u2,ben@acme.com,No,12/31/2025 11:59 PM,07/04/2019",
      "u3,cy@acme.com,Yes,,2/29/2024",
    ].join("\r\n");
    const iso = [
      "User ID,Email,Active,Last Login,Created",
      "u1,ana@acme.com,Yes,2026-11-03 09:05,2021-01-15",
      "u2,ben@acme.com,No,2025-12-31 23:59,2019-07-04",
      "u3,cy@acme.com,Yes,,2024-02-29",
    ].join("\n");

    // Act
    const output = parse(us, "accounts", { columns, dateOrder: "MDY" });

    // Assess
    expect(output.rejected).toEqual([]);
    expect(output.warnings ?? []).toEqual([]);
    expect(accounts(output)).toEqual(accounts(parse(iso, "accounts", { columns })));
  });
});

describe("other separators", () => {
  const text = "id\temail\tenabled\n1\ta@acme.com\ttrue\n2\tb@acme.com\tfalse\n";

  it("reads a tab-separated report", () => {
    // Act
    const output = parse(text, "accounts", { columns: { accountId: "id" } });

    // Assess
    expect(accounts(output).map((a) => [a.accountId, a.email, a.enabled])).toEqual([
      ["1", "a@acme.com", true],
      ["2", "b@acme.com", false],
    ]);
  });

  it("reads '|'-separated rows with quoted fields", () => {
    // Act
    const output = parse('id|email|enabled\n1|"a@acme.com"|true\n"2"|b@acme.com|"false"\n', "accounts", {
      columns: { accountId: "id" },
      delimiter: "|",
    });

    // Assess
    expect(accounts(output).map((a) => [a.accountId, a.enabled])).toEqual([
      ["1", true],
      ["2", false],
    ]);
  });

  it("names the separator to set when the header reads as one column too few", () => {
    // Prepare: ';'-separated, but one header name holds a comma (so the header reads as ',')
    const semicolons = "Personalnummer;Name, Vorname;E-Mail\n1;Weiß, Otto;o@b.de\n";

    // Act
    const detail = formatFailure(() =>
      parse(semicolons, "roster", { columns: { employeeId: "Personalnummer" } }),
    );

    // Assess
    expect(detail).toBe(
      `line 1: column "Personalnummer" (columns.employeeId) is not in the header; the header has "Personalnummer;Name", "Vorname;E-Mail" (read as ','-separated; if the file is separated by ';', set "delimiter": ";" on the source)`,
    );
  });

  it("says that the configured separator was used when it does not fit the file", () => {
    // Act
    const detail = formatFailure(() =>
      parse("id,email\n1,a@acme.com\n", "accounts", { columns: { accountId: "id" }, delimiter: ";" }),
    );

    // Assess
    expect(detail).toBe(
      `line 1: column "id" (columns.accountId) is not in the header; the header has "id,email" (read as ';'-separated ("delimiter"); if the file is separated by ',', set "delimiter": "," on the source)`,
    );
  });
});

describe("lines above the header", () => {
  const columns = { employeeId: "Employee ID", email: "Work Email", terminationDate: "Termination Date" };

  it("reads a report whose title sits above the header (headerRow), counting lines from the file's first", () => {
    // Prepare: a payroll report exported "as displayed"
    const report = [
      "Employee Census Report",
      "Acme GmbH, generated 2026-11-26 06:00",
      "",
      "Employee ID,Work Email,Termination Date",
      "1001,ana@acme.com,",
      "1002,ben@acme.com,2026-13-01",
      "1003,cy@acme.com,2026-10-30",
    ].join("\r\n");

    // Act
    const output = parse(report, "roster", { columns, headerRow: 4 });

    // Assess
    expect(people(output).map((p) => [p.employeeId, p.terminationDate])).toEqual([
      ["1001", undefined],
      ["1002", undefined],
      ["1003", "2026-10-30"],
    ]);
    expect(output.warnings?.map((w) => `${w.record} ${w.field}`)).toEqual(["line 6 Termination Date"]);
  });

  it("reads the first line as the header with headerRow 1, as without it", () => {
    // Prepare
    const text = "Employee ID,Work Email,Termination Date\n1001,ana@acme.com,\n";

    // Act / Assess
    expect(people(parse(text, "roster", { columns, headerRow: 1 }))).toEqual(
      people(parse(text, "roster", { columns })),
    );
  });

  it("says so when the file ends before headerRow", () => {
    // Act
    const detail = formatFailure(() => parse("Title\nSubtitle\n", "roster", { columns, headerRow: 4 }));

    // Assess
    expect(detail).toBe('"headerRow" is 4, but the file has 3 lines: expected the header on line 4');
  });

  it("names the header's line when a column is missing below a title", () => {
    // Act
    const detail = formatFailure(() =>
      parse("Census\nEmployee ID,Email\n1,a@acme.com\n", "roster", { columns, headerRow: 2 }),
    );

    // Assess
    expect(detail).toMatch(/^line 2: column "Work Email" \(columns\.email\) is not in the header/);
  });

  it("takes the separator from Excel's sep= line, and counts it as line 1", () => {
    // Prepare
    const text =
      "sep=;\r\nEmployee ID;Work Email;Termination Date\r\n1001;ana@acme.com;\r\n1002;ben@acme.com;30.10.2026\r\n";

    // Act
    const output = parse(text, "roster", { columns });

    // Assess
    expect(people(output).map((p) => p.employeeId)).toEqual(["1001", "1002"]);
    expect(output.warnings?.map((w) => `${w.record} ${w.field}`)).toEqual([
      "(file) (dates)",
      "line 4 Termination Date",
    ]);
  });
});

describe("what a source's day-and-month dates show, without dateOrder", () => {
  const columns = { employeeId: "id", hireDate: "hired" };
  const reasons = (rows: string[]) =>
    parse(["id,hired", ...rows.map((date, i) => `${i + 1},${date}`)].join("\n"), "roster", { columns })
      .warnings?.filter((w) => w.record === "(file)")
      .map((w) => w.reason);

  it("recommends MDY when a date can only be month first", () => {
    expect(reasons(["01/02/2020", "05/31/2019"])).toEqual([
      '2 dates are written with day and month, and were dropped: they read as month/day/year ("05/31/2019" has no month 31); set "dateOrder": "MDY" on the source',
    ]);
  });

  it("recommends no order when none shows, or the file mixes both", () => {
    expect(reasons(["01/02/2020"])).toEqual([
      '1 date is written with day and month, and was dropped: none of them shows which comes first (every number is 12 or less, as in "01/02/2020"); set "dateOrder" to "MDY" or "DMY" as the system writes dates',
    ]);
    expect(reasons(["05/31/2019", "31/05/2019"])).toEqual([
      '2 dates are written with day and month, and were dropped: some can only be month first ("05/31/2019") and some only day first ("31/05/2019"), so the export mixes both; check how the system writes dates',
    ]);
  });

  it("says nothing of dates that are real in neither order, or of ISO dates", () => {
    expect(reasons(["31/02/2024", "2024-02-29"])).toEqual([]);
  });
});
