/**
 * The summary cards: the numbers a compliance officer reads first. New, resolved and SLA come
 * from the scan history; without it (a scan run without persisted state) they show "—" and a
 * note says why, rather than a misleading 0.
 */

import type { ScanHistory, SlaSummary } from "../functions/scan/contract/scan-result.ts";
import { html, type SafeHtml } from "../functions/shared/html.ts";
import { formatCount, formatMoney, formatPercent } from "./format.ts";
import { plural } from "./report-html-parts.ts";
import type { ReportSummary } from "./report-summary.ts";
import { severityBadge } from "./severity-badge.ts";

interface Card {
  value: string;
  /** Plain text, or a severity badge. */
  label: string | SafeHtml;
  detail?: string;
  /** Extra class for emphasis: a severity, or `warn`. */
  tone?: string;
}

const NOT_AVAILABLE = "—";

export function renderHeadline(
  summary: ReportSummary,
  history: ScanHistory | undefined,
  currency?: string,
): SafeHtml {
  const cards: Card[] = [
    { value: formatCount(summary.total), label: "open findings" },
    ...(["critical", "high", "medium", "low"] as const).map((severity) => ({
      value: formatCount(summary.bySeverity[severity]),
      label: severityBadge(severity, "class"),
      tone: `sev-card-${severity}`,
    })),
    {
      value: history ? formatCount(history.newFindingIds.length) : NOT_AVAILABLE,
      label: "new since last scan",
    },
    {
      value: history ? formatCount(history.resolved.length) : NOT_AVAILABLE,
      label: "resolved since last scan",
    },
    // Shown only on nights that have them, so a quiet night's cards stay as they were.
    ...(history && history.reopenedFindingIds.length > 0
      ? [{ value: formatCount(history.reopenedFindingIds.length), label: "reopened since last scan" }]
      : []),
    ...(history && history.waiverExpiredFindingIds.length > 0
      ? [
          {
            value: formatCount(history.waiverExpiredFindingIds.length),
            label: "waivers expired since last scan",
          },
        ]
      : []),
    slaCard(history?.sla),
    { value: formatMoney(summary.monthlyLicenseWaste, currency), label: "monthly license waste" },
    { value: formatCount(summary.devicesOutstanding), label: "devices outstanding" },
    { value: formatCount(summary.peopleAffected), label: "people affected" },
    {
      value: formatCount(summary.waived),
      label: "waived",
      ...(summary.waived > 0 && { detail: "accepted exceptions, see Waivers" }),
    },
  ];
  return html`<section id="summary"><h2>Summary</h2><div class="cards">${cards.map(renderCard)}</div>${
    history === undefined &&
    html`<p class="note">${NOT_AVAILABLE} New, resolved and SLA compliance come from the scan history, which this scan did not have (it ran without persisted state). Every other number is complete.</p>`
  }</section>`;
}

function slaCard(sla: SlaSummary | undefined): Card {
  if (sla === undefined) return { value: NOT_AVAILABLE, label: "SLA compliance" };
  const deadline = `${formatCount(sla.disableWithinHours)} h`;
  if (sla.compliancePercent === null) {
    return {
      value: NOT_AVAILABLE,
      label: "SLA compliance",
      detail: `no departures in the last ${plural(sla.lookbackDays, "day")}`,
    };
  }
  return {
    value: formatPercent(sla.compliancePercent),
    label: "SLA compliance",
    detail: `${formatCount(sla.withinSla)} of ${plural(sla.departures, "leaver")} fully disabled within ${deadline} (last ${plural(sla.lookbackDays, "day")})`,
    ...(sla.withinSla < sla.departures && { tone: "warn" }),
  };
}

function renderCard(card: Card): SafeHtml {
  return html`<div class="card${card.tone ? html` ${card.tone}` : ""}"><span class="value">${card.value}</span><span class="label">${card.label}</span>${card.detail && html`<span class="detail">${card.detail}</span>`}</div>`;
}
