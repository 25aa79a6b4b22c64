/**
 * report.html: one self-contained page for compliance officers (inline CSS, inline SVG, no
 * script, no external assets). It summarises and caps every list so it stays small at
 * six-figure finding counts; findings.csv and findings.json hold everything. All roster and
 * source text goes through the auto-escaping `html` tag.
 */

import type { ScanResult, SourceSummary } from "../functions/scan/contract/scan-result.ts";
import { html, joinHtml, SafeHtml } from "../functions/shared/html.ts";
import { formatCount, formatDuration, formatInstantInZone, formatInstantShort, truncate } from "./format.ts";
import { renderChanges } from "./report-changes-html.ts";
import { renderHeadline } from "./report-headline.ts";
import {
  type Column,
  dataTable,
  keyEvidence,
  listPreview,
  moreNotice,
  personLabel,
  plural,
  subjectText,
} from "./report-html-parts.ts";
import { DEFAULT_REPORT_LIMITS, type ReportLimits, WARNING_CHARS } from "./report-limits.ts";
import { renderRemediation } from "./report-remediation-html.ts";
import {
  renderSourceRecords,
  renderSuspectSources,
  renderVanishedDepartures,
} from "./report-sources-html.ts";
import { REPORT_CSS } from "./report-style.ts";
import { type LeaverGroup, type ReportSummary, type RuleGroup, summariseScan } from "./report-summary.ts";
import { renderTimelines, shownTimelines, timelineAnchor } from "./report-timelines-html.ts";
import { renderWaivers } from "./report-waivers-html.ts";
import { severityBadge } from "./severity-badge.ts";
import { renderBarChart } from "./svg-bar-chart.ts";
import { renderTrendChart } from "./svg-trend-chart.ts";

export { DEFAULT_REPORT_LIMITS, type ReportLimits } from "./report-limits.ts";

// Defence in depth: even if some text escaped escaping, a browser would run no script and load nothing.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

export function renderReportHtml(result: ScanResult, limits: ReportLimits = DEFAULT_REPORT_LIMITS): string {
  const summary = summariseScan(result, limits);
  const evaluatedAt = formatInstantInZone(result.evaluatedAt, result.timezone);
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>Deprovisioning audit — ${result.organization} — ${evaluatedAt}</title>
<style>${new SafeHtml(REPORT_CSS)}</style>
</head>
<body>
<main>
<header>
<h1>Deprovisioning audit — ${result.organization}</h1>
<p class="meta">Evaluated ${evaluatedAt} · Scan <code>${result.scanId}</code></p>
</header>
${contents()}
${incompleteWarnings(result)}
${renderSuspectSources(result)}
${renderVanishedDepartures(result)}
${renderHeadline(summary, result.history, result.currency)}
${charts(summary, result)}
${renderChanges(result, limits)}
${findingsByRule(summary, result, limits)}
${leavers(summary, result, limits)}
${renderTimelines(result, limits)}
${renderRemediation(result)}
${renderWaivers(result, summary.waived, limits)}
${sourceCoverage(result, limits)}
${renderSourceRecords(result, limits)}
${notEvaluated(result, limits)}
${ruleErrors(result)}
${controlMapping(result, summary)}
<footer><p class="muted">Full lists: <code>findings.csv</code> and <code>findings.json</code> next to this report.</p></footer>
</main>
</body>
</html>
`.value;
}

function contents(): SafeHtml {
  const links: [string, string][] = [
    ["#summary", "Summary"],
    ["#charts", "Charts"],
    ["#changes", "What changed"],
    ["#by-rule", "Findings by rule"],
    ["#leavers", "Leavers"],
    ["#timelines", "Timelines"],
    ["#remediation", "Remediation"],
    ["#waivers", "Waivers"],
    ["#sources", "Source coverage"],
    ["#records", "Rejected records"],
    ["#not-evaluated", "Not evaluated"],
    ["#rule-errors", "Rule errors"],
    ["#controls", "Control mapping"],
  ];
  return html`<nav aria-label="Contents"><ul>${links.map(([href, label]) => html`<li><a href="${href}">${label}</a></li>`)}</ul></nav>`;
}

/** A crashed rule or a failed source means the findings below are not the whole truth: say so first. */
function incompleteWarnings(result: ScanResult): SafeHtml {
  const failed = result.sources.filter((s) => s.status === "failed");
  const crashed = [...new Set(result.ruleErrors.map((e) => e.rule))];
  return html`${
    crashed.length > 0 &&
    html`<div class="alert" role="alert"><strong>Scan incomplete:</strong> ${formatCount(crashed.length)} rule(s) failed to run (${listPreview(crashed, 10)}); their findings are missing from this report. See <a href="#rule-errors">Rule errors</a>.</div>`
  }${
    failed.length > 0 &&
    html`<div class="alert" role="alert"><strong>Source(s) failed:</strong> ${listPreview(
      failed.map((s) => s.id),
      10,
    )}. Rules were not evaluated on them and their findings were not resolved. See <a href="#sources">Source coverage</a>.</div>`
  }`;
}

function charts(summary: ReportSummary, result: ScanResult): SafeHtml {
  const byRule = summary.byRule.filter((group) => group.total > 0);
  // "unknown" only says something when some findings lack a first-seen date.
  const ageing = summary.ageing.filter((bucket) => bucket.key !== "unknown" || bucket.total > 0);
  const trend = result.history?.trend;
  return html`<section id="charts" class="charts" aria-label="Charts">
<figure><figcaption>Trend over past scans</figcaption>${
    trend === undefined
      ? html`<p class="note">— The trend comes from the scan history, which this scan did not have.</p>`
      : renderTrendChart({
          id: "chart-trend",
          title:
            "Open and waived findings after each scan, stacked by severity, with new and resolved findings per scan",
          points: trend,
          timezone: result.timezone,
        })
  }</figure>
<figure><figcaption>Open findings by age</figcaption>${renderBarChart({ id: "chart-age", title: "Open findings by time since first seen, stacked by severity", bars: ageing })}</figure>
<figure><figcaption>Open findings by rule</figcaption>${renderBarChart({ id: "chart-rule", title: "Open findings by rule, stacked by severity", bars: byRule })}</figure>
<figure><figcaption>Open findings by system</figcaption>${renderBarChart({ id: "chart-source", title: "Open findings by source system, stacked by severity", bars: summary.bySource })}</figure>
</section>`;
}

const RULE_COLUMNS: readonly Column[] = [
  { label: "Severity" },
  { label: "Source" },
  { label: "Subject" },
  { label: "Person" },
  { label: "Finding" },
  { label: "Key evidence" },
];
const LEAVER_COLUMNS: readonly Column[] = [
  { label: "Severity" },
  { label: "Rule" },
  { label: "Source" },
  { label: "Subject" },
  { label: "Key evidence" },
];
const SOURCE_COLUMNS: readonly Column[] = [
  { label: "Source" },
  { label: "Kind" },
  { label: "Format" },
  { label: "Status" },
  { label: "Records", numeric: true },
  { label: "Rejected", numeric: true },
  { label: "Warnings", numeric: true },
  { label: "Errors" },
  { label: "Rules not evaluated" },
  { label: "Exported at" },
  { label: "Duration", numeric: true },
];

function findingsByRule(summary: ReportSummary, result: ScanResult, limits: ReportLimits): SafeHtml {
  return html`<section id="by-rule"><h2>Findings by rule</h2>${summary.byRule.map((group, i) =>
    ruleSection(group, i, result, limits),
  )}</section>`;
}

function ruleSection(group: RuleGroup, index: number, result: ScanResult, limits: ReportLimits): SafeHtml {
  const { rule } = group;
  const heading = html`<h3 id="rule-${index}">${rule.title} <code>${rule.id}</code> — ${plural(group.total, "finding")}${group.waived > 0 && html` <span class="muted">(+ ${formatCount(group.waived)} waived)</span>`}</h3>
<p class="muted">${rule.severityLogic && html`Severity: ${rule.severityLogic}. `}${rule.controls.length > 0 && html`Controls: ${rule.controls.join(", ")}.`}</p>`;
  if (group.total === 0) return html`<div class="rule">${heading}<p>No findings.</p></div>`;
  const rows = group.top.map((finding) => [
    severityBadge(finding.severity, "class"),
    finding.sourceId,
    subjectText(finding.subject),
    personLabel(finding.personId, result),
    finding.title,
    keyEvidence(finding, result, limits),
  ]);
  return html`<div class="rule">${heading}${dataTable(RULE_COLUMNS, rows)}${moreNotice(group.total, group.top.length)}</div>`;
}

function leavers(summary: ReportSummary, result: ScanResult, limits: ReportLimits): SafeHtml {
  const timelines = shownTimelines(result, limits);
  if (summary.leavers.length === 0) {
    return html`<section id="leavers"><h2>Leavers</h2><p>No findings concern people with a termination date.</p></section>`;
  }
  const shown = summary.leavers.length;
  return html`<section id="leavers"><h2>Leavers</h2>
<p class="muted">${formatCount(summary.leaverCount)} leaver(s) with findings${shown < summary.leaverCount && html`; the ${formatCount(shown)} with the most severe and most findings are shown`}.</p>
${summary.leavers.map((leaver) => leaverBlock(leaver, result, limits, timelines.get(leaver.personId)))}
${shown < summary.leaverCount && html`<p class="more">… and ${formatCount(summary.leaverCount - shown)} more leavers — see findings.csv</p>`}</section>`;
}

function leaverBlock(
  leaver: LeaverGroup,
  result: ScanResult,
  limits: ReportLimits,
  timeline: number | undefined,
): SafeHtml {
  const { person } = leaver;
  const facts = [
    person.terminationDate && html`terminated ${person.terminationDate}`,
    person.department && html`department ${person.department}`,
    person.managerId && html`manager ${personLabel(person.managerId, result)}`,
    person.email && html`${person.email}`,
    timeline !== undefined && html`<a href="#${timelineAnchor(timeline)}">timeline</a>`,
  ].filter((fact): fact is SafeHtml => typeof fact === "object");
  const rows = leaver.top.map((finding) => [
    severityBadge(finding.severity, "class"),
    html`<code>${finding.rule}</code>`,
    finding.sourceId,
    subjectText(finding.subject),
    keyEvidence(finding, result, limits),
  ]);
  return html`<div class="leaver"><h3>${person.name ?? leaver.personId} <span class="muted">(${leaver.personId})</span> — ${plural(leaver.total, "finding")}</h3>
<p class="muted">${joinHtml(facts, " · ")}</p>
${dataTable(LEAVER_COLUMNS, rows)}${moreNotice(leaver.total, leaver.top.length)}</div>`;
}

function sourceCoverage(result: ScanResult, limits: ReportLimits): SafeHtml {
  const skipped = rulesNotEvaluatedBySource(result);
  const rows = result.sources.map((source) => [
    source.id,
    source.kind,
    source.format,
    { content: source.status, className: `status-${source.status}` },
    formatCount(source.records),
    formatCount(source.rejected),
    formatCount(source.warningCount ?? source.warnings?.length ?? 0),
    sourceErrors(source, limits),
    notEvaluatedCell(skipped.get(source.id)),
    source.exportedAt
      ? formatInstantShort(source.exportedAt, result.timezone)
      : html`<span class="muted">unknown</span>`,
    formatDuration(source.durationMs),
  ]);
  return html`<section id="sources"><h2>Source coverage</h2>
<p class="muted">What this scan read, as of when (times in ${result.timezone}), what it rejected, and which rules could not run on each source.</p>${
    rows.length === 0 ? html`<p>No sources.</p>` : dataTable(SOURCE_COLUMNS, rows)
  }</section>`;
}

function rulesNotEvaluatedBySource(result: ScanResult): Map<string, string[]> {
  const bySource = new Map<string, string[]>();
  for (const entry of result.notEvaluated) {
    const rules = bySource.get(entry.sourceId);
    if (rules === undefined) bySource.set(entry.sourceId, [entry.rule]);
    else if (!rules.includes(entry.rule)) rules.push(entry.rule);
  }
  return bySource;
}

function notEvaluatedCell(rules: readonly string[] | undefined): SafeHtml {
  if (rules === undefined) return html`<span class="muted">none</span>`;
  return html`<a href="#not-evaluated">${listPreview(rules, 4)}</a>`;
}

function sourceErrors(source: SourceSummary, limits: ReportLimits): SafeHtml {
  // A source can warn about thousands of records: the first few here, the rest under #records.
  const warnings = (source.warnings ?? []).slice(0, limits.errorsPerSource);
  if (source.errors.length === 0 && warnings.length === 0) return html``;
  const shown = source.errors.slice(0, limits.errorsPerSource);
  const more = Math.max(source.errors.length, source.rejected) - shown.length;
  const moreWarnings = Math.max(source.warnings?.length ?? 0, source.warningCount ?? 0) - warnings.length;
  return html`<ul class="errors">${warnings.map((w) => html`<li>Warning: ${truncate(w, WARNING_CHARS)}</li>`)}${
    moreWarnings > 0 && html`<li class="more">… and ${formatCount(moreWarnings)} more warnings</li>`
  }${shown.map((e) => html`<li>${truncate(e, 300)}</li>`)}${more > 0 && html`<li class="more">… and ${formatCount(more)} more</li>`}</ul>`;
}

function notEvaluated(result: ScanResult, limits: ReportLimits): SafeHtml {
  const entries = result.notEvaluated;
  if (entries.length === 0) {
    return html`<section id="not-evaluated"><h2>Not evaluated</h2><p>Every rule was evaluated on every source it applies to.</p></section>`;
  }
  const shown = entries.slice(0, limits.notEvaluatedRows);
  return html`<section id="not-evaluated"><h2>Not evaluated</h2>
<p class="muted">Rules that could not run on a source because it does not provide the data they need, or because it failed.</p>
${dataTable(
  [{ label: "Rule" }, { label: "Source" }, { label: "Reason" }],
  shown.map((e) => [html`<code>${e.rule}</code>`, e.sourceId, e.reason]),
)}${
  shown.length < entries.length &&
  html`<p class="more">… and ${formatCount(entries.length - shown.length)} more — see findings.json</p>`
}</section>`;
}

function ruleErrors(result: ScanResult): SafeHtml {
  if (result.ruleErrors.length === 0) {
    return html`<section id="rule-errors"><h2>Rule errors</h2><p>None: every rule ran to completion.</p></section>`;
  }
  return html`<section id="rule-errors"><h2>Rule errors</h2>
<div class="alert" role="alert">A rule that fails makes the scan incomplete: it reports no findings, which is <strong>not</strong> the same as a clean result.</div>
${dataTable(
  [{ label: "Rule" }, { label: "Error" }],
  result.ruleErrors.map((e) => [html`<code>${e.rule}</code>`, truncate(e.message, 1000)]),
)}</section>`;
}

function controlMapping(result: ScanResult, summary: ReportSummary): SafeHtml {
  return html`<section id="controls"><h2>Control mapping</h2>
${byControl(summary)}
<h3>By rule</h3>
${dataTable(
  [{ label: "Rule" }, { label: "Title" }, { label: "Controls" }, { label: "Why it matters" }],
  result.rules.map((rule) => [
    html`<code>${rule.id}</code>`,
    rule.title,
    rule.controls.join(", "),
    rule.rationale,
  ]),
)}</section>`;
}

/** Control → the rules that test it and their open findings: the view an auditor maps evidence from. */
function byControl(summary: ReportSummary): SafeHtml {
  const controls = new Map<string, { rules: string[]; open: number }>();
  for (const group of summary.byRule) {
    for (const control of group.rule.controls) {
      const entry = controls.get(control) ?? { rules: [], open: 0 };
      entry.rules.push(group.rule.id);
      entry.open += group.total;
      controls.set(control, entry);
    }
  }
  if (controls.size === 0) return html``;
  const rows = [...controls]
    .sort(([a], [b]) => a.localeCompare(b, "en", { numeric: true }))
    .map(([control, entry]) => [
      { content: control, className: "nowrap" },
      formatCount(entry.open),
      joinHtml(
        entry.rules.map((rule) => html`<code>${rule}</code>`),
        ", ",
      ),
    ]);
  return html`<h3>By control</h3>
${dataTable([{ label: "Control" }, { label: "Open findings", numeric: true }, { label: "Tested by rules" }], rows)}`;
}
