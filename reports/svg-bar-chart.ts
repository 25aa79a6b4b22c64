/**
 * A horizontal bar chart as plain inline SVG (`<rect>`/`<text>`, no script): each bar is stacked
 * by severity. Fills are attributes, not CSS classes, so the chart survives email clients that
 * strip stylesheets. Accessible: the chart has a `<title>`/`<desc>`, every bar its own `<title>`.
 */
import { SEVERITIES, type Severity } from "../functions/core/finding.ts";
import type { GroupCount } from "../functions/scan/contract/scan-result.ts";
import { html, type SafeHtml } from "../functions/shared/html.ts";
import { formatCount, truncate } from "./format.ts";

export const SEVERITY_COLOR: Record<Severity, string> = {
  critical: "#b91c1c",
  high: "#ea580c",
  medium: "#ca8a04",
  low: "#2563eb",
};

export interface BarChart {
  /** A fixed element id prefix (never source text), unique within the page. */
  id: string;
  title: string;
  bars: readonly GroupCount[];
  /** Bars beyond this are summed into one "other" bar. */
  maxBars?: number;
}

// Narrow enough that a phone scales it down by a third at most: labels stay readable.
const WIDTH = 520;
const LABEL_WIDTH = 184;
const COUNT_WIDTH = 60;
const BAR_AREA = WIDTH - LABEL_WIDTH - COUNT_WIDTH;
const ROW = 24;
const BAR_HEIGHT = 16;
const LEGEND_HEIGHT = 28;
const LABEL_CHARS = 24;

export function renderBarChart(chart: BarChart): SafeHtml {
  const bars = withOther(chart.bars, chart.maxBars ?? 15);
  const max = Math.max(1, ...bars.map((bar) => bar.total));
  const height = LEGEND_HEIGHT + Math.max(1, bars.length) * ROW + 4;
  const description = bars.length === 0 ? "No findings." : bars.map(barSummary).join("; ");
  return html`<svg class="chart" role="img" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" aria-labelledby="${chart.id}-title ${chart.id}-desc" font-family="system-ui, sans-serif" font-size="13">
<title id="${chart.id}-title">${chart.title}</title>
<desc id="${chart.id}-desc">${description}</desc>
${legend()}
${bars.length === 0 ? html`<text x="0" y="${LEGEND_HEIGHT + 16}" fill="#444">No findings.</text>` : bars.map((bar, i) => renderBar(bar, LEGEND_HEIGHT + i * ROW, max))}
</svg>`;
}

function renderBar(bar: GroupCount, y: number, max: number): SafeHtml {
  let x = LABEL_WIDTH;
  const segments: SafeHtml[] = [];
  for (const severity of SEVERITIES) {
    const value = bar.bySeverity[severity];
    if (value === 0) continue;
    const width = (value / max) * BAR_AREA;
    segments.push(
      html`<rect x="${round(x)}" y="${y + 2}" width="${round(Math.max(width, 1))}" height="${BAR_HEIGHT}" fill="${SEVERITY_COLOR[severity]}"/>`,
    );
    x += width;
  }
  return html`<g><title>${barSummary(bar)}</title><text x="${LABEL_WIDTH - 6}" y="${y + 14}" text-anchor="end" fill="#222">${truncate(bar.key, LABEL_CHARS)}</text>${segments}<text x="${round(x + 4)}" y="${y + 14}" fill="#222">${formatCount(bar.total)}</text></g>
`;
}

function legend(): SafeHtml {
  return html`<g>${SEVERITIES.map(
    (severity, i) =>
      html`<rect x="${LABEL_WIDTH + i * 80}" y="4" width="12" height="12" fill="${SEVERITY_COLOR[severity]}"/><text x="${LABEL_WIDTH + i * 80 + 16}" y="15" fill="#222">${severity}</text>`,
  )}</g>`;
}

function barSummary(bar: GroupCount): string {
  const parts = SEVERITIES.filter((s) => bar.bySeverity[s] > 0).map(
    (s) => `${formatCount(bar.bySeverity[s])} ${s}`,
  );
  return `${bar.key}: ${formatCount(bar.total)} (${parts.join(", ")})`;
}

function withOther(bars: readonly GroupCount[], maxBars: number): readonly GroupCount[] {
  if (bars.length <= maxBars) return bars;
  const shown = bars.slice(0, maxBars - 1);
  const rest = bars.slice(maxBars - 1);
  const other: GroupCount = {
    key: `other (${formatCount(rest.length)})`,
    total: 0,
    bySeverity: { critical: 0, high: 0, medium: 0, low: 0 },
  };
  for (const bar of rest) {
    other.total += bar.total;
    for (const s of SEVERITIES) other.bySeverity[s] += bar.bySeverity[s];
  }
  return [...shown, other];
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
