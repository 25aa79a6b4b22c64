import { describe, expect, it } from "vitest";
import type { ScanHistory, ScanResult, TimelineEvent } from "../../functions/scan/contract/scan-result.ts";
import { renderReportHtml } from "../../reports/report-html.ts";
import { makeFinding, makeScanResult } from "./fixtures.ts";

const SCRIPT = "<script>alert(1)</script>";
const BREAKOUT = `"><img src=x onerror=alert(1)>`;
const AMP = "Tom & Jerry";
const HOSTILE = `${SCRIPT}${BREAKOUT}${AMP}`;

/** Hostile text in every history field that reaches the page: names, labels, reasons, approvers, dates. */
function hostileHistory(findingId: string): ScanHistory {
  return {
    newFindingIds: [findingId],
    reopenedFindingIds: [],
    waiverExpiredFindingIds: [],
    waivedFindingIds: [],
    resolved: [
      {
        id: HOSTILE,
        rule: HOSTILE,
        severity: HOSTILE,
        sourceId: HOSTILE,
        subject: { type: HOSTILE, id: HOSTILE },
        personId: HOSTILE,
        firstSeenAt: HOSTILE,
        resolvedAt: HOSTILE,
      },
    ],
    trend: [
      { scanId: HOSTILE, evaluatedAt: HOSTILE, open: { critical: 1, [HOSTILE]: 3 }, new: 1, resolved: 1 },
      { scanId: HOSTILE, evaluatedAt: "2024-06-01T06:00:00.000Z", open: { high: 2 }, new: 0, resolved: 0 },
    ],
    sla: { departures: 2, withinSla: 1, compliancePercent: 50, disableWithinHours: 24, lookbackDays: 90 },
    waivers: [
      { findingId, rule: HOSTILE, reason: HOSTILE, approvedBy: HOSTILE, until: HOSTILE },
      {
        findingId: HOSTILE,
        rule: HOSTILE,
        reason: HOSTILE,
        approvedBy: HOSTILE,
        until: "2024-06-05T00:00:00Z",
      },
    ],
    timelines: [
      {
        personId: HOSTILE,
        name: HOSTILE,
        terminatedAt: HOSTILE,
        events: [
          { at: HOSTILE, kind: "terminated", label: HOSTILE },
          { at: null, kind: HOSTILE as TimelineEvent["kind"], label: HOSTILE, late: true },
          { at: "2024-05-02T00:00:00Z", kind: "account-disabled", label: HOSTILE, late: true },
        ],
      },
      { personId: `${BREAKOUT}-2`, terminatedAt: "2024-03-02T05:00:00Z", events: [] },
    ],
  };
}

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
    history: hostileHistory(finding.id),
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
    // titles, rule title/id/logic/control, finding fields, person fields, not-evaluated, rule errors, control map,
    // and from the history: new and resolved findings, trend dates, waivers, timeline names, labels and kinds.
    expect(places).toBeGreaterThanOrEqual(60);
  });
});

describe("renderReportHtml escaping of the scan history", () => {
  it("escapes names, labels, reasons and approvers, and keeps them visible", () => {
    // Prepare
    const result = hostileResult("2024-06-01T06:00:00.000Z", "America/New_York");
    const escaped =
      "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;Tom &amp; Jerry";

    // Act
    const page = renderReportHtml(result);

    // Assess
    expect(page).not.toMatch(/<script|<img/i);
    expect(page).not.toMatch(UNESCAPED_AMPERSAND);
    const timelines = page.slice(
      page.indexOf('<section id="timelines">'),
      page.indexOf('<section id="waivers">'),
    );
    const waivers = page.slice(
      page.indexOf('<section id="waivers">'),
      page.indexOf('<section id="sources">'),
    );
    const changes = page.slice(
      page.indexOf('<section id="changes">'),
      page.indexOf('<section id="by-rule">'),
    );
    // Name, person id, terminated at, event at, two labels, an unknown kind, the last label.
    expect(timelines.split(escaped).length - 1).toBeGreaterThanOrEqual(7);
    // Rule, reason, approver and expiry of one waiver; finding id, rule, reason and approver of the other.
    expect(waivers.split(escaped).length - 1).toBeGreaterThanOrEqual(8);
    // The resolved finding's fields.
    expect(changes.split(escaped).length - 1).toBeGreaterThanOrEqual(6);
  });
});
