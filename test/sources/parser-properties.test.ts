/**
 * Properties every source parser keeps, on generated exports (fast-check):
 * - it never throws anything but SourceFormatError, whatever the bytes (cut short, spliced, noise);
 * - it keeps every valid record, exactly as written;
 * - what it keeps does not depend on the order of the records, nor — for CSV — on whether the
 *   rows are read by the quote-free fast path or by csv-parse, or on the line ends.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SourceConfig, SourceFormat } from "../../functions/config/schema.ts";
import type { Account, Asset, Person, SourceKind } from "../../functions/core/model.ts";
import { timeParserFor } from "../../functions/fast/iso-time-parser.ts";
import { CREDENTIAL_REPORT_COLUMNS } from "../../functions/sources/aws-iam-credential-report.ts";
import { statusWordLookup } from "../../functions/sources/hr-status-words.ts";
import { type ParseOutput, SourceFormatError } from "../../functions/sources/parser.ts";
import { parserFor } from "../../functions/sources/registry.ts";

const ZONE = "UTC";
const RUNS = { numRuns: 120 };
const LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

function parse(
  format: SourceFormat,
  kind: SourceKind,
  text: string,
  extra: Partial<SourceConfig> = {},
): ParseOutput {
  const source: SourceConfig = { id: "src", kind, format, path: "export", ...extra };
  return parserFor(format)({ text, file: "export", source, time: timeParserFor(ZONE) });
}

// ------------------------------------------------------------------------------------------------
// Generated records

/** Text as exports hold it: any characters (commas, quotes, line breaks, non-Latin), trimmed, not empty. */
const text = fc
  .string({ unit: "grapheme", minLength: 1, maxLength: 12 })
  .map((s) => s.trim())
  .filter((s) => s !== "" && !s.includes("\uFFFD"));
const id = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,9}$/);
const isoDate = fc
  .date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2030-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const instant = fc
  .date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2030-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => new Date(Math.floor(d.getTime() / 1000) * 1000).toISOString());
const statusWord = fc.constantFrom(
  "Active",
  "Inactive",
  "Terminated",
  "Withdrawn",
  "Leave of Absence",
  "LOA",
  "On Leave",
  "Pre-hire",
  "Retired",
  "Deceased",
  "Sabbatical 2",
);

interface GenPerson {
  employeeId: string;
  name?: string;
  email?: string;
  status?: string;
  hireDate?: string;
  terminationDate?: string;
}

const person: fc.Arbitrary<GenPerson> = fc.record(
  {
    employeeId: id,
    name: text,
    email: fc.emailAddress(),
    status: statusWord,
    hireDate: isoDate,
    terminationDate: isoDate,
  },
  { requiredKeys: ["employeeId"] },
);
const roster = fc.uniqueArray(person, { selector: (p) => p.employeeId, maxLength: 25 });

interface GenAccount {
  id: string;
  email?: string;
  name?: string;
  enabled: boolean;
  lastLogin?: string;
  created?: string;
}

const account: fc.Arbitrary<GenAccount> = fc.record(
  { id, email: fc.emailAddress(), name: text, enabled: fc.boolean(), lastLogin: instant, created: instant },
  { requiredKeys: ["id", "enabled"] },
);
const accounts = fc.uniqueArray(account, { selector: (a) => a.id, maxLength: 25 });

// ------------------------------------------------------------------------------------------------
// Exports, written as each system writes them

interface CsvStyle {
  /** Quote every field (read by csv-parse), or only where needed (quote-free rows take the fast path). */
  quoteAll: boolean;
  lineEnd: "\n" | "\r\n" | "\r";
  bom: boolean;
}

const csvStyle: fc.Arbitrary<CsvStyle> = fc.record({
  quoteAll: fc.boolean(),
  lineEnd: fc.constantFrom("\n", "\r\n", "\r"),
  bom: fc.boolean(),
});

function csvField(value: string | undefined, quoteAll: boolean): string {
  if (value === undefined) return quoteAll ? '""' : "";
  const needs = /[",\r\n]/.test(value) || value !== value.trim();
  return quoteAll || needs ? `"${value.replaceAll('"', '""')}"` : value;
}

function csv(header: readonly string[], rows: readonly (string | undefined)[][], style: CsvStyle): string {
  const lines = [
    header.join(","),
    ...rows.map((row) => row.map((v) => csvField(v, style.quoteAll)).join(",")),
  ];
  return `${style.bom ? "\uFEFF" : ""}${lines.join(style.lineEnd)}${style.lineEnd}`;
}

const ROSTER_HEADER = ["employeeId", "name", "email", "status", "hireDate", "terminationDate"];

function rosterCsv(people: readonly GenPerson[], style: CsvStyle): string {
  return csv(
    ROSTER_HEADER,
    people.map((p) => [p.employeeId, p.name, p.email, p.status, p.hireDate, p.terminationDate]),
    style,
  );
}

const CREDENTIAL_REPORT_HEADER = CREDENTIAL_REPORT_COLUMNS;

function credentialReport(list: readonly GenAccount[], style: CsvStyle): string {
  return csv(
    CREDENTIAL_REPORT_HEADER,
    list.map((a) => [
      a.id,
      `arn:aws:iam::123456789012:user/${a.id}`,
      a.created ?? "N/A",
      String(a.enabled),
      a.lastLogin ?? "no_information",
      "N/A",
      "N/A",
      "false",
      "false",
      "N/A",
      "N/A",
      "N/A",
      "N/A",
      "false",
      "N/A",
      "N/A",
      "N/A",
      "N/A",
      "false",
      "N/A",
      "false",
      "N/A",
    ]),
    style,
  );
}

/** The JSON API formats: each account in its system's own shape, inside its listing envelope. */
const API_FORMATS: Record<
  "okta" | "scim" | "google-workspace" | "entra",
  (list: readonly GenAccount[]) => string
> = {
  okta: (list) =>
    JSON.stringify(
      list.map((a) => ({
        id: a.id,
        status: a.enabled ? "ACTIVE" : "SUSPENDED",
        created: a.created ?? null,
        lastLogin: a.lastLogin ?? null,
        statusChanged: null,
        profile: { login: a.email ?? a.id, email: a.email ?? null, displayName: a.name ?? null },
      })),
    ),
  scim: (list) =>
    JSON.stringify({
      schemas: [LIST_RESPONSE],
      totalResults: list.length,
      Resources: list.map((a) => ({
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
        id: a.id,
        userName: a.email ?? a.id,
        displayName: a.name,
        active: a.enabled,
        ...(a.email !== undefined ? { emails: [{ value: a.email, primary: true }] } : {}),
        ...(a.created !== undefined ? { meta: { created: a.created } } : {}),
      })),
    }),
  "google-workspace": (list) =>
    JSON.stringify({
      kind: "admin#directory#users",
      users: list.map((a) => ({
        id: a.id,
        primaryEmail: a.email,
        suspended: !a.enabled,
        lastLoginTime: a.lastLogin ?? "1970-01-01T00:00:00.000Z",
        creationTime: a.created,
      })),
    }),
  entra: (list) =>
    JSON.stringify({
      "@odata.context":
        "https://graph.microsoft.com/v1.0/$metadata#users(id,userPrincipalName,accountEnabled,signInActivity)",
      value: list.map((a) => ({
        id: a.id,
        userPrincipalName: a.email ?? `${a.id}@contoso.com`,
        accountEnabled: a.enabled,
        createdDateTime: a.created ?? null,
        signInActivity: { lastSignInDateTime: a.lastLogin ?? "0001-01-01T00:00:00Z" },
      })),
    }),
};

function snipeIt(list: readonly GenAccount[]): string {
  return JSON.stringify({
    total: list.length,
    rows: list.map((a) => ({
      asset_tag: a.id,
      serial: a.name ?? null,
      assigned_to: a.email === undefined ? null : { type: "user", email: a.email },
      last_checkout: a.email === undefined || a.created === undefined ? null : { datetime: a.created },
    })),
  });
}

/** A Jamf Pro computers-inventory response: one computer per account, held by its email. */
function jamf(list: readonly GenAccount[]): string {
  return JSON.stringify({
    totalCount: list.length,
    results: list.map((a) => ({
      id: a.id,
      general: { lastContactTime: a.lastLogin ?? null },
      hardware: { serialNumber: a.name ?? null },
      userAndLocation: { email: a.email ?? null, username: null },
    })),
  });
}

// ------------------------------------------------------------------------------------------------
// Reading the output back

function people(output: ParseOutput): Person[] {
  if (output.records.kind !== "roster") throw new Error("expected a roster");
  return output.records.records;
}

function accountsOf(output: ParseOutput): Account[] {
  if (output.records.kind !== "accounts") throw new Error("expected accounts");
  return output.records.records;
}

function assetsOf(output: ParseOutput): Asset[] {
  if (output.records.kind !== "assets") throw new Error("expected assets");
  return output.records.records;
}

function byId<T>(records: readonly T[], idOf: (record: T) => string): T[] {
  return [...records].sort((a, b) => (idOf(a) < idOf(b) ? -1 : idOf(a) > idOf(b) ? 1 : 0));
}

const lookup = statusWordLookup(undefined);

function expectedPerson(p: GenPerson): Partial<Person> {
  return {
    employeeId: p.employeeId,
    name: p.name,
    email: p.email,
    status: p.status === undefined ? undefined : (lookup(p.status) ?? "unknown"),
    hireDate: p.hireDate,
    terminationDate: p.terminationDate,
  };
}

function shuffled<T>(list: readonly T[]): fc.Arbitrary<T[]> {
  return fc.shuffledSubarray([...list], { minLength: list.length, maxLength: list.length });
}

// ------------------------------------------------------------------------------------------------

describe("csv roster", () => {
  it("keeps every valid person exactly as written, read by either path, with any line ends", () => {
    fc.assert(
      fc.property(roster, csvStyle, (list, style) => {
        // Act
        const output = parse("csv", "roster", rosterCsv(list, style));

        // Assess
        expect(output.rejected).toEqual([]);
        expect(people(output).map((p) => ({ ...expectedPerson(p) }))).toEqual(list.map(expectedPerson));
      }),
      RUNS,
    );
  });

  it("reads the same people whether the rows are quoted (csv-parse) or not (fast path), with LF, CRLF or CR", () => {
    fc.assert(
      fc.property(roster, fc.constantFrom<CsvStyle["lineEnd"]>("\n", "\r\n", "\r"), (list, lineEnd) => {
        // Act
        const fast = parse("csv", "roster", rosterCsv(list, { quoteAll: false, lineEnd: "\n", bom: false }));
        const other = parse("csv", "roster", rosterCsv(list, { quoteAll: true, lineEnd, bom: true }));

        // Assess
        expect(other.records).toEqual(fast.records);
        expect(other.warnings).toEqual(fast.warnings);
        expect(other.held).toEqual(fast.held);
      }),
      RUNS,
    );
  });

  it("keeps the same people in any order of the rows, duplicated ids included", () => {
    const withDuplicates = fc
      .array(person, { maxLength: 20 })
      .chain((list) => fc.tuple(fc.constant(list), shuffled(list)));
    fc.assert(
      fc.property(withDuplicates, ([list, reordered]) => {
        // Act
        const style: CsvStyle = { quoteAll: true, lineEnd: "\n", bom: false };
        const first = people(parse("csv", "roster", rosterCsv(list, style)));
        const second = people(parse("csv", "roster", rosterCsv(reordered, style)));

        // Assess
        expect(byId(second, (p) => p.employeeId)).toEqual(byId(first, (p) => p.employeeId));
      }),
      RUNS,
    );
  });
});

describe("csv and json accounts", () => {
  const columns = {
    accountId: "id",
    email: "email",
    displayName: "name",
    enabled: "enabled",
    lastLoginAt: "lastLogin",
  };

  it("keeps every valid account, in csv and in json, in any order", () => {
    fc.assert(
      fc.property(
        accounts.chain((list) => fc.tuple(fc.constant(list), shuffled(list))),
        csvStyle,
        ([list, reordered], style) => {
          // Prepare
          const rows = (l: readonly GenAccount[]) =>
            l.map((a) => [a.id, a.email, a.name, String(a.enabled), a.lastLogin]);
          const header = ["id", "email", "name", "enabled", "lastLogin"];

          // Act
          const fromCsv = accountsOf(parse("csv", "accounts", csv(header, rows(list), style), { columns }));
          const fromJson = accountsOf(parse("json", "accounts", JSON.stringify(reordered), { columns }));

          // Assess
          const expected = list.map((a) => ({
            accountId: a.id,
            email: a.email,
            displayName: a.name,
            enabled: a.enabled,
            lastLoginAt: a.lastLogin === undefined ? undefined : Date.parse(a.lastLogin),
          }));
          const pick = (x: Account) => ({
            accountId: x.accountId,
            email: x.email,
            displayName: x.displayName,
            enabled: x.enabled,
            lastLoginAt: x.lastLoginAt,
          });
          expect(fromCsv.map(pick)).toEqual(expected);
          expect(byId(fromJson.map(pick), (x) => x.accountId)).toEqual(byId(expected, (x) => x.accountId));
        },
      ),
      RUNS,
    );
  });
});

describe("the API formats and the credential report", () => {
  for (const [format, render] of Object.entries(API_FORMATS) as [
    keyof typeof API_FORMATS,
    (list: readonly GenAccount[]) => string,
  ][]) {
    it(`${format}: keeps every valid account with its id, enabled state and last sign-in, in any order`, () => {
      fc.assert(
        fc.property(
          accounts.chain((list) => fc.tuple(fc.constant(list), shuffled(list))),
          ([list, reordered]) => {
            // Act
            const output = parse(format, "accounts", render(list));
            const again = parse(format, "accounts", render(reordered));

            // Assess
            expect(output.rejected).toEqual([]);
            const pick = (a: Account) => [a.accountId, a.enabled, a.lastLoginAt] as const;
            const expected = list.map(
              (a) =>
                [
                  a.id,
                  a.enabled,
                  format === "scim" || a.lastLogin === undefined ? undefined : Date.parse(a.lastLogin),
                ] as const,
            );
            expect(accountsOf(output).map(pick)).toEqual(expected);
            expect(byId(accountsOf(again), (a) => a.accountId)).toEqual(
              byId(accountsOf(output), (a) => a.accountId),
            );
          },
        ),
        RUNS,
      );
    });
  }

  it("aws-iam-credential-report: keeps every user, read by either path, in any order", () => {
    fc.assert(
      fc.property(
        accounts.chain((list) => fc.tuple(fc.constant(list), shuffled(list))),
        csvStyle,
        ([list, reordered], style) => {
          // Act
          const output = parse("aws-iam-credential-report", "accounts", credentialReport(list, style));
          const again = parse(
            "aws-iam-credential-report",
            "accounts",
            credentialReport(reordered, { ...style, quoteAll: !style.quoteAll }),
          );

          // Assess
          expect(output.rejected).toEqual([]);
          expect(accountsOf(output).map((a) => [a.accountId, a.enabled, a.lastLoginAt])).toEqual(
            list.map((a) => [
              a.id,
              a.enabled,
              a.lastLogin === undefined ? undefined : Date.parse(a.lastLogin),
            ]),
          );
          expect(byId(accountsOf(again), (a) => a.accountId)).toEqual(
            byId(accountsOf(output), (a) => a.accountId),
          );
        },
      ),
      RUNS,
    );
  });

  it("snipeit: keeps every asset with its holder, in any order", () => {
    fc.assert(
      fc.property(
        accounts.chain((list) => fc.tuple(fc.constant(list), shuffled(list))),
        ([list, reordered]) => {
          // Act
          const output = parse("snipeit", "assets", snipeIt(list));
          const again = parse("snipeit", "assets", snipeIt(reordered));

          // Assess
          expect(output.rejected).toEqual([]);
          expect(assetsOf(output).map((a) => [a.assetId, a.assignedTo])).toEqual(
            list.map((a) => [a.id, a.email]),
          );
          expect(byId(assetsOf(again), (a) => a.assetId)).toEqual(byId(assetsOf(output), (a) => a.assetId));
        },
      ),
      RUNS,
    );
  });
});

describe("any bytes at all", () => {
  /** A valid export of each format, to cut short and splice noise into. */
  const samples: [SourceFormat, SourceKind, (list: readonly GenAccount[]) => string][] = [
    [
      "csv",
      "accounts",
      (l) =>
        csv(
          ["accountId", "email", "enabled"],
          l.map((a) => [a.id, a.email, String(a.enabled)]),
          { quoteAll: false, lineEnd: "\n", bom: false },
        ),
    ],
    [
      "json",
      "accounts",
      (l) => JSON.stringify(l.map((a) => ({ accountId: a.id, email: a.email, enabled: a.enabled }))),
    ],
    [
      "aws-iam-credential-report",
      "accounts",
      (l) => credentialReport(l, { quoteAll: false, lineEnd: "\n", bom: false }),
    ],
    ["okta", "accounts", API_FORMATS.okta],
    ["scim", "accounts", API_FORMATS.scim],
    ["google-workspace", "accounts", API_FORMATS["google-workspace"]],
    ["entra", "accounts", API_FORMATS.entra],
    ["snipeit", "assets", snipeIt],
    ["jamf", "assets", jamf],
  ];
  const damaged = (valid: string) =>
    fc.oneof(
      fc.nat({ max: valid.length }).map((cut) => valid.slice(0, cut)),
      fc
        .tuple(fc.nat({ max: valid.length }), fc.string({ unit: "binary", maxLength: 8 }))
        .map(([at, noise]) => valid.slice(0, at) + noise + valid.slice(at)),
      fc
        .tuple(fc.nat({ max: valid.length }), fc.nat({ max: 20 }))
        .map(([at, length]) => valid.slice(0, at) + valid.slice(at + length)),
      fc.string({ unit: "binary", maxLength: 200 }),
      fc.json().map((json) => json),
    );

  for (const [format, kind, render] of samples) {
    it(`${format}: never fails with anything but SourceFormatError`, () => {
      fc.assert(
        fc.property(
          accounts.chain((list) => damaged(render(list))),
          (text) => {
            try {
              parse(format, kind, text);
            } catch (error) {
              if (!(error instanceof SourceFormatError)) throw error;
            }
          },
        ),
        { numRuns: 200 },
      );
    });
  }
});
