import { describe, expect, it } from "vitest";
import { findingsJsonChunks, renderFindingsJson } from "../../reports/findings-json.ts";
import { makeFinding, makeScanResult, manyFindings } from "./fixtures.ts";

describe("renderFindingsJson", () => {
  it("writes the SPEC §6 document with schemaVersion 1", () => {
    // Prepare
    const result = makeScanResult({ ruleErrors: [{ rule: "stale-source", message: "TypeError: boom" }] });

    // Act
    const document = JSON.parse(renderFindingsJson(result));

    // Assess
    expect(Object.keys(document)).toEqual([
      "schemaVersion",
      "scanId",
      "organization",
      "evaluatedAt",
      "sources",
      "findings",
      "notEvaluated",
      "ruleErrors",
    ]);
    expect(document.schemaVersion).toBe(1);
    expect(document.scanId).toBe(result.scanId);
    expect(document.organization).toBe("Acme Corp");
    expect(document.evaluatedAt).toBe("2024-06-01T06:00:00.000Z");
    expect(document.sources[2]).toEqual({
      id: "slack",
      kind: "accounts",
      format: "scim",
      status: "ok",
      records: 400,
      rejected: 2,
      errors: ['slack-users.json: Resources[17].active: expected a boolean, got "maybe"'],
      warnings: [],
      suspect: null,
    });
    expect(document.findings).toEqual(result.findings);
    expect(document.notEvaluated).toEqual(result.notEvaluated);
    expect(document.ruleErrors).toEqual([{ rule: "stale-source", message: "TypeError: boom" }]);
  });

  it("writes each finding with its fields in a fixed order", () => {
    // Prepare
    const result = makeScanResult({ findings: [makeFinding()] });

    // Act
    const document = JSON.parse(renderFindingsJson(result));

    // Assess
    expect(Object.keys(document.findings[0])).toEqual([
      "id",
      "rule",
      "severity",
      "sourceId",
      "subject",
      "personId",
      "title",
      "evidence",
      "controls",
      "dependsOn",
    ]);
  });

  it("writes a finding's lifecycle status and first sighting after its fields, when it has them", () => {
    // Prepare
    const waived = {
      ...makeFinding(),
      status: "waived" as const,
      firstSeenAt: Date.parse("2026-11-02T07:00:00Z"),
    };
    const result = makeScanResult({ findings: [waived] });

    // Act
    const document = JSON.parse(renderFindingsJson(result));

    // Assess
    expect(Object.keys(document.findings[0]).slice(-3)).toEqual(["dependsOn", "status", "firstSeenAt"]);
    expect(document.findings[0]).toMatchObject({ status: "waived", firstSeenAt: "2026-11-02T07:00:00.000Z" });
  });

  it("is valid JSON with no findings", () => {
    // Act
    const document = JSON.parse(renderFindingsJson(makeScanResult({ findings: [] })));

    // Assess
    expect(document.findings).toEqual([]);
  });

  it("parses back for many findings, one finding per line", () => {
    // Prepare
    const findings = manyFindings(20_000);
    const result = makeScanResult({ findings });

    // Act
    const text = renderFindingsJson(result);

    // Assess
    const document = JSON.parse(text);
    expect(document.findings).toHaveLength(20_000);
    expect(document.findings[19_999].id).toBe(findings[19_999]?.id);
    const lines = text.split("\n");
    const first = lines.indexOf('"findings":[') + 1;
    const findingLines = lines.slice(first, lines.indexOf("],", first));
    expect(findingLines).toHaveLength(20_000);
    expect(JSON.parse(findingLines[0]?.replace(/,$/, "") ?? "")).toEqual(findings[0]);
  });

  it("streams chunks whose concatenation equals the string form", () => {
    // Prepare
    const result = makeScanResult();

    // Act
    const chunks = [...findingsJsonChunks(result)];

    // Assess
    expect(chunks.length).toBeGreaterThan(result.findings.length);
    expect(chunks.join("")).toBe(renderFindingsJson(result));
  });

  it("keeps hostile text intact as JSON strings", () => {
    // Prepare
    const title = '</script><script>alert(1)</script>"\n\u2028';
    const result = makeScanResult({ findings: [makeFinding({ title })] });

    // Act
    const document = JSON.parse(renderFindingsJson(result));

    // Assess
    expect(document.findings[0].title).toBe(title);
  });
});
