/** "What changed since the last scan": the new and resolved findings a reviewer checks each morning. */
import { formatCount, formatInstantShort } from "./format.ts";
import { html, joinHtml, type SafeHtml } from "./html.ts";
import { summariseChanges } from "./report-changes.ts";
import { keyEvidence, moreNotice, personLabel, severityBadge } from "./report-html-parts.ts";
import type { ReportLimits } from "./report-limits.ts";
import type { ReportFinding, ResolvedFinding, ScanResult } from "./scan-result.ts";

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
<h3 id="resolved-findings">Resolved findings — ${formatCount(changes.resolvedCount)}</h3>
${changes.resolvedCount === 0 ? html`<p>No findings were resolved.</p>` : resolvedTable(changes.resolvedTop, result)}
${moreNotice(changes.resolvedCount, changes.resolvedTop.length, "the audit trail records every resolution")}
</section>`;
}

function newTable(findings: readonly ReportFinding[], result: ScanResult, limits: ReportLimits): SafeHtml {
  const rows = findings.map(
    (finding) =>
      html`<tr><td>${severityBadge(finding.severity)}</td><td><code>${finding.rule}</code></td><td>${finding.sourceId}</td><td>${finding.subject.type}: ${finding.subject.id}</td><td>${personLabel(finding.personId, result)}</td><td>${finding.title}</td><td>${keyEvidence(finding, limits)}</td></tr>`,
  );
  return html`<div class="table-wrap"><table><thead><tr><th>Severity</th><th>Rule</th><th>Source</th><th>Subject</th><th>Person</th><th>Finding</th><th>Key evidence</th></tr></thead>
<tbody>${joinHtml(rows, "\n")}</tbody></table></div>`;
}

function resolvedTable(findings: readonly ResolvedFinding[], result: ScanResult): SafeHtml {
  const rows = findings.map(
    (finding) =>
      html`<tr><td>${severityBadge(finding.severity)}</td><td><code>${finding.rule}</code></td><td>${finding.sourceId}</td><td>${finding.subject.type}: ${finding.subject.id}</td><td>${personLabel(finding.personId, result)}</td><td>${formatInstantShort(finding.firstSeenAt, result.timezone)}</td><td>${formatInstantShort(finding.resolvedAt, result.timezone)}</td></tr>`,
  );
  return html`<p class="muted">Most severe first. A finding resolves only when every source it depends on was read successfully in this scan.</p>
<div class="table-wrap"><table><thead><tr><th>Severity</th><th>Rule</th><th>Source</th><th>Subject</th><th>Person</th><th>First seen</th><th>Resolved</th></tr></thead>
<tbody>${joinHtml(rows, "\n")}</tbody></table></div>`;
}
