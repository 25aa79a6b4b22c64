import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvField, csvRow } from "../../reports/csv-row.ts";
import { findingsCsvChunks, renderFindingsCsv } from "../../reports/findings-csv.ts";
import { makeFinding, makeScanResult, manyFindings, unusedLicense } from "./fixtures.ts";

function parseCsv(text: string): string[][] {
  return parse(text, { relax_column_count: false }) as string[][];
}

describe("csvField / csvRow", () => {
  it.each([
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["line1\nline2", '"line1\nline2"'],
    ["cr\rlf", '"cr\rlf"'],
    ["a;b", '"a;b"'],
    ["", ""],
  ])("quotes %j per RFC 4180", (text, expected) => {
    expect(csvField(text)).toBe(expected);
  });

  it("ends a row with CRLF", () => {
    expect(csvRow(["a", "b,c"])).toBe('a,"b,c"\r\n');
  });
});

describe("renderFindingsCsv", () => {
  it("writes the header and one row per finding", () => {
    // Prepare
    const result = makeScanResult();

    // Act
    const rows = parseCsv(renderFindingsCsv(result));

    // Assess
    expect(rows[0]).toEqual([
      "id",
      "rule",
      "severity",
      "source",
      "subject_type",
      "subject_id",
      "person_id",
      "title",
      "evidence",
      "controls",
      "status",
      "first_seen_at",
    ]);
    expect(rows).toHaveLength(result.findings.length + 1);
  });

  it("writes evidence as key=value pairs and controls joined by '; '", () => {
    // Prepare
    const finding = unusedLicense("E2001", "W045B6FGH", 12.5);

    // Act
    const rows = parseCsv(renderFindingsCsv({ findings: [finding] }));

    // Assess
    expect(rows[1]).toEqual([
      finding.id,
      "unused-license",
      "low",
      "slack",
      "account",
      "W045B6FGH",
      "E2001",
      "Paid seat with no login for 90 days",
      "accountId=W045B6FGH; username=null; email=null; privileged=false; enabled=true; matchedBy=employee-id; matchedOn=E2001; personStatus=active; terminationDate=null; terminatedAt=null; terminationInstant=null; reason=dormant; monthlyCost=12.5; costFrom=source; lastLoginAt=null; neverLoggedIn=true; daysSinceLogin=null; createdAt=2024-02-05T21:27:02.000Z; accountAgeDays=391; dormantAfterDays=90",
      "SOC2 CC6.2; ISO27001 A.5.18; NIST AC-2; NIST AC-2(3)",
      "",
      "",
    ]);
  });

  it("writes a finding's lifecycle status and when it was first seen: a waived finding is not an open one", () => {
    // Prepare
    const finding = {
      ...unusedLicense("E2001", "W045B6FGH", 12.5),
      status: "waived" as const,
      firstSeenAt: Date.parse("2026-11-02T07:00:00Z"),
    };

    // Act
    const rows = parseCsv(renderFindingsCsv({ findings: [finding] }));

    // Assess
    expect(rows[1]?.slice(-2)).toEqual(["waived", "2026-11-02T07:00:00.000Z"]);
  });

  it("writes a null person as an empty cell and arrays comma-separated", () => {
    // Prepare
    const finding = makeFinding({
      rule: "orphan-account",
      personId: null,
      evidence: { groups: ["Admins", "Everyone"], privileged: true },
    });

    // Act
    const rows = parseCsv(renderFindingsCsv({ findings: [finding] }));

    // Assess
    expect(rows[1]?.[6]).toBe("");
    expect(rows[1]?.[8]).toBe("groups=Admins, Everyone; privileged=true");
  });

  it("round-trips commas, quotes and newlines", () => {
    // Prepare
    const title = 'Account "dana, w."\nstill enabled\r\nafter 2024-03-01';
    const finding = makeFinding({ title, subject: { type: "account", id: "a,b" } });

    // Act
    const rows = parseCsv(renderFindingsCsv({ findings: [finding] }));

    // Assess
    expect(rows).toHaveLength(2);
    expect(rows[1]?.[5]).toBe("a,b");
    expect(rows[1]?.[7]).toBe(title);
  });

  it.each([
    ['=HYPERLINK("http://evil.example","x")'],
    ["+1"],
    ["-2+3"],
    ["@SUM(A1:A2)"],
    ["\t=1+1"],
    [" =1+1"],
  ])("neutralises formula %j in every text cell", (payload) => {
    // Prepare
    const finding = makeFinding({
      id: payload,
      rule: payload,
      sourceId: payload,
      subject: { type: "account", id: payload },
      personId: payload,
      title: payload,
      evidence: {},
      controls: [payload],
    });

    // Act
    const rows = parseCsv(renderFindingsCsv({ findings: [finding] }));

    // Assess
    const row = rows[1] ?? [];
    for (const index of [0, 1, 3, 5, 6, 7, 9]) expect(row[index]).toBe(`'${payload}`);
  });

  it("neutralises an evidence cell whose first key looks like a formula", () => {
    // Prepare
    const finding = makeFinding({ evidence: { "=cmd|' /C calc'!A0": "x" } });

    // Act
    const rows = parseCsv(renderFindingsCsv({ findings: [finding] }));

    // Assess
    expect(rows[1]?.[8]).toBe("'=cmd|' /C calc'!A0=x");
  });

  it("quotes and neutralises a formula behind a `;`, for spreadsheets that split on it", () => {
    // Prepare
    const finding = makeFinding({
      title: 'Dana Whitfield;=HYPERLINK("http://evil.example")',
      evidence: { displayName: "x; @SUM(A1:A2)" },
    });

    // Act
    const csv = renderFindingsCsv({ findings: [finding] });
    const rows = parseCsv(csv);
    const semicolonSplit = parse(csv, {
      delimiter: ";",
      relax_quotes: true,
      relax_column_count: true,
      quote: false,
    }) as string[][];

    // Assess
    expect(rows[1]?.[7]).toBe('Dana Whitfield;\'=HYPERLINK("http://evil.example")');
    expect(rows[1]?.[8]).toBe("displayName=x;' @SUM(A1:A2)");
    expect(csv).toContain('"Dana Whitfield;\'=HYPERLINK(""http://evil.example"")"');
    const cells = semicolonSplit.flat().map((cell) => cell.trimStart());
    expect(cells.filter((cell) => /^[=+\-@]/.test(cell))).toEqual([]);
  });

  it("streams one chunk per row and matches the string form", () => {
    // Prepare
    const result = makeScanResult({ findings: manyFindings(5_000) });

    // Act
    const chunks = [...findingsCsvChunks(result)];

    // Assess
    expect(chunks).toHaveLength(5_001);
    expect(chunks.join("")).toBe(renderFindingsCsv(result));
    expect(parseCsv(chunks.join(""))).toHaveLength(5_001);
  });
});
