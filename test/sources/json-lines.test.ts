/** JSON Lines given to a `json` source: one record per line, a bad line rejecting only itself. */
import { describe, expect, it } from "vitest";
import type { SourceConfig } from "../../functions/config/schema.ts";
import { timeParserFor } from "../../functions/fast/iso-time-parser.ts";
import { parseJson } from "../../functions/sources/json.ts";
import { accounts, formatFailure } from "../support/parsed-records.ts";

const SOURCE: SourceConfig = {
  id: "app",
  kind: "accounts",
  format: "json",
  path: "users.jsonl",
  columns: { accountId: "id", email: "profile.email", enabled: "active", lastLoginAt: "lastLogin" },
};

function parse(text: string, source: SourceConfig = SOURCE) {
  return parseJson({ text, file: "users.jsonl", source, time: timeParserFor("UTC") });
}

describe("a json source given JSON Lines", () => {
  it("reads one record per line, and rejects a line that is not JSON or not an object with its line number", () => {
    // Prepare: as `jq -c '.[]'` writes them, with a CRLF, a blank line and two bad lines
    const text = [
      '{"id":"u1","active":true,"profile":{"email":"ana@northwind.com"},"lastLogin":"2026-11-30T08:15:00Z"}',
      '{"id":"u2","active":false,"profile":{"email":"ben@northwind.com"}}\r',
      "",
      '{"id":"u3","active":true,"profile":{"email":"cy@northwind.com"}',
      "[1, 2]",
      '{"id":"u4","active":true}',
    ].join("\n");

    // Act
    const output = parse(text);

    // Assess
    expect(accounts(output).map((a) => [a.accountId, a.enabled, a.email])).toEqual([
      ["u1", true, "ana@northwind.com"],
      ["u2", false, "ben@northwind.com"],
      ["u4", true, undefined],
    ]);
    expect(output.rejected).toEqual([
      {
        record: "line 4",
        field: "(record)",
        reason: expect.stringMatching(/^not valid JSON: .* at column \d+$/),
      },
      { record: "line 5", field: "(record)", reason: "expected an object, got an array" },
    ]);
  });

  it("fails the file when its last line breaks off: the records cut away cannot be counted", () => {
    // Act
    const detail = formatFailure(() =>
      parse('{"id":"u1","active":true}\n{"id":"u2","active":true}\n{"id":"u3","act'),
    );

    // Assess
    expect(detail).toMatch(
      /^line 3: the last line is not a whole JSON record \(not valid JSON: .*\): was the export cut short\?$/,
    );
  });

  it("still fails a broken JSON document with where it breaks", () => {
    // Act
    const detail = formatFailure(() => parse('[{"id":"u1","active":true},\n{"id":"u2",]'));

    // Assess
    expect(detail).toMatch(/^not valid JSON: line 2, column \d+: /);
  });

  it("does not read lines when the source names a records path: that is one document", () => {
    // Act
    const detail = formatFailure(() =>
      parse('{"id":"u1","active":true}\n{"id":"u2","active":true}\n', { ...SOURCE, records: "users" }),
    );

    // Assess
    expect(detail).toMatch(/^not valid JSON: line 2/);
  });
});
