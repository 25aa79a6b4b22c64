import { describe, expect, it } from "vitest";
import { findingId, type Severity } from "../../../functions/core/finding.ts";
import type { ResolvedFinding } from "../../../functions/scan/contract/scan-result.ts";
import {
  COMPLIANCE_DIGEST_LIMITS,
  renderComplianceDigest,
} from "../../../reports/email/compliance-digest.ts";
import { makeFinding, makeHistory, makeScanResult, makeSource } from "../fixtures.ts";

/** Markup that must never appear in the plain-text part. */
const HTML_TAG =
  /<\/?(?:html|body|head|p|div|span|table|thead|tbody|tr|td|th|h[1-6]|ul|li|br|strong|em|code|a)\b/i;

const SEVERITY_ORDER: readonly Severity[] = ["low", "medium", "high", "critical"];

function resolvedFinding(i: number): ResolvedFinding {
  const subject = { type: "account", id: `00uresolved${String(i).padStart(4, "0")}` };
  return {
    id: findingId("ghost-account", "okta", { type: "account", id: subject.id }),
    rule: "ghost-account",
    severity: "high",
    sourceId: "okta",
    subject,
    personId: "E0987",
    firstSeenAt: "2024-05-20T06:00:00.000Z",
    resolvedAt: "2024-06-01T06:00:00.000Z",
  };
}

describe("renderComplianceDigest", () => {
  it("gives the headline numbers, what is new and what was resolved, in both parts", () => {
    // Prepare
    const result = makeScanResult({ history: makeHistory() });

    // Act
    const digest = renderComplianceDigest(result, {
      csvAttachment: "findings-20240601T060000Z-7f3a9c1e.csv",
      reportLink: "s3://acme-deprov-reports/reports/20240601T060000Z-7f3a9c1e/report.html",
    });

    // Assess
    expect(digest.subject).toBe("[deprov] Acme Corp: 1 critical, 2 high open — 2 new, 2 resolved");
    expect(digest.text).toContain("Open findings: 5");
    expect(digest.text).toContain("    critical: 1");
    expect(digest.text).toContain("New since the last scan: 2");
    expect(digest.text).toContain("Resolved since the last scan: 2");
    expect(digest.text).toContain("Offboarding SLA compliance: 75% (3 of 4 leavers disabled within 24 h)");
    expect(digest.text).toContain("Monthly license waste: $25.00");
    expect(digest.text).toContain("Devices outstanding: 1");
    expect(digest.text).toContain(
      "  - [critical] ghost-account · okta · account 00u9z8y7x6w5v4u3t2s1 · Ravi Menon (E1002)",
    );
    expect(digest.text).toContain("  - [high] unreturned-device · laptops · asset ASSET-00017 · E0987");
    // The evidence in words, not field names.
    expect(digest.text).toContain(
      [
        "    Paid seat with no login for 90 days",
        "      Cost: $12.50 a month (the system's price per seat)",
        "      Unused: never signed in; created 5 Feb 2024, 16:27 EST, 391 days ago (limit 90 days)",
        "      Matched by: employee id E2001",
      ].join("\n"),
    );
    expect(digest.html).toContain("Cost: $12.50 a month");
    expect(digest.text).not.toMatch(/monthlyCost|matchedBy/);
    for (const body of [digest.text, digest.html]) {
      expect(body).toContain("Acme Corp");
      expect(body).toContain("2024-06-01 02:00 EDT (America/New_York)");
      expect(body).toContain("20240601T060000Z-7f3a9c1e.csv");
      expect(body).toContain("s3://acme-deprov-reports/reports/20240601T060000Z-7f3a9c1e/report.html");
      expect(body).toContain("00u7k2m9p4q1r8s3t6v0");
      expect(body).toContain("Ravi Menon");
      expect(body).toContain("75%");
      expect(body).toContain("25.00");
    }
    expect(digest.html).toContain("New findings — 2");
    expect(digest.html).toContain("Resolved since the last scan — 2");
    expect(digest.text).not.toMatch(HTML_TAG);
  });

  it("puts failed sources, crashed rules and rules not evaluated first, and names them in the subject", () => {
    // Prepare
    const result = makeScanResult({
      history: makeHistory(),
      sources: [
        makeSource({ id: "hr", kind: "roster", format: "csv" }),
        makeSource({
          id: "gws",
          format: "google-workspace",
          status: "failed",
          records: 0,
          errors: ["gws-users.json: expected valid JSON: Unexpected end of JSON input at line 1812"],
        }),
      ],
      ruleErrors: [{ rule: "stale-credential", message: "TypeError: cannot read properties of undefined" }],
    });

    // Act
    const digest = renderComplianceDigest(result);

    // Assess
    expect(digest.subject).toBe(
      "[deprov] Acme Corp: 1 critical, 2 high open — 2 new, 2 resolved — 1 source failed",
    );
    const failedAt = digest.text.indexOf("!! 1 source FAILED.");
    expect(failedAt).toBeGreaterThan(0);
    expect(failedAt).toBeLessThan(digest.text.indexOf("SUMMARY"));
    expect(digest.text).toContain("findings that depend on them could not be resolved");
    expect(digest.text).toContain(
      "   - gws (accounts, google-workspace): gws-users.json: expected valid JSON: Unexpected end of JSON input at line 1812",
    );
    expect(digest.text).toContain("!! 1 rule failed to run: stale-credential.");
    expect(digest.text).toContain("  - dormant-account on laptops: source provides no lastLoginAt");
    const html = digest.html;
    expect(html.indexOf("1 source failed.")).toBeLessThan(html.indexOf(">Summary<"));
    expect(html.indexOf("Rules not evaluated (1)")).toBeLessThan(html.indexOf(">Summary<"));
    expect(html).toContain("stale-credential");
  });

  it("lists rules not evaluated once per rule and reason, with the sources they hold for", () => {
    // Prepare: three systems without disable times, one without last logins
    const reason = "source provides no disabledAt: cannot tell when accounts were disabled";
    const result = makeScanResult({
      history: makeHistory(),
      notEvaluated: [
        { rule: "late-disable", sourceId: "slack", reason },
        { rule: "late-disable", sourceId: "zoom", reason },
        { rule: "dormant-account", sourceId: "slack", reason: "source provides no lastLoginAt" },
        { rule: "late-disable", sourceId: "github", reason },
      ],
    });

    // Act
    const digest = renderComplianceDigest(result);

    // Assess
    const section = digest.text.slice(
      digest.text.indexOf("RULES NOT EVALUATED (4)"),
      digest.text.indexOf("SUMMARY"),
    );
    expect(section.trim().split("\n")).toEqual([
      "RULES NOT EVALUATED (4)",
      `  - late-disable on slack, zoom, github: ${reason}`,
      "  - dormant-account on slack: source provides no lastLoginAt",
    ]);
    expect(digest.html).toContain("slack, zoom, github");
  });

  it("names suspect sources with the numbers, first and in the subject", () => {
    // Prepare
    const result = makeScanResult({
      history: makeHistory(),
      sources: [
        makeSource({
          id: "slack",
          format: "scim",
          status: "suspect",
          records: 0,
          suspect: {
            reasons: ["returned 0 records where its last successful collection had 394"],
            previousRecords: 394,
            accepted: null,
          },
        }),
      ],
    });

    // Act
    const digest = renderComplianceDigest(result);

    // Assess
    expect(digest.subject).toContain("— 1 source suspect");
    expect(digest.text).toContain("!! 1 source SUSPECT.");
    expect(digest.text).toContain(
      "- slack (accounts, scim): returned 0 records where its last successful collection had 394",
    );
    expect(digest.text.indexOf("SUSPECT")).toBeLessThan(digest.text.indexOf("SUMMARY"));
    expect(digest.html).toContain("<strong>slack</strong> (accounts, scim): returned 0 records");
  });

  it("says first whose findings were kept open because the roster no longer shows their departure", () => {
    // Prepare
    const warning =
      "2 leavers of the last scan are no longer on the roster: E1 (last day 2026-10-01), E2 (last day 2026-10-03). Their findings stay open …";
    const result = makeScanResult({
      history: makeHistory(),
      vanishedDepartures: { sourceId: "hr", removed: 2, undated: 0, accepted: null, warnings: [warning] },
    });

    // Act
    const digest = renderComplianceDigest(result);

    // Assess
    expect(digest.text).toContain(
      "!! Findings of 2 leavers kept open: the roster (hr) no longer shows the departure the last scan read. " +
        "A row or date missing from an export is not evidence of a fix: none of their findings was resolved.",
    );
    expect(digest.text).toContain(`   - ${warning}`);
    expect(digest.text.indexOf("kept open")).toBeLessThan(digest.text.indexOf("SUMMARY"));
    expect(digest.html).toContain("<strong>Findings of 2 leavers kept open:</strong>");
    expect(digest.html).toContain("<li>2 leavers of the last scan are no longer on the roster: E1");
  });

  it("says who accepted the roster's change of departures", () => {
    // Prepare
    const result = makeScanResult({
      history: makeHistory(),
      vanishedDepartures: {
        sourceId: "hr",
        removed: 1,
        undated: 0,
        accepted: { by: "maria.lopez", reason: "retention purge" },
        warnings: [
          "1 leaver of the last scan is no longer on the roster: E1 (last day 2026-10-01). Accepted by …",
        ],
      },
    });

    // Act
    const digest = renderComplianceDigest(result);

    // Assess
    expect(digest.text).toContain(
      '1 leaver of the last scan no longer shown as departed by hr: accepted by maria.lopez ("retention purge"), so their findings could resolve.',
    );
    expect(digest.text).not.toContain("!! ");
  });

  it("lists at most 20 new findings, most severe first, and at most 10 resolved", () => {
    // Prepare
    const findings = Array.from({ length: 30 }, (_, i) =>
      makeFinding({
        severity: SEVERITY_ORDER[i % SEVERITY_ORDER.length] ?? "low",
        subject: { type: "account", id: `00unew${String(i).padStart(4, "0")}` },
        title: `New finding number ${i}`,
      }),
    );
    const resolved = Array.from({ length: 15 }, (_, i) => resolvedFinding(i));
    const result = makeScanResult({
      findings,
      history: makeHistory({ newFindingIds: findings.map((f) => f.id), resolved }),
    });

    // Act
    const digest = renderComplianceDigest(result);

    // Assess
    const listed = digest.text.split("\n").filter((line) => line.startsWith("  - ["));
    const newLines = listed.filter((line) => line.includes("00unew"));
    expect(newLines).toHaveLength(COMPLIANCE_DIGEST_LIMITS.newFindings);
    expect(newLines.slice(0, 7).every((line) => line.startsWith("  - [critical]"))).toBe(true);
    expect(newLines.some((line) => line.startsWith("  - [low]"))).toBe(false);
    expect(listed.filter((line) => line.includes("00uresolved"))).toHaveLength(
      COMPLIANCE_DIGEST_LIMITS.resolvedFindings,
    );
    for (const body of [digest.text, digest.html]) {
      expect(body).toContain("… and 10 more — see findings.csv");
      expect(body).toContain("… and 5 more — the audit trail records every resolution");
    }
    expect(digest.subject).toBe("[deprov] Acme Corp: 7 critical, 7 high open — 30 new, 15 resolved");
  });

  it("says the history is missing instead of showing zero new and resolved", () => {
    // Prepare
    const result = makeScanResult();

    // Act
    const digest = renderComplianceDigest(result);

    // Assess
    expect(digest.subject).toBe("[deprov] Acme Corp: 1 critical, 2 high open");
    expect(digest.text).toContain("New since the last scan: —");
    expect(digest.text).toContain("which this scan did not have");
    expect(digest.text).not.toContain("NEW FINDINGS");
    expect(digest.text).toContain("Every finding is in findings.csv, next to the full report.");
  });

  it("escapes roster and source text in the HTML and keeps it as written in the plain text", () => {
    // Prepare
    const script = "<script>alert(document.cookie)</script>";
    const result = makeScanResult({
      organization: "Acme <b>Corp</b>",
      history: makeHistory({
        newFindingIds: [
          makeFinding({
            subject: { type: "account", id: `00u${script}` },
            title: `Enabled account of ${script}`,
          }).id,
        ],
      }),
      findings: [
        makeFinding({
          subject: { type: "account", id: `00u${script}` },
          personId: "E1001",
          title: `Enabled account of ${script}`,
          evidence: { username: script },
        }),
      ],
      people: { E1001: { name: `Dana ${script}`, terminationDate: "2024-03-01" } },
      sources: [
        makeSource({
          id: "okta",
          status: "failed",
          errors: [`okta: ${script} & <img src=x onerror=alert(1)>`],
        }),
      ],
      notEvaluated: [{ rule: "dormant-account", sourceId: "okta", reason: `no lastLoginAt ${script}` }],
    });

    // Act
    const digest = renderComplianceDigest(result, { reportLink: "https://reports.acme.com/x?a=1&b=<i>" });

    // Assess
    expect(digest.html).not.toContain("<script");
    expect(digest.html).not.toContain("<img");
    expect(digest.html).not.toContain("<b>Corp");
    expect(digest.html).toContain("&lt;script&gt;alert(document.cookie)&lt;/script&gt;");
    expect(digest.html).toContain("Acme &lt;b&gt;Corp&lt;/b&gt;");
    expect(digest.html).toContain('href="https://reports.acme.com/x?a=1&amp;b=&lt;i&gt;"');
    expect(digest.text).toContain(`Dana ${script} (E1001)`);
    expect(digest.text).toContain(`account 00u${script}`);
  });

  it("produces email-safe HTML: inline styles only, no script, no stylesheet, nothing loaded from elsewhere", () => {
    // Prepare
    const result = makeScanResult({ history: makeHistory() });

    // Act
    const { html } = renderComplianceDigest(result, { reportLink: "file:///var/deprov/out/report.html" });

    // Assess
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toMatch(/<script|<style|<link|<img|<iframe|\bsrc=|\bclass=|url\(/i);
    expect(html).toContain("<table");
    expect(html).toContain('style="');
    expect(html).not.toContain('href="file:');
    expect(html).toContain("file:///var/deprov/out/report.html");
  });

  it("keeps the subject on one line whatever the organization name holds", () => {
    // Prepare
    const result = makeScanResult({ organization: "Acme\r\nBcc: attacker@example.com\u2028X" });

    // Act
    const digest = renderComplianceDigest(result);

    // Assess
    expect(digest.subject).toBe("[deprov] Acme Bcc: attacker@example.com X: 1 critical, 2 high open");
    expect(digest.subject).not.toMatch(/[\r\n\u2028]/);
  });
});
