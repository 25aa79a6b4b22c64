/** report.html sections that read the scan history: headline deltas, trend, what changed, timelines, waivers. */
import { describe, expect, it } from "vitest";
import type { ReportFinding, ScanResult } from "../../functions/scan/contract/scan-result.ts";
import { renderReportHtml } from "../../reports/report-html.ts";
import { makeFinding, makeHistory, makeScanResult } from "./fixtures.ts";

const NOW = Date.parse("2024-06-01T06:00:00.000Z");
const DAY = 24 * 60 * 60 * 1000;

function cardValue(page: string, label: string): string | undefined {
  return page.match(new RegExp(`<span class="value">([^<]*)</span><span class="label">${label}<`))?.[1];
}

function section(page: string, id: string): string {
  const start = page.indexOf(`<section id="${id}"`);
  return page.slice(start, page.indexOf("</section>", start));
}

function withHistory(overrides: Partial<ScanResult> = {}): ScanResult {
  return makeScanResult({ history: makeHistory(), ...overrides });
}

describe("renderReportHtml with scan history", () => {
  it("shows new, resolved and SLA compliance in the headline", () => {
    // Act
    const page = renderReportHtml(withHistory());

    // Assess
    expect(cardValue(page, "new since last scan")).toBe("2");
    expect(cardValue(page, "resolved since last scan")).toBe("2");
    expect(cardValue(page, "SLA compliance")).toBe("75%");
    expect(page).toContain("3 of 4 leavers fully disabled within 24 h (last 90 days)");
    expect(page).not.toContain("which this scan did not have");
  });

  it("shows an SLA without departures as a dash, not as 0% or 100%", () => {
    // Prepare
    const history = makeHistory({
      sla: { departures: 0, withinSla: 0, compliancePercent: null, disableWithinHours: 24, lookbackDays: 90 },
    });

    // Act
    const page = renderReportHtml(makeScanResult({ history }));

    // Assess
    expect(cardValue(page, "SLA compliance")).toBe("—");
    expect(page).toContain("no departures in the last 90 days");
  });

  it("draws the trend chart", () => {
    // Act
    const page = renderReportHtml(withHistory());

    // Assess
    expect(page.match(/<svg /g)).toHaveLength(4);
    expect(page).toContain('<title id="chart-trend-title">Open and waived findings after each scan');
    expect(page).toContain("4 scans from 2024-05-29 to 2024-06-01.");
  });

  it("lists what changed: new findings most severe first, resolved ones with when they were first seen", () => {
    // Act
    const changes = section(renderReportHtml(withHistory()), "changes");

    // Assess
    expect(changes).toContain("New findings — 2");
    expect(changes.indexOf("00u9z8y7x6w5v4u3t2s1")).toBeLessThan(changes.indexOf("W045B6FGH"));
    expect(changes).toContain("Resolved findings — 2");
    expect(changes).toContain('<td data-label="Subject">asset: ASSET-00017</td>');
    expect(changes).toContain('<td data-label="First seen">2024-05-02 02:00 EDT</td>');
    expect(changes).not.toContain("more —");
  });

  it("caps what changed at 50 rows each and says where the rest are", () => {
    // Prepare
    const findings = Array.from({ length: 60 }, (_, i) =>
      makeFinding({ subject: { type: "account", id: `acct-${i}` } }),
    );
    const resolved = Array.from({ length: 55 }, (_, i) => ({
      ...(makeHistory().resolved[0] as NonNullable<ReturnType<typeof makeHistory>["resolved"][0]>),
      id: `r-${i}`,
    }));
    const history = makeHistory({ newFindingIds: findings.map((f) => f.id), resolved });

    // Act
    const changes = section(renderReportHtml(makeScanResult({ findings, history })), "changes");

    // Assess
    expect(changes.match(/<tr><td data-label="Severity">/g)).toHaveLength(100);
    expect(changes).toContain("… and 10 more — see findings.csv");
    expect(changes).toContain("… and 5 more — the audit trail records every resolution");
  });

  it("shows each leaver's timeline in time order, late steps flagged and outstanding ones last", () => {
    // Act
    const page = renderReportHtml(withHistory());
    const timelines = section(page, "timelines");

    // Assess
    expect(timelines).toContain('<article class="timeline-card" id="timeline-0">');
    expect(timelines).toContain('<h3>Ravi Menon <span class="muted">(E1002)</span></h3>');
    expect(timelines).toContain("terminated 2024-05-16 00:00 EDT · 2 outstanding");
    const order = [
      "Offboarding ticket requested",
      "Terminated",
      "Account disabled",
      "Account still enabled",
      "No offboarding ticket",
    ].map((text) => timelines.indexOf(`<span class="what">${text}`));
    expect(order.every((index) => index > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(timelines).toContain('2024-05-14 09:12 EDT <span class="muted">−38 h</span>');
    expect(timelines).toContain('2024-05-16 11:40 EDT <span class="muted">+11 h</span>');
    expect(timelines).toContain(
      '<li class="ev ev-outstanding"><span class="when">not yet</span><span class="what">Account still enabled <span class="flag flag-late">overdue</span></span><span class="label">okta: ravi.menon@acme.com</span></li>',
    );
    // The leaver's findings link to their timeline.
    expect(section(page, "leavers")).toContain('<a href="#timeline-0">timeline</a>');
  });

  it("flags late steps that did happen", () => {
    // Prepare
    const history = makeHistory({
      timelines: [
        {
          personId: "E1001",
          terminatedAt: "2024-03-02T05:00:00.000Z",
          events: [
            { at: "2024-03-05T05:00:00.000Z", kind: "account-disabled", label: "okta: dana", late: true },
          ],
        },
      ],
    });

    // Act
    const timelines = section(renderReportHtml(makeScanResult({ history })), "timelines");

    // Assess
    expect(timelines).toContain('<h3>Dana Whitfield <span class="muted">(E1001)</span></h3>');
    expect(timelines).toContain(
      '<li class="ev ev-late"><span class="when">2024-03-05 00:00 EST <span class="muted">+3 d</span></span><span class="what">Account disabled <span class="flag flag-late">late</span></span>',
    );
  });

  it("lists waivers soonest expiry first, highlighting those that expire within 14 days", () => {
    // Prepare
    const base = makeHistory().waivers[0];
    if (base === undefined) throw new Error("fixture has a waiver");
    const history = makeHistory({
      waivers: [{ ...base, findingId: "later", until: new Date(NOW + 60 * DAY).toISOString() }, base],
    });

    // Act
    const waivers = section(renderReportHtml(makeScanResult({ history })), "waivers");

    // Assess
    expect(waivers).toContain("2 active waivers; <strong>1 expire within 14 days</strong> (highlighted)");
    expect(waivers.indexOf('<tr class="expiring">')).toBeGreaterThan(0);
    expect(waivers.match(/<tr class="expiring">/g)).toHaveLength(1);
    expect(waivers.indexOf("in 6 days")).toBeLessThan(waivers.indexOf("in 60 days"));
    expect(waivers).toContain("slack · account: W012A3CDE<br>Dana Whitfield");
    expect(waivers).toContain("Seat kept for the legal hold on Dana&#39;s messages (case LH-2024-07)");
    expect(waivers).toContain('<td data-label="Approved by">maria.gonzalez@acme.com</td>');
  });

  it("keeps waived findings out of the open numbers and says how many there are", () => {
    // Prepare
    const findings: ReportFinding[] = makeScanResult().findings.map((finding) =>
      finding.rule === "ghost-account" && finding.severity === "high"
        ? { ...finding, status: "waived", firstSeenAt: NOW - 40 * DAY, lastSeenAt: NOW }
        : { ...finding, status: "open", firstSeenAt: NOW - 2 * DAY, lastSeenAt: NOW },
    );

    // Act
    const page = renderReportHtml(makeScanResult({ findings, history: makeHistory() }));

    // Assess
    expect(cardValue(page, "open findings")).toBe("4");
    expect(cardValue(page, "waived")).toBe("1");
    expect(page).toContain(
      '<code>ghost-account</code> — 1 finding <span class="muted">(+ 1 waived)</span></h3>',
    );
    expect(page).toContain("<title>&lt; 7 days: 4 (1 critical, 1 high, 2 low)</title>");
    expect(page).not.toContain("<title>unknown:");
  });
});

describe("renderReportHtml without scan history", () => {
  it("still renders every section, with a dash and a note where history is needed", () => {
    // Act
    const page = renderReportHtml(makeScanResult());

    // Assess
    expect(cardValue(page, "new since last scan")).toBe("—");
    expect(cardValue(page, "resolved since last scan")).toBe("—");
    expect(cardValue(page, "SLA compliance")).toBe("—");
    expect(page).toContain(
      "New, resolved and SLA compliance come from the scan history, which this scan did not have",
    );
    expect(page).toContain("The trend comes from the scan history");
    expect(section(page, "changes")).toContain("New and resolved findings come from the scan history");
    expect(section(page, "timelines")).toContain("Timelines come from the scan history");
    expect(section(page, "waivers")).toContain("Waiver details come from the scan history");
    expect(cardValue(page, "monthly license waste")).toBe("$25.00");
    expect(page).toContain("<title>unknown: 5 (1 critical, 2 high, 2 low)</title>");
  });
});
