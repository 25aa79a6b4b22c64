/**
 * Remediation: the tasks people work from, after this scan's sync — how many are open, in which
 * systems, for how long, and which have waited longest. Counts, two charts and a capped list, so
 * the section reads the same at a hundred tasks and at ten thousand.
 */
import { SEVERITIES } from "../functions/core/finding.ts";
import type {
  OpenTaskSummary,
  RemediationSummary,
  ScanResult,
} from "../functions/scan/contract/scan-result.ts";
import { html, type SafeHtml } from "../functions/shared/html.ts";
import { formatCount, formatInstantShort } from "./format.ts";
import { type Column, dataTable, moreNotice, plural } from "./report-html-parts.ts";
import { severityBadge } from "./severity-badge.ts";
import { renderBarChart } from "./svg-bar-chart.ts";

const OLDEST_COLUMNS: readonly Column[] = [
  { label: "Open since" },
  { label: "Days open", numeric: true },
  { label: "Severity" },
  { label: "Task" },
  { label: "Findings", numeric: true },
  { label: "Ticket" },
];
const DAY_MS = 24 * 60 * 60 * 1000;
const SINK_NAMES: Record<string, string> = {
  local: "deprov's own task store (listed by deprov tasks)",
  jira: "Jira",
  servicenow: "ServiceNow",
  webhook: "the webhook receiver",
};

export function renderRemediation(result: ScanResult): SafeHtml {
  const summary = result.remediation;
  if (summary === undefined) {
    return html`<section id="remediation"><h2>Remediation</h2><p class="note">— Remediation tasks are opened by the nightly scan's task step, which this scan did not run.</p></section>`;
  }
  const where = Object.hasOwn(SINK_NAMES, summary.sink) ? SINK_NAMES[summary.sink] : summary.sink;
  const intro = html`<p class="muted">${
    summary.dryRun
      ? html`<strong>Dry run:</strong> the tasks as this scan plans them in ${where}; nothing was sent or stored.`
      : html`Tasks in ${where} after this scan: one per leaver, and per system for access nobody owns and for hygiene.`
  } Every change this scan made is in <code>tasks.json</code>.</p>`;
  if (summary.open === 0) {
    return html`<section id="remediation"><h2>Remediation</h2>${intro}<p>No open tasks${
      summary.closedByScan > 0 && html`; this scan closed ${plural(summary.closedByScan, "task")}`
    }.</p></section>`;
  }
  // "unknown" only says something when some tasks lack an opening date.
  const byAge = summary.byAge.filter((bucket) => bucket.key !== "unknown" || bucket.total > 0);
  return html`<section id="remediation"><h2>Remediation</h2>${intro}
<p><strong>${plural(summary.open, "open task")}</strong> (${severityText(summary)}); this scan opened ${formatCount(summary.openedByScan)} and closed ${formatCount(summary.closedByScan)}.</p>
<div class="charts">
<figure><figcaption>Open tasks by system</figcaption>${renderBarChart({ id: "chart-task-system", title: "Open remediation tasks with findings in each system, by the task's severity", bars: summary.bySystem })}</figure>
<figure><figcaption>Open tasks by age</figcaption>${renderBarChart({ id: "chart-task-age", title: "Open remediation tasks by time since opened, by the task's severity", bars: byAge })}</figure>
</div>
<p class="muted">A leaver's task counts under every system it has open findings in.</p>
<h3>Open the longest</h3>
${dataTable(
  OLDEST_COLUMNS,
  summary.oldest.map((task) => oldestRow(task, result)),
)}${moreNotice(summary.open, summary.oldest.length, "see tasks.json and deprov tasks")}</section>`;
}

function severityText(summary: RemediationSummary): string {
  return SEVERITIES.filter((severity) => summary.bySeverity[severity] > 0)
    .map((severity) => `${formatCount(summary.bySeverity[severity])} ${severity}`)
    .join(", ");
}

function oldestRow(task: OpenTaskSummary, result: ScanResult) {
  const days = Math.floor((Date.parse(result.evaluatedAt) - Date.parse(task.openedAt)) / DAY_MS);
  return [
    formatInstantShort(task.openedAt, result.timezone),
    Number.isFinite(days) ? formatCount(days) : "",
    severityBadge(task.severity, "class"),
    html`${task.title} <span class="muted">(${task.key})</span>`,
    formatCount(task.findings),
    ticket(task),
  ];
}

/** The sink's key, linked when the sink gave a web address for it. */
function ticket(task: OpenTaskSummary): SafeHtml {
  const key = task.externalId ?? "—";
  if (task.url !== undefined && /^https:\/\//i.test(task.url)) return html`<a href="${task.url}">${key}</a>`;
  return html`<code>${key}</code>`;
}
