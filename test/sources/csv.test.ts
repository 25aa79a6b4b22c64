import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { SourceConfig } from "../../functions/config/schema.ts";
import type { OffboardingRecord, SourceKind } from "../../functions/core/model.ts";
import { timeParserFor } from "../../functions/fast/iso-time-parser.ts";
import { parseCsv } from "../../functions/sources/csv.ts";
import { lineOfUnclosedQuote } from "../../functions/sources/csv-table.ts";
import { type ParseOutput, SourceFormatError } from "../../functions/sources/parser.ts";
import { accounts, people } from "../support/parsed-records.ts";

const FIXTURES = new URL("../fixtures/sources/", import.meta.url);
const ZONE = "America/New_York";

const HR_COLUMNS = {
  employeeId: "Employee #",
  name: "Full Name",
  email: "Work Email",
  status: "Employment Status",
  workerType: "Worker Type",
  hireDate: "Hire Date",
  terminationDate: "Termination Date",
  terminatedAt: "Termination Time",
  managerId: "Manager Employee #",
  title: "Job Title",
};

const SAAS_COLUMNS = {
  accountId: "User ID",
  username: "Login",
  email: "Email",
  employeeId: "Employee Number",
  displayName: "Name",
  enabled: "Active",
  privileged: "Admin",
  createdAt: "Created",
  lastLoginAt: "Last Login",
  disabledAt: "Deactivated",
  groups: "Groups",
  monthlyCost: "Seat Cost (USD)",
};

function source(kind: SourceKind, columns?: Record<string, string>): SourceConfig {
  return { id: "src", kind, format: "csv", path: "in.csv", columns };
}

function parse(text: string, kind: SourceKind, columns?: Record<string, string>): ParseOutput {
  return parseCsv({ text, file: "in.csv", source: source(kind, columns), time: timeParserFor(ZONE) });
}

function parseFixture(name: string, kind: SourceKind, columns?: Record<string, string>): ParseOutput {
  const text = readFileSync(new URL(name, FIXTURES), "utf8");
  return parseCsv({ text, file: name, source: source(kind, columns), time: timeParserFor(ZONE) });
}

function formatError(run: () => unknown): SourceFormatError {
  try {
    run();
  } catch (error) {
    if (error instanceof SourceFormatError) return error;
    throw error;
  }
  throw new Error("expected a SourceFormatError");
}

describe("csv roster from an HR export (BOM, CRLF, headers with spaces)", () => {
  it("maps every row through `columns`, including quoted commas, quotes and line breaks", () => {
    // Prepare
    const hr = {
      ...HR_COLUMNS,
      previousDepartment: "Previous Department",
      roleChangedAt: "Role Change Date",
    };

    // Act
    const output = parseFixture("hr-roster.csv", "roster", hr);

    // Assess
    expect(output.rejected).toEqual([]);
    const roster = people(output);
    expect(roster.map((p) => p.employeeId)).toEqual([
      "E1000",
      "E1001",
      "E1002",
      "E1003",
      "E1004",
      "E1005",
      "E1006",
      "E1007",
      "E1008",
    ]);
    expect(roster[2]).toEqual({
      employeeId: "E1002",
      email: "marcus.oneil@acme.com",
      name: "O'Neil, Marcus",
      status: "terminated",
      workerType: "employee",
      hireDate: "2018-09-17",
      terminationDate: "2024-02-29",
      managerId: "E1001",
      department: "Engineering",
      title: "Software Engineer",
    });
  });

  it("reads statuses and worker types in any case, `On Leave` as leave, and offsets in timestamps", () => {
    // Prepare
    const output = parseFixture("hr-roster.csv", "roster", {
      ...HR_COLUMNS,
      previousDepartment: "Previous Department",
      roleChangedAt: "Role Change Date",
    });

    // Act
    const byId = new Map(people(output).map((p) => [p.employeeId, p]));

    // Assess
    expect(byId.get("E1003")?.status).toBe("leave");
    expect(byId.get("E1004")).toMatchObject({
      status: "terminated",
      workerType: "contractor",
      terminatedAt: Date.parse("2024-03-08T21:30:00Z"),
    });
    expect(byId.get("E1005")).toMatchObject({
      previousDepartment: "Finance",
      // A date without time is the start of that day in the org's zone (EST, UTC-5).
      roleChangedAt: Date.parse("2024-01-15T05:00:00Z"),
    });
    expect(byId.get("E1006")?.status).toBe("active");
  });

  it("rejects only rows it cannot use, keeps people with a dropped field or an unknown word, and says where", () => {
    // Act
    const output = parseFixture("hr-roster-with-errors.csv", "roster", HR_COLUMNS);

    // Assess
    expect(people(output).map((p) => [p.employeeId, p.status])).toEqual([
      ["E2001", "active"],
      ["E2003", "terminated"],
      ["E2004", "terminated"],
      ["E2005", "terminated"],
      ["E2008", "active"],
      ["E2009", "terminated"],
      ["E2010", undefined],
      ["E2012", "active"],
    ]);
    expect(output.rejected).toEqual([
      { record: "line 3", field: "Employee #", reason: "expected a value, got nothing" },
      { record: "line 7", field: "(record)", reason: "expected 11 fields (as in the header), got 9" },
      {
        record: "line 8",
        field: "Employee #",
        reason:
          'duplicate "E2001": the row at line 2 is used instead (same hire date; the rows differ elsewhere and are ordered by content)',
      },
    ]);
    const dropped = "; the value is dropped and the record kept";
    const noDate =
      'but no termination date ("Termination Date") or instant ("Termination Time"): kept with an unknown departure; their accounts are not checked for offboarding and their open findings stay open until a date is given';
    expect(output.warnings).toEqual([
      {
        record: "line 5",
        field: "Termination Date",
        reason: `expected a date YYYY-MM-DD or ISO 8601 timestamp, got "31/02/2024" (for dates written as month/day/year or day/month/year, set "dateOrder": "MDY" or "DMY" on the source)${dropped}`,
      },
      { record: "line 5", field: "Termination Date", reason: `status "Terminated" ${noDate}` },
      { record: "line 6", field: "Termination Date", reason: `status "Terminated" ${noDate}` },
      {
        record: "line 9",
        field: "Worker Type",
        reason: `expected one of employee, contractor, got "Intern"${dropped}`,
      },
      {
        record: "line 10",
        field: "Termination Time",
        reason: `expected an ISO 8601 timestamp, got "yesterday"${dropped}`,
      },
      // The fixture is a slice of a roster: the managers are not in it.
      {
        record: "(file)",
        field: "Manager Employee #",
        reason:
          "8 people's managers name no single person on the roster by employee id or email (such as \"E1000\"): their digests go to the compliance recipients and their access reviews to the fallback reviewer; map the column that holds the manager's employee id or work email",
      },
    ]);
    // Whose findings must not resolve: the row cut short (E2006) and every person who lost a field.
    expect(output.held).toEqual([
      "person:E2004",
      "person:E2005",
      "person:E2006",
      "person:E2008",
      "person:E2009",
    ]);
  });

  it("accepts a terminated person with only an exact termination instant", () => {
    // Prepare
    const text = "employeeId,status,terminatedAt\nE1,terminated,2024-03-08T16:30:00Z\n";

    // Act
    const output = parse(text, "roster");

    // Assess
    expect(output.rejected).toEqual([]);
    expect(people(output)[0]?.terminatedAt).toBe(Date.parse("2024-03-08T16:30:00Z"));
  });
});

describe("rows a spreadsheet ended early", () => {
  // As StataCorp's FAQ "How Excel writes empty cells" shows it: rows whose last cells are empty lose
  // their separators, for groups of rows.
  const COLUMNS = {
    employeeId: "employeeId",
    status: "status",
    terminationDate: "terminationDate",
    department: "department",
  };
  const TEXT = [
    "employeeId,status,terminationDate,department",
    "E1,active,,Sales",
    "E2,terminated,2026-10-01,Legal",
    "E3,active",
    "E4,active",
    "E5,active,,IT",
    "",
  ].join("\r\n");

  it("are still rejected, under one warning that says what a spreadsheet does and how to give the file whole", () => {
    // Act
    const output = parse(TEXT, "roster", COLUMNS);

    // Assess
    expect(people(output).map((p) => p.employeeId)).toEqual(["E1", "E2", "E5"]);
    expect(output.rejected.map((r) => r.record)).toEqual(["line 4", "line 5"]);
    expect(output.warnings?.[0]).toEqual({
      record: "(file)",
      field: "(rows)",
      reason:
        "2 rows have fewer fields than the header and were rejected (the first on line 4): spreadsheet applications saving CSV can leave out the separators of a row's empty last cells. Give deprov the workbook (.xlsx) itself, which it reads as the sheet, or fill the last column before saving",
    });
    expect(output.held).toEqual(["person:E3", "person:E4"]);
  });

  it("say nothing of spreadsheets for one short row, most often the last of an export cut short", () => {
    // Act
    const output = parse(TEXT.replace("E4,active\r\n", "E4,active,,HR\r\n"), "roster", COLUMNS);

    // Assess
    expect(output.rejected.map((r) => r.record)).toEqual(["line 4"]);
    expect(output.warnings ?? []).toEqual([]);
  });
});

describe("csv line numbers", () => {
  it("counts the header as line 1, lines inside quoted fields, CRLF and blank lines", () => {
    // Prepare
    const text = [
      "\uFEFFemployeeId,status,notes", // 1
      'E1,active,"two', // 2
      'lines"', // 3
      "", // 4 (blank)
      'E2,active,"three', // 5
      "", // 6
      'lines"', // 7
      ",active,x", // 8
    ].join("\r\n");

    // Act
    const output = parse(text, "roster");

    // Assess
    expect(people(output).map((p) => p.employeeId)).toEqual(["E1", "E2"]);
    expect(output.rejected).toEqual([
      { record: "line 8", field: "employeeId", reason: "expected a value, got nothing" },
    ]);
  });

  it("reads a quote-free file (split directly) exactly as a quoted one (read by csv-parse)", () => {
    // Prepare: the same rows, with CRLF, a blank line, a short row and a bad value; one copy quotes a field.
    const rows = (id: string) => [
      "employeeId,status,department",
      `${id},active,Sales`,
      "",
      "E2,Terminated,Legal",
      "E3,active",
      "E4,on leave,IT",
      "",
    ];
    const quoteFree = rows("E1").join("\r\n");
    const quoted = rows('"E1"').join("\r\n");

    // Act
    const fast = parse(quoteFree, "roster");
    const reference = parse(quoted, "roster");

    // Assess
    expect(fast).toEqual(reference);
    expect(fast.rejected).toEqual([
      { record: "line 5", field: "(record)", reason: "expected 3 fields (as in the header), got 2" },
    ]);
    expect(fast.warnings?.map((w) => [w.record, w.field])).toEqual([["line 4", "terminationDate"]]);
    expect(fast.held).toEqual(["person:E2", "person:E3"]);
  });

  it("reads old-Mac CR line ends and keeps a stray quote inside an unquoted field as text", () => {
    // Act
    const output = parse('assetId,type\rLT-1,27" monitor\rLT-2,dock\r', "assets");

    // Assess
    expect(output.records.records).toEqual([
      { sourceId: "src", assetId: "LT-1", type: '27" monitor' },
      { sourceId: "src", assetId: "LT-2", type: "dock" },
    ]);
  });

  it("strips a BOM that is still in the text so the first header matches", () => {
    // Act
    const output = parse("\uFEFFemployeeId,status\r\nE1,active\r\n", "roster");

    // Assess
    expect(people(output)).toEqual([{ employeeId: "E1", status: "active" }]);
  });

  it("says a duplicate row is the same row when it is, rather than that the rows differ", () => {
    // Act
    const output = parse(
      "employeeId,status,hireDate\nE1,active,2024-01-02\nE1,active,2024-01-02\n",
      "roster",
    );

    // Assess
    expect(people(output)).toHaveLength(1);
    expect(output.rejected).toEqual([
      {
        record: "line 3",
        field: "employeeId",
        reason: 'duplicate "E1": the row at line 2 is used instead (the two rows are the same)',
      },
    ]);
  });
});

describe("csv accounts", () => {
  it("maps an accounts export, drops bad optional values with a warning, rejects a bad enabled and duplicate ids", () => {
    // Act
    const output = parseFixture("saas-accounts.csv", "accounts", SAAS_COLUMNS);

    // Assess
    const list = accounts(output);
    expect(list.map((a) => a.accountId)).toEqual([
      "U01HZ3K9Q",
      "U01HZ3KA2",
      "U01HZ3KB7",
      "U01HZ3KC1",
      "U01HZ3KD9",
      "U01HZ3KF0",
      "U01HZ3KG6",
      "U01HZ3KH3",
    ]);
    expect(list[0]).toEqual({
      sourceId: "src",
      accountId: "U01HZ3K9Q",
      username: "dana.whitfield",
      email: "dana.whitfield@acme.com",
      employeeId: "E1001",
      displayName: "Dana Whitfield",
      enabled: true,
      privileged: true,
      createdAt: Date.parse("2019-04-02T13:14:07Z"),
      lastLoginAt: Date.parse("2024-03-11T08:55:21Z"),
      groups: ["engineering", "admins", "finance-admins"],
      monthlyCost: 12.5,
      credentials: [],
    });
    expect(list[3]).toMatchObject({
      enabled: false,
      disabledAt: Date.parse("2024-01-13T09:00:00Z"),
      monthlyCost: 0,
    });
    expect(list[4]).toMatchObject({ enabled: true, privileged: true, groups: [], monthlyCost: undefined });
    expect(list[5]).toMatchObject({ accountId: "U01HZ3KF0", lastLoginAt: undefined });
    expect(list[6]).toMatchObject({ accountId: "U01HZ3KG6", privileged: false });
    expect(list[7]).toMatchObject({ accountId: "U01HZ3KH3", monthlyCost: undefined });
    // Without `enabled` the account would look harmless: that row is rejected, not guessed at.
    expect(output.rejected).toEqual([
      { record: "line 7", field: "Active", reason: "expected true/false, yes/no or 1/0, got nothing" },
      { record: "line 11", field: "User ID", reason: 'duplicate "U01HZ3KA2": first seen at line 3' },
    ]);
    const dropped = "; the value is dropped and the record kept";
    expect(output.warnings).toEqual([
      {
        record: "line 8",
        field: "Last Login",
        reason: `expected an ISO 8601 timestamp, got "last week"${dropped}`,
      },
      {
        record: "line 9",
        field: "Admin",
        reason: `expected true/false, yes/no or 1/0, got "maybe" (an export that writes words here maps each to true or false with "privilegedValues" on the source, e.g. {"Admin": true})${dropped}`,
      },
      {
        record: "line 10",
        field: "Seat Cost (USD)",
        reason: `expected a non-negative amount in USD, got "12.50 EUR": written in "EUR", not in the org's currency USD ("report.currency"): costs are not converted${dropped}`,
      },
    ]);
    expect(output.held).toEqual([
      "account:U01HZ3KE4",
      "account:U01HZ3KF0",
      "account:U01HZ3KG6",
      "account:U01HZ3KH3",
    ]);
  });

  it("provides the optional fields whose columns are in the header", () => {
    // Act
    const output = parseFixture("saas-accounts.csv", "accounts", SAAS_COLUMNS);

    // Assess
    expect([...output.provides].sort()).toEqual([
      "createdAt",
      "disabledAt",
      "groups",
      "lastLoginAt",
      "privileged",
    ]);
  });

  it("treats every account as enabled when the export has no enabled column, and provides only what it has", () => {
    // Prepare: a members export that lists active seats only.
    const text = "accountId,email,lastLoginAt\nu1,a@acme.com,2024-03-01T10:00:00Z\nu2,b@acme.com,\n";

    // Act
    const output = parse(text, "accounts");

    // Assess
    expect(accounts(output).map((a) => [a.accountId, a.enabled, a.privileged])).toEqual([
      ["u1", true, false],
      ["u2", true, false],
    ]);
    expect([...output.provides]).toEqual(["lastLoginAt"]);
  });

  it("accepts booleans as true/false, yes/no and 1/0 in any case, with surrounding spaces", () => {
    // Prepare
    const text = "accountId,enabled\na,TRUE\nb, no \nc,1\nd,False\ne,YES\nf,0\n";

    // Act
    const output = parse(text, "accounts");

    // Assess
    expect(accounts(output).map((a) => a.enabled)).toEqual([true, false, true, false, true, false]);
  });

  it("refuses to map credentials: csv cannot carry them", () => {
    // Act
    const error = formatError(() => parse("accountId\nu1\n", "accounts", { credentials: "Keys" }));

    // Assess
    expect(error.message).toContain(
      'columns: "credentials" is not a field of accounts records; expected one of',
    );
    expect(error.message).toContain("accountId, username, email");
  });
});

describe("csv offboarding records and assets", () => {
  it("maps a ticketing export; timestamps without an offset are in the org's zone", () => {
    // Act
    const output = parseFixture("offboarding-tickets.csv", "offboarding-records", {
      ticketId: "number",
      employeeId: "u_employee_id",
      requestedAt: "opened_at",
      requestedBy: "opened_by",
      approvedAt: "approval_set",
      approvedBy: "u_approved_by",
      completedAt: "closed_at",
      completedBy: "closed_by",
    });

    // Assess
    if (output.records.kind !== "offboarding-records") throw new Error("wrong kind");
    const records: OffboardingRecord[] = output.records.records;
    expect(records.map((r) => r.ticketId)).toEqual(["RITM0010231", "RITM0010247", "RITM0010198"]);
    expect(records[1]).toEqual({
      sourceId: "src",
      employeeId: "E1004",
      ticketId: "RITM0010247",
      requestedAt: Date.parse("2024-03-08T20:58:02Z"),
      requestedBy: "priya.raman",
      approvedBy: "ruth.okafor",
      approvedAt: Date.parse("2024-03-08T21:05:40Z"),
    });
    expect(output.rejected).toEqual([
      { record: "line 5", field: "u_employee_id", reason: "expected a value, got nothing" },
    ]);
  });

  it("maps assets, lowercasing the status word", () => {
    // Prepare
    const text =
      "Asset Tag,Serial,Status,Checked Out To\nLT-0042,C02XK1ZJJG5H,Deployed,E1002\nLT-0042,C02XK1ZJJG5H,Returned,\n";

    // Act
    const output = parse(text, "assets", { assetId: "Asset Tag", assignedTo: "Checked Out To" });

    // Assess
    expect(output.records).toEqual({
      kind: "assets",
      records: [
        {
          sourceId: "src",
          assetId: "LT-0042",
          serial: "C02XK1ZJJG5H",
          status: "deployed",
          assignedTo: "E1002",
        },
      ],
    });
    expect(output.rejected).toEqual([
      { record: "line 3", field: "Asset Tag", reason: 'duplicate "LT-0042": first seen at line 2' },
    ]);
  });
});

describe("csv files cut short", () => {
  it("keeps the rows before a quote that never closes, and rejects the rest as one unfinished record", () => {
    // Prepare
    const text = 'employeeId,status,notes\nE1,active,ok\nE2,active,"never closed\nE3,active,x\nE4,active,y\n';

    // Act
    const output = parse(text, "roster");

    // Assess
    expect(people(output).map((p) => p.employeeId)).toEqual(["E1"]);
    expect(output.rejected).toEqual([
      {
        record: "line 3",
        field: "(record)",
        reason:
          'a quoted field opened on this line is never closed, so the rest of the file (lines 3–5) is one unfinished record: was the export cut short? (a quote inside a quoted field is written as "")',
      },
    ]);
    // Its id is still readable: its findings stay open.
    expect(output.held).toEqual(["person:E2"]);
  });
});

describe("csv files that cannot be used at all", () => {
  it("fails on an unclosed quote in the header, naming the line", () => {
    // Prepare
    const text = 'employeeId,status,"notes\nE1,active,ok\n';

    // Act
    const error = formatError(() => parse(text, "roster"));

    // Assess
    expect(error.file).toBe("in.csv");
    expect(error.detail).toBe(
      "line 1: a quoted field is never closed (expected a closing '\"' before the end of the file)",
    );
  });

  it("fails when a required field has no column, listing the header", () => {
    // Act
    const error = formatError(() => parse("Employee,Status\nE1,active\n", "roster"));

    // Assess
    expect(error.detail).toContain('no column for the required field "employeeId"');
    expect(error.detail).toContain('the header has "Employee", "Status"');
  });

  it("fails when a column named in `columns` is not in the header (a typo must not drop a field)", () => {
    // Act
    const error = formatError(() =>
      parse("Employee #,Status,Last Day\nE1,active,\n", "roster", {
        employeeId: "Employee #",
        terminationDate: "Termination Date",
      }),
    );

    // Assess
    expect(error.detail).toBe(
      'line 1: column "Termination Date" (columns.terminationDate) is not in the header; the header has "Employee #", "Status", "Last Day"',
    );
  });

  it("names every missing column at once, so a renamed export is fixed in one go", () => {
    // Act
    const error = formatError(() =>
      parse("Employee Number,State,Last Day\nE1,active,\n", "roster", {
        employeeId: "Employee #",
        status: "Status",
        terminationDate: "Termination Date",
      }),
    );

    // Assess
    expect(error.detail).toBe(
      'line 1: column "Employee #" (columns.employeeId) is not in the header; column "Status" (columns.status) is not in the header; column "Termination Date" (columns.terminationDate) is not in the header; the header has "Employee Number", "State", "Last Day"',
    );
  });

  it("fails on a `columns` key that is not a field of the kind", () => {
    // Act
    const error = formatError(() => parse("employeeId,status\n", "roster", { employeeNumber: "Employee #" }));

    // Assess
    expect(error.detail).toMatch(
      /^columns: "employeeNumber" is not a field of roster records; expected one of employeeId, /,
    );
  });

  it("fails on an empty file", () => {
    // Act
    const error = formatError(() => parse("", "roster"));

    // Assess
    expect(error.detail).toBe("the file is empty: expected a header row");
  });

  it("fails when a mapped column appears twice in the header", () => {
    // Act
    const error = formatError(() => parse("employeeId,status,employeeId\nE1,active,E2\n", "roster"));

    // Assess
    expect(error.detail).toBe(
      'line 1: column "employeeId" (for employeeId) appears more than once in the header',
    );
  });
});

describe("lineOfUnclosedQuote", () => {
  it("skips escaped quotes and closed quoted fields", () => {
    // Act
    const line = lineOfUnclosedQuote('a,b\n"x ""y""",z\n"multi\nline",ok\n1,"open\n');

    // Assess
    expect(line).toBe(5);
  });
});
