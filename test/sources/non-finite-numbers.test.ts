import { describe, expect, it } from "vitest";
import { withNonFiniteAsNull } from "../../functions/sources/non-finite-numbers.ts";
import type { ParseOutput } from "../../functions/sources/parser.ts";
import { accounts, parseJsonSourceText } from "../support/parsed-records.ts";

function parse(text: string): ParseOutput {
  return parseJsonSourceText(text, "accounts", {
    accountId: "id",
    email: "email",
    enabled: "active",
    lastLoginAt: "last_login",
    monthlyCost: "cost",
  });
}

describe("Python's NaN and Infinity in a json source", () => {
  it("reads NaN as an empty value and counts the tokens in one warning", () => {
    // Prepare: what json.dumps writes for pandas' missing values
    const text =
      '[{"id": "u1", "email": "ana@acme.com", "active": true, "last_login": NaN, "cost": 12.5},\n' +
      ' {"id": "u2", "email": "NaN@acme.com", "active": true, "last_login": "2026-11-30T08:00:00Z", "cost": NaN}]';

    // Act
    const output = parse(text);

    // Assess
    expect(output.rejected).toEqual([]);
    expect(accounts(output).map((a) => [a.accountId, a.email, a.lastLoginAt, a.monthlyCost])).toEqual([
      ["u1", "ana@acme.com", undefined, 12.5],
      ["u2", "NaN@acme.com", Date.parse("2026-11-30T08:00:00Z"), undefined],
    ]);
    expect(output.warnings).toEqual([
      {
        record: "(file)",
        field: "(values)",
        reason:
          "2 values are written NaN or Infinity, which is not JSON (Python's json.dumps writes a missing number so): each is read as empty",
      },
    ]);
  });

  it("reads them in JSON Lines too", () => {
    // Act
    const output = parse(
      '{"id": "u1", "email": "ana@acme.com", "active": true, "cost": Infinity}\n{"id": "u2", "email": "ben@acme.com", "active": false, "cost": -Infinity}\n',
    );

    // Assess
    expect(output.rejected).toEqual([]);
    expect(accounts(output).map((a) => a.monthlyCost)).toEqual([undefined, undefined]);
  });

  it("leaves the words alone inside strings and as parts of other words", () => {
    expect(withNonFiniteAsNull('{"a": "NaN", "b": "say \\"Infinity\\"", "c": NaN}')).toEqual({
      text: '{"a": "NaN", "b": "say \\"Infinity\\"", "c": null}',
      replaced: 1,
    });
    expect(withNonFiniteAsNull('{"a": NaNa}')).toBeUndefined();
    expect(withNonFiniteAsNull('{"a": "NaN"}')).toBeUndefined();
  });

  it("still fails a file that is broken otherwise, saying where", () => {
    expect(() => parse('[{"id": "u1", "cost": NaN},')).toThrow(/not valid JSON/);
  });
});
