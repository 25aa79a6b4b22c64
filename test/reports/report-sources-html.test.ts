import { describe, expect, it } from "vitest";
import { renderFindingsJson } from "../../reports/findings-json.ts";
import { renderReportHtml } from "../../reports/report-html.ts";
import { makeScanResult, makeSource } from "./fixtures.ts";

const SUSPECT = {
  reasons: [
    "shrank by 50.0% (from 394 to 197 records) since its last successful collection, more than maxSourceShrinkPercent (20%)",
  ],
  previousRecords: 394,
  accepted: null,
};

describe("suspect sources, accepted changes and warnings in the outputs", () => {
  it("report.html warns about a suspect source before the summary, with its reasons, and says how to accept", () => {
    // Prepare
    const result = makeScanResult({
      sources: [makeSource({ id: "slack", status: "suspect", records: 197, suspect: SUSPECT })],
    });

    // Act
    const page = renderReportHtml(result);

    // Assess
    const beforeSummary = page.slice(0, page.indexOf('<section id="summary">'));
    expect(beforeSummary).toContain("1 source suspect:</strong> slack");
    expect(beforeSummary).toContain("shrank by 50.0% (from 394 to 197 records)");
    expect(beforeSummary).toContain("deprov scan --accept-source-change SOURCE --by WHO --reason TEXT");
    expect(page).toContain('class="status-suspect"');
  });

  it("report.html records an accepted change with who accepted it and why, escaped", () => {
    // Prepare
    const accepted = { ...SUSPECT, accepted: { by: "maria<script>", reason: "cleanup & migration" } };
    const result = makeScanResult({
      sources: [makeSource({ id: "slack", status: "ok", suspect: accepted })],
    });

    // Act
    const page = renderReportHtml(result);

    // Assess
    expect(page).toContain("accepted by maria&lt;script&gt;: “cleanup &amp; migration”");
    expect(page).not.toContain("<script>");
  });

  it("report.html says before the summary whose findings were kept open because the roster lost their departure", () => {
    // Prepare
    const warning =
      "2 leavers of the last scan are no longer on the roster: E1 (last day 2026-10-01), E2 (last day 2026-10-03). Their findings stay open until …";
    const result = makeScanResult({
      vanishedDepartures: {
        sourceId: "hr",
        removed: 2,
        undated: 1,
        accepted: null,
        warnings: [warning, "1 leaver …"],
      },
    });

    // Act
    const page = renderReportHtml(result);

    // Assess
    const beforeSummary = page.slice(0, page.indexOf('<section id="summary">'));
    expect(beforeSummary).toContain(
      '<div class="alert" role="alert"><strong>Findings of 3 leavers kept open:</strong>',
    );
    expect(beforeSummary).toContain("none of their findings was resolved");
    expect(beforeSummary).toContain("E2 (last day 2026-10-03)");
  });

  it("report.html records who accepted the roster's change of departures, escaped", () => {
    // Prepare
    const result = makeScanResult({
      vanishedDepartures: {
        sourceId: "hr",
        removed: 1,
        undated: 0,
        accepted: { by: "maria<b>", reason: "purge & archive" },
        warnings: [
          "1 leaver of the last scan is no longer on the roster: E1 (last day 2026-10-01). Accepted by …",
        ],
      },
    });

    // Act
    const page = renderReportHtml(result);

    // Assess
    expect(page).toContain(
      '<div class="note"><strong>1 leaver of the last scan no longer shown as departed by hr:</strong>',
    );
    expect(page).toContain("accepted by maria&lt;b&gt; (“purge &amp; archive”)");
    expect(page).not.toContain("kept open:");
  });

  it("report.html lists each source's warnings next to its rejected records", () => {
    // Prepare
    const warnings = [
      'hr.csv: line 4, line 9 (2 records): field "Status": unknown status "Sabbatical 2" on 2 records',
    ];
    const result = makeScanResult({
      sources: [makeSource({ id: "hr", kind: "roster", warnings, warningCount: 2 })],
    });

    // Act
    const page = renderReportHtml(result);

    // Assess
    const records = page.slice(page.indexOf('<section id="records">'));
    expect(records).toContain("2 warnings");
    expect(records).toContain("unknown status &quot;Sabbatical 2&quot; on 2 records");
  });

  it("findings.json gives a suspect source its status, its numbers and whether it was accepted", () => {
    // Prepare
    const result = makeScanResult({
      sources: [
        makeSource({ id: "slack", status: "suspect", records: 197, suspect: SUSPECT, warnings: ["w"] }),
      ],
    });

    // Act
    const document = JSON.parse(renderFindingsJson(result)) as { schemaVersion: number; sources: unknown[] };

    // Assess
    expect(document.schemaVersion).toBe(1);
    expect(document.sources[0]).toMatchObject({
      id: "slack",
      status: "suspect",
      records: 197,
      warnings: ["w"],
      suspect: SUSPECT,
    });
  });
});
