import { describe, expect, it } from "vitest";
import { renderReportHtml } from "../../reports/report-html.ts";
import { makeFinding, makeScanResult, makeSource, manyFindings, manyPeople } from "./fixtures.ts";

describe("renderReportHtml", () => {
  it("is a self-contained page: inline CSS, no script, no external assets", () => {
    // Act
    const page = renderReportHtml(makeScanResult());

    // Assess
    expect(page.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(page).toContain('<meta name="viewport"');
    expect(page).toContain("@media print");
    expect(page).toContain("@media (max-width:640px)");
    expect(page).not.toMatch(/<script|<link|<img|src=|url\(|@import/i);
  });

  it("shows the header with the evaluation time in the org zone", () => {
    // Act
    const page = renderReportHtml(makeScanResult());

    // Assess
    expect(page).toContain("<h1>Deprovisioning audit — Acme Corp</h1>");
    expect(page).toContain("Evaluated 2024-06-01 02:00 EDT (America/New_York)");
    expect(page).toContain("<code>scan-2024-06-01T06:00:00Z-7f3a</code>");
  });

  it("shows the headline numbers", () => {
    // Act
    const page = renderReportHtml(makeScanResult());

    // Assess
    const card = (label: string) =>
      new RegExp(`<span class="value">([^<]*)</span><span class="label">${label}<`);
    expect(page.match(card("open findings"))?.[1]).toBe("5");
    expect(page.match(card("people affected"))?.[1]).toBe("3");
    expect(page.match(card("monthly license waste"))?.[1]).toBe("$25.00");
    expect(page.match(card("devices outstanding"))?.[1]).toBe("1");
    expect(page.match(card('<span class="sev sev-critical">critical</span>'))?.[1]).toBe("1");
  });

  it("shows evidence in words under labels, with instants in the org's zone", () => {
    // Act
    const page = renderReportHtml(makeScanResult());

    // Assess
    expect(page).toContain('<span class="muted">Last sign-in:</span> 19 Oct 2024, 01:18 EDT');
    expect(page).toContain('<span class="muted">Left:</span> 26 Oct 2024 (last day)');
    expect(page).toContain('<span class="muted">Cost:</span> $12.50 a month');
    expect(page).not.toMatch(/(lastLoginAt|terminationDate|monthlyCost):/);
  });

  it("shows money in the org's currency", () => {
    // Act
    const page = renderReportHtml({ ...makeScanResult(), currency: "EUR" });

    // Assess
    expect(page).toContain('<span class="value">€25.00</span><span class="label">monthly license waste<');
  });

  it("contains every section", () => {
    // Act
    const page = renderReportHtml(makeScanResult());

    // Assess
    for (const id of [
      "summary",
      "changes",
      "by-rule",
      "leavers",
      "timelines",
      "waivers",
      "sources",
      "not-evaluated",
      "rule-errors",
      "controls",
    ]) {
      expect(page).toContain(`<section id="${id}">`);
    }
    // Ageing, by rule, by system; the trend needs history (see report-html-history.test.ts).
    expect(page.match(/<svg /g)).toHaveLength(3);
    expect(page).toContain('<section id="charts" class="charts"');
    expect(page).toContain("Enabled account of departed person <code>ghost-account</code> — 2 findings");
    expect(page).toContain("Severity: critical if the account is privileged, else high.");
    expect(page).toContain('<h3>Dana Whitfield <span class="muted">(E1001)</span> — 3 findings</h3>');
    expect(page).toContain("terminated 2024-03-01");
    expect(page).not.toContain("(E2001)</span> — ");
    expect(page).toContain(
      '<td data-label="Rule"><code>dormant-account</code></td><td data-label="Source">laptops</td><td data-label="Reason">source provides no lastLoginAt</td>',
    );
    expect(page).toContain(
      '<td data-label="Rules not evaluated"><a href="#not-evaluated">dormant-account</a></td>',
    );
    expect(page).toContain('<td data-label="Exported at">2024-05-31 22:00 EDT</td>');
    expect(page).toContain(
      '<td data-label="Controls">SOC2 CC6.1, ISO27001 A.5.11, NIST PS-4, NIST CM-8</td>',
    );
    expect(page).toContain(
      '<td class="nowrap" data-label="Control">SOC2 CC6.2</td><td class="num" data-label="Open findings">4</td>',
    );
  });

  it("shows source errors, capped per source, and lists the rejected records with their file, line, field and reason", () => {
    // Prepare
    const errors = Array.from(
      { length: 5 },
      (_, i) => `hr.csv: line ${i + 2}: field "Employee #": expected a value`,
    );
    const result = makeScanResult({ sources: [makeSource({ id: "hr", rejected: 40, errors })] });

    // Act
    const page = renderReportHtml(result);

    // Assess
    const coverage = page.slice(
      page.indexOf('<section id="sources">'),
      page.indexOf('<section id="records">'),
    );
    expect(coverage).toContain("hr.csv: line 4: field &quot;Employee #&quot;: expected a value");
    expect(coverage).not.toContain("line 5:");
    expect(coverage).toContain("… and 37 more");
    const records = page.slice(
      page.indexOf('<section id="records">'),
      page.indexOf('<section id="not-evaluated">'),
    );
    expect(records).toContain("40 rejected records");
    expect(records).toContain("hr.csv: line 6: field &quot;Employee #&quot;: expected a value");
    expect(records).toContain("… and 35 more");
  });

  it("warns prominently when a rule crashed or a source failed", () => {
    // Prepare
    const result = makeScanResult({
      sources: [
        makeSource({ id: "okta", status: "failed", records: 0, errors: ["okta-users.json: not valid JSON"] }),
      ],
      ruleErrors: [{ rule: "stale-credential", message: "TypeError: Cannot read properties of undefined" }],
    });

    // Act
    const page = renderReportHtml(result);

    // Assess
    const beforeSummary = page.slice(0, page.indexOf('<section id="summary">'));
    expect(beforeSummary).toContain(
      "<strong>Scan incomplete:</strong> 1 rule(s) failed to run (stale-credential)",
    );
    expect(beforeSummary).toContain("<strong>Source(s) failed:</strong> okta.");
    expect(page).toContain(
      '<td data-label="Rule"><code>stale-credential</code></td><td data-label="Error">TypeError: Cannot read properties of undefined</td>',
    );
    expect(page).toContain('<td class="status-failed" data-label="Status">failed</td>');
  });

  it("says so when nothing is missing", () => {
    // Act
    const page = renderReportHtml(makeScanResult({ notEvaluated: [] }));

    // Assess
    expect(page).toContain("None: every rule ran to completion.");
    expect(page).toContain("Every rule was evaluated on every source it applies to.");
    expect(page).not.toContain('role="alert"');
  });

  it("caps the findings listed per rule and points to findings.csv", () => {
    // Prepare
    const findings = Array.from({ length: 60 }, (_, i) =>
      makeFinding({ subject: { type: "account", id: `acct-${i}` } }),
    );

    // Act
    const page = renderReportHtml(makeScanResult({ findings }));

    // Assess
    const ruleSection = page.slice(
      page.indexOf('<section id="by-rule">'),
      page.indexOf('<section id="leavers">'),
    );
    expect(ruleSection.match(/<tr><td data-label="Severity"><span class="sev/g)).toHaveLength(50);
    expect(ruleSection).toContain("… and 10 more — see findings.csv");
  });

  it("stays small at 200,000 findings", () => {
    // Prepare
    const result = makeScanResult({ findings: manyFindings(200_000), people: manyPeople() });

    // Act
    const page = renderReportHtml(result);

    // Assess
    expect(page.length).toBeLessThan(2_000_000);
    expect(page).toContain('200,000</span><span class="label">open findings');
    expect(page).toContain("more — see findings.csv");
    expect(page).toContain("… and 59,900 more leavers — see findings.csv");
  });
});
