import { describe, expect, it } from "vitest";
import type { GroupCount } from "../../functions/scan/contract/scan-result.ts";
import { renderBarChart } from "../../reports/svg-bar-chart.ts";

function bar(key: string, critical: number, low: number): GroupCount {
  return { key, total: critical + low, bySeverity: { critical, high: 0, medium: 0, low } };
}

describe("renderBarChart", () => {
  it("draws one stacked rect per non-zero severity, with accessible titles", () => {
    // Prepare
    const bars = [bar("okta", 2, 3), bar("slack", 0, 1)];

    // Act
    const svg = renderBarChart({ id: "chart-source", title: "Findings by source", bars }).value;

    // Assess
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
    expect(svg).toContain('<title id="chart-source-title">Findings by source</title>');
    expect(svg).toContain("<title>okta: 5 (2 critical, 3 low)</title>");
    expect(svg).toContain("<title>slack: 1 (1 low)</title>");
    const barRects = svg.match(/<rect [^>]*height="16"/g) ?? [];
    expect(barRects).toHaveLength(3);
    expect(svg).not.toContain("<script");
  });

  it("sums bars beyond the limit into one 'other' bar", () => {
    // Prepare
    const bars = Array.from({ length: 20 }, (_, i) => bar(`app-${i}`, 0, 20 - i));

    // Act
    const svg = renderBarChart({ id: "c", title: "t", bars, maxBars: 5 }).value;

    // Assess
    expect(svg).toContain(">app-3<");
    expect(svg).not.toContain(">app-4<");
    expect(svg).toContain("<title>other (16): 136 (136 low)</title>");
  });

  it("escapes labels", () => {
    // Act
    const svg = renderBarChart({ id: "c", title: "t", bars: [bar("<script>x</script>", 1, 0)] }).value;

    // Assess
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("&lt;script&gt;x&lt;/script&gt;");
  });

  it("says so when there is nothing to draw", () => {
    expect(renderBarChart({ id: "c", title: "t", bars: [] }).value).toContain("No findings.");
  });
});
