/**
 * Exports as Windows tools write them, read through the file path a scan uses (bytes to records):
 * Active Directory users exported by Windows PowerShell (`#TYPE` line, every field quoted, UTF-16
 * with `-Encoding Unicode`, dates in the en-US culture), and Excel's "Unicode Text".
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Account, Person } from "../../functions/core/model.ts";
import type { CollectedSource } from "../../functions/scan/parse-source-export.ts";
import { decodeText } from "../../functions/shared/decode-text.ts";
import { collectFileSource } from "../support/collect-file-source.ts";

const dir = mkdtempSync(join(tmpdir(), "deprov-windows-exports-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ZONE = "America/Chicago";

function collect(file: string, bytes: Buffer, source: Record<string, unknown>): Promise<CollectedSource> {
  writeFileSync(join(dir, file), bytes);
  return collectFileSource(dir, file, source, ZONE);
}

function utf16le(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
}

function utf16be(text: string): Buffer {
  return utf16le(text).swap16();
}

function accounts(collected: CollectedSource): Account[] {
  if (collected.records?.kind !== "accounts")
    throw new Error(`expected accounts: ${collected.errors.join("; ")}`);
  return collected.records.records;
}

// Get-ADUser -Filter * -Properties EmployeeID,LastLogonDate,whenCreated |
//   Select-Object SamAccountName,UserPrincipalName,EmployeeID,Enabled,LastLogonDate,whenCreated,DistinguishedName |
//   Export-Csv ad-users.csv -Encoding Unicode        (Windows PowerShell 5.1, en-US)
const AD_EXPORT = [
  "#TYPE Selected.Microsoft.ActiveDirectory.Management.ADUser",
  '"SamAccountName","UserPrincipalName","EmployeeID","Enabled","LastLogonDate","whenCreated","DistinguishedName"',
  '"jdoe","jdoe@acme.com","1001","True","11/3/2026 9:05:12 AM","1/15/2021 8:00:00 AM","CN=Doe\\, Jane,OU=Users,DC=acme,DC=com"',
  '"zoë.brandt","zoe.brandt@acme.com","1002","False","","7/4/2019 12:30:00 PM","CN=Brandt\\, Zoë,OU=Leavers,DC=acme,DC=com"',
  '"svc-backup","svc-backup@acme.com","","True","12/31/2025 11:59:59 PM","3/1/2018 6:00:00 AM","CN=svc-backup,OU=Service,DC=acme,DC=com"',
  "",
].join("\r\n");

const AD_SOURCE = {
  kind: "accounts",
  format: "csv",
  dateOrder: "MDY",
  columns: {
    accountId: "SamAccountName",
    username: "SamAccountName",
    email: "UserPrincipalName",
    employeeId: "EmployeeID",
    enabled: "Enabled",
    lastLoginAt: "LastLogonDate",
    createdAt: "whenCreated",
  },
};

describe("Active Directory users exported by Windows PowerShell", () => {
  it.each([
    ["UTF-16 little-endian (-Encoding Unicode)", utf16le(AD_EXPORT)],
    ["UTF-16 big-endian (-Encoding BigEndianUnicode)", utf16be(AD_EXPORT)],
    ["UTF-8 with a byte order mark (-Encoding UTF8)", Buffer.from(`\uFEFF${AD_EXPORT}`, "utf8")],
  ])(
    "reads every account in %s, below the #TYPE line, with its names and times",
    async (_encoding, bytes) => {
      // Act
      const collected = await collect("ad-users.csv", bytes, AD_SOURCE);

      // Assess
      expect(collected.errors).toEqual([]);
      expect(collected.warnings).toEqual([]);
      expect(accounts(collected)).toEqual([
        expect.objectContaining({
          accountId: "jdoe",
          email: "jdoe@acme.com",
          employeeId: "1001",
          enabled: true,
          lastLoginAt: Date.parse("2026-11-03T15:05:12Z"),
          createdAt: Date.parse("2021-01-15T14:00:00Z"),
        }),
        expect.objectContaining({
          accountId: "zoë.brandt",
          enabled: false,
          lastLoginAt: undefined,
          createdAt: Date.parse("2019-07-04T17:30:00Z"),
        }),
        expect.objectContaining({
          accountId: "svc-backup",
          lastLoginAt: Date.parse("2026-01-01T05:59:59Z"),
        }),
      ]);
    },
  );

  it("counts lines from the #TYPE line, so a rejection names the line an editor shows", async () => {
    // Prepare: the second account's Enabled is no boolean
    const broken = AD_EXPORT.replace('"False"', '"Maybe"');

    // Act
    const collected = await collect("ad-broken.csv", utf16le(broken), AD_SOURCE);

    // Assess
    expect(collected.errors).toEqual([
      expect.stringMatching(/ad-broken\.csv: line 4: field "Enabled": expected true\/false/),
    ]);
    expect(accounts(collected).map((a) => a.accountId)).toEqual(["jdoe", "svc-backup"]);
  });

  it("counts lines from the #TYPE line in unquoted text too (read by the fast path)", async () => {
    // Act
    const collected = await collect(
      "unquoted.csv",
      Buffer.from("#TYPE System.Management.Automation.PSCustomObject\nid,enabled\n1,yes\n2,maybe\n3,no\n"),
      {
        kind: "accounts",
        format: "csv",
        columns: { accountId: "id" },
      },
    );

    // Assess
    expect(collected.errors).toEqual([expect.stringMatching(/unquoted\.csv: line 4: field "enabled"/)]);
    expect(accounts(collected).map((a) => a.accountId)).toEqual(["1", "3"]);
  });

  it("names the header's line below a #TYPE line when a column is missing", async () => {
    // Act
    const collected = await collect("ad-columns.csv", utf16le(AD_EXPORT), {
      ...AD_SOURCE,
      columns: { ...AD_SOURCE.columns, employeeId: "employeeNumber" },
    });

    // Assess
    expect(collected.info.status).toBe("failed");
    expect(collected.errors[0]).toMatch(
      /line 2: column "employeeNumber" \(columns\.employeeId\) is not in the header/,
    );
  });
});

describe('Excel\'s "Unicode Text" (UTF-16, tab-separated)', () => {
  it("reads a roster as its UTF-8, comma-separated twin", async () => {
    // Prepare
    const rows = [
      ["Employee #", "Name", "Work Email", "Hire Date", "Termination Date"],
      ["1001", "Łucja Nowak", "lucja.nowak@acme.com", "2019-03-04", ""],
      ["1002", "Søren Ødegaard", "soren@acme.com", "2018-01-15", "2026-10-30"],
    ];
    const columns = {
      employeeId: "Employee #",
      name: "Name",
      email: "Work Email",
      hireDate: "Hire Date",
      terminationDate: "Termination Date",
    };
    const source = { kind: "roster", format: "csv", columns };

    // Act
    const excel = await collect("roster.txt", utf16le(rows.map((r) => r.join("\t")).join("\r\n")), source);
    const twin = await collect("roster.csv", Buffer.from(rows.map((r) => r.join(",")).join("\n")), source);

    // Assess
    expect(excel.errors).toEqual([]);
    const people = (excel.records?.records ?? []) as Person[];
    expect(people).toEqual(twin.records?.records);
    expect(people.map((p) => p.name)).toEqual(["Łucja Nowak", "Søren Ødegaard"]);
  });
});

describe("decodeText", () => {
  it("reads UTF-8 without a mark as UTF-8, and keeps a UTF-8 mark for the readers to drop", () => {
    expect(decodeText(Buffer.from("Zoë", "utf8"))).toBe("Zoë");
    expect(decodeText(Buffer.from("\uFEFFZoë", "utf8"))).toBe("\uFEFFZoë");
  });

  it("reads UTF-16 by its mark, and marks a cut-off last byte as undecodable", async () => {
    expect(decodeText(utf16le("Zoë"))).toBe("Zoë");
    expect(decodeText(utf16be("Zoë"))).toBe("Zoë");
    expect(decodeText(utf16le("Zoë").subarray(0, 7))).toBe("Zo\uFFFD");
  });
});
