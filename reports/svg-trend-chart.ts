/**
 * The trend over past scans as plain inline SVG (no script): a stacked area of findings by
 * severity on top, and below it, on its own scale, what each scan opened and resolved — a few
 * hundred new findings would be a flat line on the scale of a six-figure backlog. Fills and
 * strokes are attributes (they survive stylesheet-stripping email clients and print); new and
 * resolved differ in marker shape and dash too, so the chart reads in grey. Accessible: a
 * `<title>`/`<desc>` for the chart and a `<title>` per scan.
 */
import { SEVERITIES, type Severity } from "../functions/core/finding.ts";
import type { TrendPoint } from "../functions/scan/contract/scan-result.ts";
import { html, joinHtml, type SafeHtml } from "../functions/shared/html.ts";
import { formatCompactCount, formatCount, formatDateInZone } from "./format.ts";
import { SEVERITY_COLOR } from "./svg-bar-chart.ts";

export interface TrendChart {
  /** A fixed element id prefix (never source text), unique within the page. */
  id: string;
  title: string;
  /** Oldest first. */
  points: readonly TrendPoint[];
  /** IANA zone for the date labels. */
  timezone: string;
}

export const NEW_COLOR = "#7c3aed";
export const RESOLVED_COLOR = "#15803d";

// Same width as the bar charts, so a phone scales both alike.
const WIDTH = 520;
/** Room for an axis label of up to six characters (`formatCompactCount`) at the chart's 13 px. */
const LEFT = 52;
const RIGHT = WIDTH - 16;
const PLOT_WIDTH = RIGHT - LEFT;
const STACK_TOP = 32;
const STACK_HEIGHT = 150;
const STACK_BOTTOM = STACK_TOP + STACK_HEIGHT;
const FLOW_TOP = STACK_BOTTOM + 26;
const FLOW_HEIGHT = 64;
const FLOW_BOTTOM = FLOW_TOP + FLOW_HEIGHT;
const HEIGHT = FLOW_BOTTOM + 26;
const MAX_X_LABELS = 4;
/** A single scan has no area to draw: it gets a column this wide. */
const SINGLE_COLUMN = 28;

export function renderTrendChart(chart: TrendChart): SafeHtml {
  const { points } = chart;
  const head = html`<svg class="chart" role="img" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" aria-labelledby="${chart.id}-title ${chart.id}-desc" font-family="system-ui, sans-serif" font-size="13">
<title id="${chart.id}-title">${chart.title}</title>
<desc id="${chart.id}-desc">${describe(points, chart.timezone)}</desc>
${legend()}`;
  if (points.length === 0) {
    return html`${head}<text x="${LEFT}" y="${STACK_TOP + 20}" fill="#444">No scan history yet.</text></svg>`;
  }
  const totals = points.map(openTotal);
  const stackMax = niceCeiling(Math.max(1, ...totals));
  const flowMax = niceCeiling(Math.max(1, ...points.map((p) => Math.max(p.new, p.resolved))));
  const xs = points.map((_, i) => xOf(i, points.length));
  return html`${head}
${axis(STACK_TOP, STACK_BOTTOM, stackMax, [0, 0.5, 1])}
${axis(FLOW_TOP, FLOW_BOTTOM, flowMax, [0, 1])}
<text x="${LEFT}" y="${FLOW_TOP - 6}" fill="#57606a">new and resolved per scan</text>
${points.length === 1 ? singleColumn(points[0], stackMax) : stackedAreas(points, xs, stackMax)}
${flowSeries(
  points.map((p) => p.new),
  xs,
  flowMax,
  NEW_COLOR,
  "new",
)}
${flowSeries(
  points.map((p) => p.resolved),
  xs,
  flowMax,
  RESOLVED_COLOR,
  "resolved",
)}
${xLabels(points, xs, chart.timezone)}
${points.map((point, i) => hoverTarget(point, xs[i] ?? LEFT, points.length, chart.timezone))}
</svg>`;
}

function legend(): SafeHtml {
  const severities = SEVERITIES.map(
    (severity, i) =>
      html`<rect x="${i * 80}" y="4" width="12" height="12" fill="${SEVERITY_COLOR[severity]}"/><text x="${i * 80 + 16}" y="15" fill="#222">${severity}</text>`,
  );
  const flowX = SEVERITIES.length * 80;
  return html`<g>${severities}${marker("new", flowX + 6, 10, NEW_COLOR)}<text x="${flowX + 16}" y="15" fill="#222">new</text>${marker("resolved", flowX + 60, 10, RESOLVED_COLOR)}<text x="${flowX + 70}" y="15" fill="#222">resolved</text></g>`;
}

/**
 * Horizontal grid lines at `fractions` of `max` whose value is a whole count. Labels are compact
 * (`200K`, `15M`): an exact six-figure count is wider than the margin left of the plot.
 */
function axis(top: number, bottom: number, max: number, fractions: readonly number[]): SafeHtml {
  return joinHtml(
    fractions
      .filter((fraction) => Number.isInteger(fraction * max))
      .map((fraction) => {
        const y = round(bottom - fraction * (bottom - top));
        return html`<line x1="${LEFT}" y1="${y}" x2="${RIGHT}" y2="${y}" stroke="#d0d7de" stroke-width="1"/><text x="${LEFT - 6}" y="${y + 4}" text-anchor="end" fill="#57606a">${formatCompactCount(fraction * max)}</text>`;
      }),
  );
}

/** One polygon per severity, critical at the bottom where it is easiest to read. */
function stackedAreas(points: readonly TrendPoint[], xs: readonly number[], max: number): SafeHtml {
  const base = points.map(() => 0);
  const areas: SafeHtml[] = [];
  for (const severity of SEVERITIES) {
    const top = points.map((point, i) => (base[i] ?? 0) + countOf(point, severity));
    if (top.some((value, i) => value > (base[i] ?? 0))) {
      const upper = xs.map((x, i) => `${x},${yOf(top[i] ?? 0, max)}`);
      const lower = xs.map((x, i) => `${x},${yOf(base[i] ?? 0, max)}`).reverse();
      areas.push(
        html`<polygon points="${[...upper, ...lower].join(" ")}" fill="${SEVERITY_COLOR[severity]}" fill-opacity="0.85"/>`,
      );
    }
    top.forEach((value, i) => {
      base[i] = value;
    });
  }
  return joinHtml(areas);
}

function singleColumn(point: TrendPoint | undefined, max: number): SafeHtml {
  if (point === undefined) return html``;
  const x = round(xOf(0, 1) - SINGLE_COLUMN / 2);
  let below = 0;
  const segments: SafeHtml[] = [];
  for (const severity of SEVERITIES) {
    const value = countOf(point, severity);
    if (value === 0) continue;
    const y = yOf(below + value, max);
    segments.push(
      html`<rect x="${x}" y="${y}" width="${SINGLE_COLUMN}" height="${round(yOf(below, max) - y)}" fill="${SEVERITY_COLOR[severity]}"/>`,
    );
    below += value;
  }
  return joinHtml(segments);
}

function flowSeries(
  values: readonly number[],
  xs: readonly number[],
  max: number,
  color: string,
  kind: "new" | "resolved",
): SafeHtml {
  const coordinates = values.map((value, i) => [xs[i] ?? LEFT, flowY(value, max)] as const);
  const line =
    coordinates.length > 1
      ? html`<polyline points="${coordinates.map(([x, y]) => `${x},${y}`).join(" ")}" fill="none" stroke="${color}" stroke-width="2"${kind === "resolved" ? html` stroke-dasharray="5 3"` : html``}/>`
      : html``;
  return html`<g>${line}${coordinates.map(([x, y]) => marker(kind, x, y, color))}</g>`;
}

/** Circles for new, squares for resolved: tellable apart without colour. */
function marker(kind: "new" | "resolved", x: number, y: number, color: string): SafeHtml {
  return kind === "new"
    ? html`<circle cx="${x}" cy="${y}" r="3.5" fill="${color}"/>`
    : html`<rect x="${round(x - 3.5)}" y="${round(y - 3.5)}" width="7" height="7" fill="${color}"/>`;
}

/** First, last and evenly spaced dates between, so labels never overlap. */
function xLabels(points: readonly TrendPoint[], xs: readonly number[], zone: string): SafeHtml {
  const n = points.length;
  const shown =
    n <= MAX_X_LABELS
      ? points.map((_, i) => i)
      : [
          ...new Set(
            Array.from({ length: MAX_X_LABELS }, (_, k) => Math.round((k * (n - 1)) / (MAX_X_LABELS - 1))),
          ),
        ];
  return joinHtml(
    shown.map((i) => {
      const anchor = n === 1 ? "middle" : i === 0 ? "start" : i === n - 1 ? "end" : "middle";
      const point = points[i];
      return point === undefined
        ? html``
        : html`<text x="${xs[i] ?? LEFT}" y="${FLOW_BOTTOM + 18}" text-anchor="${anchor}" fill="#57606a">${formatDateInZone(point.evaluatedAt, zone)}</text>`;
    }),
  );
}

/** An invisible column per scan whose `<title>` is the tooltip (and what a screen reader can reach). */
function hoverTarget(point: TrendPoint, x: number, n: number, zone: string): SafeHtml {
  const width = n === 1 ? SINGLE_COLUMN : PLOT_WIDTH / (n - 1);
  const left = round(Math.max(LEFT, x - width / 2));
  const right = round(Math.min(RIGHT, x + width / 2));
  return html`<g><title>${pointSummary(point, zone)}</title><rect x="${left}" y="${STACK_TOP}" width="${round(right - left)}" height="${FLOW_BOTTOM - STACK_TOP}" fill="#fff" fill-opacity="0"/></g>`;
}

function describe(points: readonly TrendPoint[], zone: string): string {
  const first = points[0];
  const last = points[points.length - 1];
  if (first === undefined || last === undefined) return "No scan history yet.";
  if (points.length === 1) return `One scan. ${pointSummary(last, zone)}.`;
  return `${formatCount(points.length)} scans from ${formatDateInZone(first.evaluatedAt, zone)} to ${formatDateInZone(last.evaluatedAt, zone)}. First: ${pointSummary(first, zone)}. Latest: ${pointSummary(last, zone)}.`;
}

function pointSummary(point: TrendPoint, zone: string): string {
  const parts = SEVERITIES.filter((s) => countOf(point, s) > 0).map(
    (s) => `${formatCount(countOf(point, s))} ${s}`,
  );
  const detail = parts.length > 0 ? ` (${parts.join(", ")})` : "";
  return `${formatDateInZone(point.evaluatedAt, zone)}: ${formatCount(openTotal(point))} findings${detail}; ${formatCount(point.new)} new, ${formatCount(point.resolved)} resolved`;
}

function countOf(point: TrendPoint, severity: Severity): number {
  const value = point.open[severity];
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0;
}

function openTotal(point: TrendPoint): number {
  let total = 0;
  for (const severity of SEVERITIES) total += countOf(point, severity);
  return total;
}

function xOf(index: number, count: number): number {
  return count === 1 ? round(LEFT + PLOT_WIDTH / 2) : round(LEFT + (index * PLOT_WIDTH) / (count - 1));
}

function yOf(value: number, max: number): number {
  return round(STACK_BOTTOM - (value / max) * STACK_HEIGHT);
}

function flowY(value: number, max: number): number {
  return round(FLOW_BOTTOM - (value / max) * FLOW_HEIGHT);
}

/** Round steps to pick axis maxima from: close above the data, and easy to halve in one's head. */
const NICE_STEPS = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10] as const;

/** The smallest `NICE_STEPS` × 10ⁿ at or above `value`. */
export function niceCeiling(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of NICE_STEPS) {
    if (step * magnitude >= value) return step * magnitude;
  }
  return 10 * magnitude;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
