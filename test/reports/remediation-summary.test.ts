import { describe, expect, it } from "vitest";
import type { TaskState } from "../../functions/core/tasks/tasks-after-sync.ts";
import type { RemediationSummary } from "../../functions/scan/contract/scan-result.ts";
import { summariseRemediation } from "../../reports/remediation-summary.ts";
import { renderReportHtml } from "../../reports/report-html.ts";
import { makeFinding, makeScanResult } from "./fixtures.ts";

const NOW = Date.parse("2024-06-01T06:00:00.000Z");
const DAY = 86_400_000;

const oktaGhost = makeFinding({ sourceId: "okta", subject: { type: "account", id: "00u1" } });
const slackGhost = makeFinding({ sourceId: "slack", subject: { type: "account", id: "U1" } });
const orphan = makeFinding({
  rule: "orphan-account",
  sourceId: "okta",
  subject: { type: "account", id: "00u9" },
});

function task(key: string, overrides: Partial<TaskState>): TaskState {
  return { key, status: "open", title: key, severity: "high", openedAt: NOW, findingIds: [], ...overrides };
}

describe("summariseRemediation", () => {
  it("counts open tasks by severity, by each system they touch and by age, and lists the oldest first", () => {
    // Prepare
    const tasks = [
      task("leaver:E1001", {
        severity: "critical",
        openedAt: NOW - 40 * DAY,
        findingIds: [oktaGhost.id, slackGhost.id],
        externalId: "SEC-7",
        url: "https://acme.atlassian.net/browse/SEC-7",
      }),
      task("system:okta", { openedAt: NOW - 40 * DAY, findingIds: [orphan.id], externalId: "SEC-9" }),
      task("leaver:E1002", { severity: "medium", findingIds: ["not-in-this-scan"] }),
      task("leaver:E0900", { status: "closed", openedAt: NOW - 90 * DAY, closedAt: NOW }),
      task("leaver:E0800", { status: "closed", openedAt: NOW - 90 * DAY, closedAt: NOW - DAY }),
    ];

    // Act
    const summary = summariseRemediation(
      { tasks, findings: [oktaGhost, slackGhost, orphan], evaluatedAt: NOW, sink: "jira", dryRun: false },
      2,
    );

    // Assess
    expect(summary).toMatchObject({
      sink: "jira",
      open: 3,
      openedByScan: 1,
      closedByScan: 1,
      bySeverity: { critical: 1, high: 1, medium: 1, low: 0 },
    });
    expect(summary.bySystem.map((g) => [g.key, g.total, g.bySeverity.critical])).toEqual([
      ["okta", 2, 1],
      ["slack", 1, 1],
    ]);
    expect(summary.byAge.map((g) => [g.key, g.total])).toEqual([
      ["< 7 days", 1],
      ["7–30 days", 0],
      ["30–90 days", 2],
      ["> 90 days", 0],
      ["unknown", 0],
    ]);
    expect(summary.oldest).toEqual([
      {
        key: "leaver:E1001",
        title: "leaver:E1001",
        severity: "critical",
        openedAt: "2024-04-22T06:00:00.000Z",
        findings: 2,
        externalId: "SEC-7",
        url: "https://acme.atlassian.net/browse/SEC-7",
      },
      {
        key: "system:okta",
        title: "system:okta",
        severity: "high",
        openedAt: "2024-04-22T06:00:00.000Z",
        findings: 1,
        externalId: "SEC-9",
      },
    ]);
  });
});

describe("report.html Remediation section", () => {
  const summary: RemediationSummary = {
    sink: "jira",
    dryRun: false,
    open: 3,
    openedByScan: 1,
    closedByScan: 2,
    bySeverity: { critical: 1, high: 2, medium: 0, low: 0 },
    bySystem: [{ key: "okta", total: 2, bySeverity: { critical: 1, high: 1, medium: 0, low: 0 } }],
    byAge: [{ key: "30–90 days", total: 3, bySeverity: { critical: 1, high: 2, medium: 0, low: 0 } }],
    oldest: [
      {
        key: "leaver:E1001",
        title: "Offboarding incomplete: <b>Dana</b> (E1001), 2 open findings",
        severity: "critical",
        openedAt: "2024-04-22T06:00:00.000Z",
        findings: 2,
        externalId: "SEC-7",
        url: "https://acme.atlassian.net/browse/SEC-7",
      },
      {
        key: "system:okta",
        title: "Unowned access in okta: 1 open finding",
        severity: "high",
        openedAt: "2024-04-23T06:00:00.000Z",
        findings: 1,
        externalId: "SEC-9",
        url: "javascript:alert(1)",
      },
    ],
  };

  function section(page: string): string {
    return page.slice(
      page.indexOf('<section id="remediation">'),
      page.indexOf("</section>", page.indexOf('id="remediation"')),
    );
  }

  it("gives the counts, the charts and the longest-open tasks, linking only web addresses", () => {
    // Act
    const html = section(renderReportHtml({ ...makeScanResult(), remediation: summary }));

    // Assess
    expect(html).toContain("Tasks in Jira after this scan");
    expect(html).toContain(
      "<strong>3 open tasks</strong> (1 critical, 2 high); this scan opened 1 and closed 2.",
    );
    expect(html).toContain('aria-labelledby="chart-task-system-title chart-task-system-desc"');
    expect(html).toContain('aria-labelledby="chart-task-age-title chart-task-age-desc"');
    expect(html).toContain('data-label="Open since">2024-04-22 02:00 EDT</td>');
    expect(html).toContain('data-label="Days open">40</td>');
    expect(html).toContain("Offboarding incomplete: &lt;b&gt;Dana&lt;/b&gt; (E1001)");
    expect(html).toContain('<a href="https://acme.atlassian.net/browse/SEC-7">SEC-7</a>');
    expect(html).not.toContain("javascript:");
    expect(html).toContain("<code>SEC-9</code>");
    expect(html).toContain("… and 1 more — see tasks.json and deprov tasks");
  });

  it("says when the tasks were only planned, when none is open, and when the scan synced none", () => {
    // Act
    const dryRun = section(
      renderReportHtml({ ...makeScanResult(), remediation: { ...summary, dryRun: true } }),
    );
    const none = section(
      renderReportHtml({
        ...makeScanResult(),
        remediation: { ...summary, open: 0, oldest: [], closedByScan: 4 },
      }),
    );
    const without = section(renderReportHtml(makeScanResult()));

    // Assess
    expect(dryRun).toContain(
      "<strong>Dry run:</strong> the tasks as this scan plans them in Jira; nothing was sent or stored.",
    );
    expect(none).toContain("<p>No open tasks; this scan closed 4 tasks.</p>");
    expect(without).toContain(
      "Remediation tasks are opened by the nightly scan's task step, which this scan did not run.",
    );
  });
});
