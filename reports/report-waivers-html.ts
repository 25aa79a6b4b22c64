/**
 * Waivers: the accepted exceptions, with who approved them, why, and when they expire. Expiry is
 * what an auditor checks (an expired waiver reopens its finding), so the soonest come first and
 * those expiring within two weeks are highlighted.
 */

import type { ReportFinding, ScanResult, WaiverSummary } from "../functions/scan/contract/scan-result.ts";
import { html, type SafeHtml } from "../functions/shared/html.ts";
import { formatCount, formatInstantShort } from "./format.ts";
import {
  type Column,
  dataTable,
  moreNotice,
  personLabel,
  plural,
  type Row,
  subjectText,
} from "./report-html-parts.ts";
import type { ReportLimits } from "./report-limits.ts";

const WAIVER_COLUMNS: readonly Column[] = ["Expires", "Rule", "Finding", "Reason", "Approved by"].map(
  (label) => ({ label }),
);
const DAY_MS = 24 * 60 * 60 * 1000;
export const EXPIRING_SOON_DAYS = 14;

export function renderWaivers(result: ScanResult, waivedCount: number, limits: ReportLimits): SafeHtml {
  const waivers = result.history?.waivers;
  if (waivers === undefined) {
    return html`<section id="waivers"><h2>Waivers</h2><p class="note">— Waiver details come from the scan history, which this scan did not have${
      waivedCount > 0 && html`; ${plural(waivedCount, "finding")} are marked waived in findings.csv`
    }.</p></section>`;
  }
  if (waivers.length === 0) {
    return html`<section id="waivers"><h2>Waivers</h2><p>No active waivers.</p></section>`;
  }
  const nowMs = Date.parse(result.evaluatedAt);
  const shown = bySoonestExpiry(waivers).slice(0, limits.waivers);
  const findings = findingsById(result.findings, shown);
  const soon = waivers.filter((w) => daysLeft(w.until, nowMs) <= EXPIRING_SOON_DAYS).length;
  const rows = shown.map((waiver) => waiverRow(waiver, findings.get(waiver.findingId), nowMs, result));
  return html`<section id="waivers"><h2>Waivers</h2>
<p class="muted">${plural(waivers.length, "active waiver")}${
    soon > 0 &&
    html`; <strong>${formatCount(soon)} expire within ${EXPIRING_SOON_DAYS} days</strong> (highlighted)`
  }. An expired waiver reopens its finding.</p>
${dataTable(WAIVER_COLUMNS, rows)}${moreNotice(waivers.length, shown.length, "see the audit trail")}</section>`;
}

function waiverRow(
  waiver: WaiverSummary,
  finding: ReportFinding | undefined,
  nowMs: number,
  result: ScanResult,
): Row {
  const days = daysLeft(waiver.until, nowMs);
  const soon = days <= EXPIRING_SOON_DAYS;
  const remaining = !Number.isFinite(days)
    ? ""
    : days <= 0
      ? "expired"
      : days < 1
        ? "today"
        : `in ${plural(Math.floor(days), "day")}`;
  const subject = finding
    ? html`${finding.sourceId} · ${subjectText(finding.subject)}${
        finding.personId !== null && html`<br>${personLabel(finding.personId, result)}`
      }<br>`
    : html``;
  return {
    ...(soon && { className: "expiring" }),
    cells: [
      {
        content: html`${formatInstantShort(waiver.until, result.timezone)}${
          remaining && html`<br><span class="${soon ? "soon" : "muted"}">${remaining}</span>`
        }`,
        className: "nowrap",
      },
      html`<code>${waiver.rule}</code>`,
      html`${subject}<code class="id">${waiver.findingId}</code>`,
      waiver.reason,
      waiver.approvedBy,
    ],
  };
}

/** Days from `nowMs` to `until`; -Infinity for text that is not a date, so it sorts and flags first. */
function daysLeft(until: string, nowMs: number): number {
  const ms = Date.parse(until);
  return Number.isFinite(ms) && Number.isFinite(nowMs) ? (ms - nowMs) / DAY_MS : Number.NEGATIVE_INFINITY;
}

function bySoonestExpiry(waivers: readonly WaiverSummary[]): WaiverSummary[] {
  return waivers
    .map((waiver, index) => ({ waiver, ms: Date.parse(waiver.until), index }))
    .sort(
      (a, b) =>
        (Number.isFinite(a.ms) ? a.ms : -Infinity) - (Number.isFinite(b.ms) ? b.ms : -Infinity) ||
        a.index - b.index,
    )
    .map((entry) => entry.waiver);
}

/** The findings of the shown waivers only: one pass, no index over every finding. */
function findingsById(
  findings: readonly ReportFinding[],
  waivers: readonly WaiverSummary[],
): Map<string, ReportFinding> {
  const wanted = new Set(waivers.map((w) => w.findingId));
  const found = new Map<string, ReportFinding>();
  for (const finding of findings) {
    if (wanted.has(finding.id)) found.set(finding.id, finding);
  }
  return found;
}
