import { describe, expect, it } from "vitest";
import type { TrendPoint } from "../../functions/scan/contract/scan-result.ts";
import { niceCeiling, renderTrendChart } from "../../reports/svg-trend-chart.ts";

function point(day: string, critical: number, low: number, added: number, resolved: number): TrendPoint {
  return {
    scanId: `scan-${day}T06:00:00Z-7f3a`,
    evaluatedAt: `${day}T06:00:00.000Z`,
    open: { critical, high: 0, medium: 0, low },
    new: added,
    resolved,
  };
}

const ZONE = "America/New_York";

describe("renderTrendChart", () => {
  it("stacks one area per severity present and draws new and resolved on their own scale", () => {
    // Prepare
    const points = [
      point("2024-05-30", 2, 10, 0, 0),
      point("2024-05-31", 3, 12, 3, 1),
      point("2024-06-01", 1, 9, 1, 6),
    ];

    // Act
    const svg = renderTrendChart({ id: "chart-trend", title: "Trend", points, timezone: ZONE }).value;

    // Assess
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
    expect(svg).toContain('<title id="chart-trend-title">Trend</title>');
    expect(svg.match(/<polygon /g)).toHaveLength(2);
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg).toContain('stroke-dasharray="5 3"');
    expect(svg).toContain("<title>2024-05-31: 15 findings (3 critical, 12 low); 3 new, 1 resolved</title>");
    expect(svg).toContain(
      "3 scans from 2024-05-30 to 2024-06-01. First: 2024-05-30: 12 findings (2 critical, 10 low); 0 new, 0 resolved.",
    );
    // Axis maxima: 15 findings and 6 new/resolved are round enough already.
    expect(svg).toContain(">15</text>");
    expect(svg).toContain(">6</text>");
  });

  it("labels at most four dates, first and last included", () => {
    // Prepare
    const points = Array.from({ length: 30 }, (_, i) =>
      point(`2024-05-${String(i + 1).padStart(2, "0")}`, 1, 1, 0, 0),
    );

    // Act
    const svg = renderTrendChart({ id: "t", title: "t", points, timezone: "UTC" }).value;

    // Assess
    const labels = [
      ...svg.matchAll(/text-anchor="(?:start|middle|end)" fill="#57606a">(\d{4}-\d{2}-\d{2})</g),
    ].map((m) => m[1]);
    expect(labels).toEqual(["2024-05-01", "2024-05-11", "2024-05-20", "2024-05-30"]);
  });

  it("draws a single scan as a column", () => {
    // Act
    const svg = renderTrendChart({
      id: "t",
      title: "t",
      points: [point("2024-06-01", 1, 2, 3, 0)],
      timezone: ZONE,
    }).value;

    // Assess
    expect(svg).not.toContain("<polygon");
    expect(svg.match(/<rect [^>]*width="28"/g)).toHaveLength(3);
    expect(svg).toContain("One scan. 2024-06-01: 3 findings");
  });

  it("says so when there is no history", () => {
    expect(renderTrendChart({ id: "t", title: "t", points: [], timezone: ZONE }).value).toContain(
      "No scan history yet.",
    );
  });

  it.each([
    [0, ["0", "1"]],
    [9, ["0", "5", "10"]],
    [1_234, ["0", "750", "1,500"]],
    [200_000, ["0", "100K", "200K"]],
    [12_345_678, ["0", "7.5M", "15M"]],
  ])("labels the axis of %i findings in full, short enough for the margin", (total, labels) => {
    // Prepare
    const points = [point("2024-05-31", total, 0, 0, 0), point("2024-06-01", total, 0, total, 0)];

    // Act
    const svg = renderTrendChart({ id: "t", title: "t", points, timezone: ZONE }).value;

    // Assess
    const axisLabels = [
      ...svg.matchAll(/<text x="46" y="[\d.]+" text-anchor="end" fill="#57606a">([^<]*)</g),
    ].map((m) => m[1]);
    // The stacked axis, then the new/resolved axis (the same scale here).
    expect(axisLabels.slice(0, labels.length)).toEqual(labels);
    for (const label of axisLabels) expect(label?.length).toBeLessThanOrEqual(6);
    // Tooltips keep the exact count.
    expect(svg).toContain(`2024-06-01: ${total.toLocaleString("en-US")} findings`);
  });

  it("escapes what it shows of the history", () => {
    // Prepare
    const hostile = { ...point("2024-06-01", 1, 0, 0, 0), evaluatedAt: "<script>alert(1)</script>" };

    // Act
    const svg = renderTrendChart({ id: "t", title: "<b>", points: [hostile], timezone: ZONE }).value;

    // Assess
    expect(svg).not.toContain("<script>");
    expect(svg).not.toContain("<b>");
    expect(svg).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });
});

describe("niceCeiling", () => {
  it.each([
    [1, 1],
    [3, 3],
    [7, 8],
    [15, 15],
    [21, 25],
    [549, 600],
    [251, 300],
    [190_000, 200_000],
    [1_000, 1_000],
    [1_001, 1_200],
  ])("rounds %i up to %i", (value, nice) => {
    expect(niceCeiling(value)).toBe(nice);
  });
});
