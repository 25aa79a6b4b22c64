import { describe, expect, it } from "vitest";
import { renderReportHtml } from "../../reports/report-html.ts";
import type { ScanResult } from "../../reports/scan-result.ts";
import { makeFinding, makeScanResult } from "./fixtures.ts";

const SCRIPT = "<script>alert(1)</script>";
const BREAKOUT = `"><img src=x onerror=alert(1)>`;
const AMP = "Tom & Jerry";
const HOSTILE = `${SCRIPT}${BREAKOUT}${AMP}`;

/** Hostile text in every field of every kind that reaches the page. */
function hostileResult(evaluatedAt: string, timezone: string): ScanResult {
  const finding = makeFinding({
    id: HOSTILE,
    rule: HOSTILE,
    sourceId: HOSTILE,
    subject: { type: "account", id: HOSTILE },
    personId: HOSTILE,
    title: HOSTILE,
    evidence: { [HOSTILE]: HOSTILE, groups: [SCRIPT, BREAKOUT, AMP], note: BREAKOUT },
    controls: [HOSTILE],
    dependsOn: [HOSTILE],
  });
  const unnamed = makeFinding({ rule: "ghost-account", personId: `${BREAKOUT}-2`, sourceId: AMP });
  return makeScanResult({
    scanId: HOSTILE,
    organization: HOSTILE,
    evaluatedAt,
    timezone,
    sources: [
      {
        id: HOSTILE,
        kind: HOSTILE,
        format: HOSTILE,
        status: "failed",
        records: 0,
        rejected: 2,
        errors: [HOSTILE, SCRIPT],
        durationMs: 1,
        exportedAt: HOSTILE,
      },
    ],
    rules: [
      { id: HOSTILE, title: HOSTILE, severityLogic: HOSTILE, controls: [HOSTILE, AMP], rationale: HOSTILE },
    ],
    findings: [finding, unnamed],
    notEvaluated: [{ rule: HOSTILE, sourceId: HOSTILE, reason: HOSTILE }],
    ruleErrors: [{ rule: HOSTILE, message: HOSTILE }],
    people: {
      [HOSTILE]: {
        name: HOSTILE,
        email: HOSTILE,
        department: HOSTILE,
        managerId: HOSTILE,
        terminationDate: HOSTILE,
      },
      [`${BREAKOUT}-2`]: { email: SCRIPT, terminationDate: "2024-03-01" },
    },
  });
}

const UNESCAPED_AMPERSAND = /&(?!(?:amp|lt|gt|quot|#39);)/;

describe("renderReportHtml escaping", () => {
  it.each([
    ["a hostile evaluatedAt and time zone", HOSTILE, HOSTILE],
    ["a real evaluatedAt and time zone", "2024-06-01T06:00:00.000Z", "America/New_York"],
  ])("lets no source text through unescaped, with %s", (_, evaluatedAt, timezone) => {
    // Prepare
    const result = hostileResult(evaluatedAt, timezone);

    // Act
    const page = renderReportHtml(result);

    // Assess
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/<img/i);
    expect(page).not.toContain('"><img');
    expect(page).not.toMatch(UNESCAPED_AMPERSAND);
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(page).toContain("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
    expect(page).toContain("Tom &amp; Jerry");
  });

  it("shows the hostile text, escaped, in each place it appears", () => {
    // Prepare
    const result = hostileResult(HOSTILE, HOSTILE);
    const escaped =
      "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;Tom &amp; Jerry";

    // Act
    const page = renderReportHtml(result);

    // Assess
    const places = page.split(escaped).length - 1;
    // organization ×2, scan id, evaluated at ×2, source id/kind/format/error/exportedAt, chart labels and
    // titles, rule title/id/logic/control, finding fields, person fields, not-evaluated, rule errors, control map.
    expect(places).toBeGreaterThanOrEqual(30);
  });
});
