/**
 * CSV in the code pages spreadsheets write by default (Excel's "CSV (Comma delimited)" writes the
 * system's code page, not UTF-8), read through the file path a scan uses. The fixtures were written
 * by LibreOffice Calc (test/fixtures/encodings/README.md).
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../functions/config/config-error.ts";
import { parseConfigText } from "../../functions/config/load-config.ts";
import type { Person } from "../../functions/core/model.ts";
import type { CollectedSource } from "../../functions/scan/parse-source-export.ts";
import { collectFileSource } from "../support/collect-file-source.ts";

const FIXTURES = join(import.meta.dirname, "..", "fixtures", "encodings");
const dir = mkdtempSync(join(tmpdir(), "deprov-encodings-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ROSTER = {
  kind: "roster",
  format: "csv",
  columns: {
    employeeId: "Employee ID",
    name: "Full Name",
    email: "Work Email",
    department: "Department",
    hireDate: "Hire Date",
  },
};

function collect(fixture: string, extra: Record<string, unknown> = {}): Promise<CollectedSource> {
  copyFileSync(join(FIXTURES, fixture), join(dir, fixture));
  return collectFileSource(dir, fixture, { ...ROSTER, ...extra }, "Europe/Paris");
}

function people(collected: CollectedSource): Person[] {
  if (collected.info.status === "failed") throw new Error(collected.errors.join("; "));
  return (collected.records?.records ?? []) as Person[];
}

describe("a roster saved in a code page", () => {
  it('reads Windows-1252 (Excel\'s "CSV (Comma delimited)") with "encoding": "windows-1252"', async () => {
    // Act
    const collected = await collect("roster-windows-1252.csv", { encoding: "windows-1252" });

    // Assess
    expect(people(collected).map((p) => [p.name, p.department])).toEqual([
      ["José Müller", "Recherche & Développement"],
      ["Zoë Ñúñez", "Finanças"],
    ]);
    expect(collected.warnings).toEqual([]);
  });

  it('reads Shift_JIS (Excel\'s CSV on Japanese Windows) with "encoding": "shift_jis"', async () => {
    // Act
    const collected = await collect("roster-shift-jis.csv", { encoding: "shift_jis" });

    // Assess
    expect(people(collected).map((p) => [p.name, p.department])).toEqual([
      ["山田 太郎", "営業部"],
      ["佐藤 花子", "人事部"],
    ]);
  });

  it("without an encoding, keeps every person and says which setting reads the file", async () => {
    // Act
    const collected = await collect("roster-windows-1252.csv");

    // Assess
    expect(people(collected)).toHaveLength(2);
    expect(collected.warnings).toEqual([
      expect.stringMatching(
        /line 2: field "Full Name": 8 sequences of bytes that are not UTF-8 .*"encoding": "windows-1252" for Excel's "CSV \(Comma delimited\)"$/,
      ),
    ]);
  });

  it("reads a file by its byte order mark whatever the source's encoding says", async () => {
    // Prepare
    const utf8 = readFileSync(join(FIXTURES, "roster-windows-1252.csv"), "latin1");
    writeFileSync(join(dir, "with-bom.csv"), `\uFEFF${utf8}`, "utf8");

    // Act
    const collected = await collectFileSource(
      dir,
      "with-bom.csv",
      { ...ROSTER, encoding: "windows-1252" },
      "UTC",
    );

    // Assess
    expect(people(collected)[0]?.name).toBe("José Müller");
  });
});

describe("the encoding setting", () => {
  function issues(source: Record<string, unknown>): string[] {
    try {
      parseConfigText(
        JSON.stringify({
          organization: "Northwind",
          sources: [
            { id: "hr", kind: "roster", format: "csv", path: "hr.csv" },
            { id: "src", path: "x", ...source },
          ],
        }),
        "/etc/deprov/deprov.config.json",
      );
    } catch (error) {
      if (error instanceof ConfigError) return error.issues.map((i) => `${i.path}: ${i.message}`);
      throw error;
    }
    return [];
  }

  it("names an encoding deprov can read", () => {
    expect(issues({ kind: "accounts", format: "csv", encoding: "klingon" })).toEqual([
      '$.sources[1].encoding: "klingon" is not an encoding deprov can read: expected a WHATWG label such as "windows-1252", "shift_jis" or "utf-8"',
    ]);
    expect(issues({ kind: "accounts", format: "csv", encoding: "latin1" })).toEqual([]);
  });

  it("is for csv and json files only", () => {
    expect(issues({ kind: "accounts", format: "okta", encoding: "windows-1252" })).toEqual([
      '$.sources[1].encoding: encoding is for csv and json files; format "okta" is read as its system writes it',
    ]);
  });
});
