/**
 * The bad-input corpus (test/fixtures/bad/<format>/, described in its README): for every format,
 * files cut short, empty, in another encoding or line ending, with duplicated ids, wrong types,
 * unknown enum values, impossible dates, a 1 MB field, 10,000 columns, deep nesting, and each
 * system's own broken shapes. Every case gives its clear message (file, line or index, field,
 * reason) and loses no other record. Files ending in .gz are stored compressed and read as the
 * bytes inside.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { SourceConfig } from "../../functions/config/schema.ts";
import { timeParserFor } from "../../functions/fast/iso-time-parser.ts";
import { parseExport } from "../../functions/scan/parse-source-export.ts";
import type { ParsedRecords } from "../../functions/sources/parser.ts";

const CORPUS = join(import.meta.dirname, "..", "fixtures", "bad");

/** [record, field, a part of the reason] */
type Expected = [string, string, string];

interface CorpusCase {
  file: string;
  case: string;
  /** The source fails, with this in its message. */
  fails?: string;
  /** Ids of the records kept, in file order. */
  records?: string[];
  rejected?: Expected[];
  warnings?: Expected[];
  held?: string[];
}

interface Manifest {
  source: SourceConfig;
  cases: CorpusCase[];
}

function idsOf(records: ParsedRecords): string[] {
  switch (records.kind) {
    case "roster":
      return records.records.map((p) => p.employeeId);
    case "accounts":
      return records.records.map((a) => a.accountId);
    case "assets":
      return records.records.map((a) => a.assetId);
    case "offboarding-records":
      return records.records.map((o) => o.employeeId);
    case "resources":
      return records.records.map((r) => r.resourceId);
  }
}

/** `file: record: field "f": reason` contains the expected part. */
function matches(message: string, file: string, [record, field, reason]: Expected): boolean {
  return message.startsWith(`${file}: ${record}: field "${field}": `) && message.includes(reason);
}

const formats = readdirSync(CORPUS, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe("the bad-input corpus", () => {
  it("covers every source format", () => {
    expect(formats).toEqual([
      "aws-iam-credential-report",
      "csv",
      "entra",
      "google-workspace",
      "jamf",
      "json",
      "okta",
      "scim",
      "snipeit",
    ]);
  });

  for (const format of formats) {
    const manifest = JSON.parse(readFileSync(join(CORPUS, format, "cases.json"), "utf8")) as Manifest;
    describe(format, () => {
      it("lists every file of its folder as a case", () => {
        const files = readdirSync(join(CORPUS, format)).filter((name) => name !== "cases.json");
        expect(manifest.cases.map((c) => c.file).sort()).toEqual(files.sort());
      });

      it.each(manifest.cases.map((c) => [c.case, c] as const))("%s", (_name, corpusCase) => {
        // Prepare
        const bytes = readFileSync(join(CORPUS, format, corpusCase.file));
        const text = (corpusCase.file.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8");
        const file = corpusCase.file;

        // Act
        const collected = parseExport(manifest.source, { file, text, modifiedAt: 0 }, timeParserFor("UTC"));

        // Assess
        if (corpusCase.fails !== undefined) {
          expect(collected.info.status).toBe("failed");
          expect(collected.errors).toHaveLength(1);
          expect(collected.errors[0]).toContain(`${file}: `);
          expect(collected.errors[0]).toContain(corpusCase.fails);
          return;
        }
        expect(collected.info.status, collected.errors.join("\n")).toBe("ok");
        expect(collected.records === undefined ? [] : idsOf(collected.records)).toEqual(
          corpusCase.records ?? [],
        );
        const rejected = corpusCase.rejected ?? [];
        expect(collected.errors, "one message per rejected record").toHaveLength(rejected.length);
        for (const expected of rejected) {
          expect(
            collected.errors.some((message) => matches(message, file, expected)),
            `${expected.join(" | ")}\n${collected.errors.join("\n")}`,
          ).toBe(true);
        }
        const warnings = corpusCase.warnings ?? [];
        expect(collected.warnings, collected.warnings.join("\n")).toHaveLength(warnings.length);
        for (const expected of warnings) {
          expect(
            collected.warnings.some((message) => matches(message, file, expected)),
            `${expected.join(" | ")}\n${collected.warnings.join("\n")}`,
          ).toBe(true);
        }
        if (corpusCase.held !== undefined)
          expect([...collected.held].sort()).toEqual([...corpusCase.held].sort());
      });
    });
  }
});
