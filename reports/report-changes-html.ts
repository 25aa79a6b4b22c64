/** "What changed since the last scan": the new and resolved findings a reviewer checks each morning. */

import type { ReportFinding, ResolvedFinding, ScanResult } from "../functions/scan/contract/scan-result.ts";
import { html, type SafeHtml } from "../functions/shared/html.ts";
import { formatCount, formatInstantShort } from "./format.ts";
import { summariseChanges } from "./report-changes.ts";
import { dataTable, keyEvidence, moreNotice, personLabel, subjectText } from "./report-html-parts.ts";
import type { ReportLimits } from "./report-limits.ts";
import { severityBadge } from "./severity-badge.ts";

export function renderChanges(result: ScanResult, limits: ReportLimits): SafeHtml {
  const { history } = result;
  if (history === undefined) {
    return html`<section id="changes"><h2>What changed</h2><p class="note">— New and resolved findings come from the scan history, which this scan did not have.</p></section>`;
  }
  const changes = summariseChanges(result.findings, history, limits.changedFindings);
  return html`<section id="changes"><h2>What changed since the last scan</h2>
<h3 id="new-findings">New findings — ${formatCount(changes.newCount)}</h3>
${changes.newCount === 0 ? html`<p>No new findings.</p>` : newTable(changes.newTop, result, limits)}
${moreNotice(changes.newCount, changes.newTop.length)}
${againSection("reopened-findings", "Reopened findings", changes.reopenedCount, changes.reopenedTop, result, limits, "Resolved before, seen again since.")}
${againSection("waiver-expired-findings", "Waivers expired", changes.waiverExpiredCount, changes.waiverExpiredTop, result, limits, "Their waiver ran out: they are open again.")}
${changes.waivedCount === 0 ? "" : html`<p class="muted">${formatCount(changes.waivedCount)} ${changes.waivedCount === 1 ? "finding was" : "findings were"} waived since the last scan (see Waivers).</p>`}
<h3 id="resolved-findings">Resolved findings — ${formatCount(changes.resolvedCount)}</h3>
${changes.resolvedCount === 0 ? html`<p>No findings were resolved.</p>` : resolvedTable(changes.resolvedTop, result)}
${moreNotice(changes.resolvedCount, changes.resolvedTop.length, "the audit trail records every resolution")}
</section>`;
}

/**
 * Findings open again, under their own heading rather than among the new ones: the CLI and the
 * audit trail count them apart, and a reviewer reads "came back" differently from "appeared".
 * Left out when there are none, as most nights have none.
 */
function againSection(
  id: string,
  title: string,
  count: number,
  top: readonly ReportFinding[],
  result: ScanResult,
  limits: ReportLimits,
  meaning: string,
): SafeHtml | "" {
  if (count === 0) return "";
  return html`<h3 id="${id}">${title} — ${formatCount(count)}</h3>
<p class="muted">${meaning}</p>
${newTable(top, result, limits)}
${moreNotice(count, top.length)}`;
}

function newTable(findings: readonly ReportFinding[], result: ScanResult, limits: ReportLimits): SafeHtml {
  const rows = findings.map((finding) => [
    severityBadge(finding.severity, "class"),
    html`<code>${finding.rule}</code>`,
    finding.sourceId,
    subjectText(finding.subject),
    personLabel(finding.personId, result),
    finding.title,
    keyEvidence(finding, result, limits),
  ]);
  return dataTable(
    ["Severity", "Rule", "Source", "Subject", "Person", "Finding", "Key evidence"].map((label) => ({
      label,
    })),
    rows,
  );
}

function resolvedTable(findings: readonly ResolvedFinding[], result: ScanResult): SafeHtml {
  const rows = findings.map((finding) => [
    severityBadge(finding.severity, "class"),
    html`<code>${finding.rule}</code>`,
    finding.sourceId,
    subjectText(finding.subject),
    personLabel(finding.personId, result),
    formatInstantShort(finding.firstSeenAt, result.timezone),
    formatInstantShort(finding.resolvedAt, result.timezone),
  ]);
  return html`<p class="muted">Most severe first. A finding resolves only when every source it depends on was read successfully in this scan.</p>
${dataTable(
  ["Severity", "Rule", "Source", "Subject", "Person", "First seen", "Resolved"].map((label) => ({ label })),
  rows,
)}`;
}
