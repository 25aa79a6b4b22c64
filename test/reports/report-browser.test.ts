/**
 * report.html in a real browser (Debian's Chromium, headless, through playwright-core): it renders
 * without script or CSP errors, every chart is laid out and visible, the headline numbers show,
 * a phone-width screen does not scroll sideways, and print keeps the sections. Screenshots land in
 * test/artifacts/ (gitignored) for a human to look at.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS } from "../../functions/core/time.ts";
import type { ScanHistory, ScanResult, TrendPoint } from "../../functions/scan/contract/scan-result.ts";
import { formatPercent } from "../../reports/format.ts";
import { renderReportHtml } from "../../reports/report-html.ts";
import { DEFAULT_REPORT_LIMITS } from "../../reports/report-limits.ts";
import { summariseScan } from "../../reports/report-summary.ts";
import { renderTrendChart } from "../../reports/svg-trend-chart.ts";
import { demoNightlyScan } from "../support/demo-scan.ts";

const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = join(import.meta.dirname, "..", "artifacts");
/** A full-page capture of a ~100,000 px tall page takes seconds, more on a busy CI machine. */
const SCREENSHOT_TIMEOUT_MS = 120_000;
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const SECTIONS = [
  "summary",
  "charts",
  "changes",
  "by-rule",
  "leavers",
  "timelines",
  "remediation",
  "waivers",
  "sources",
  "not-evaluated",
  "rule-errors",
  "controls",
];

describe("report.html in headless Chromium", () => {
  let workDir: string;
  let reportUrl: string;
  let context: BrowserContext | undefined;
  let result: ScanResult;

  beforeAll(async () => {
    // A missing browser must fail the suite, never skip it: a skipped check reads as a passing one.
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} not found: the browser test needs Debian's Chromium. Run \`apt-get install -y chromium\` (.ci/run does this on CI).`,
      );
    }
    workDir = await mkdtemp(join(tmpdir(), "deprov-report-browser-"));
    result = await demoNightlyScan();
    const reportPath = join(workDir, "report.html");
    await writeFile(reportPath, renderReportHtml(result), "utf8");
    reportUrl = pathToFileURL(reportPath).href;
    // A fresh profile per run: nothing cached, nothing carried over from another run.
    context = await chromium.launchPersistentContext(join(workDir, "profile"), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    await mkdir(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await context?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  /** The real scan's history (it has one: it ran through the state machine). */
  function history(): ScanHistory {
    if (result.history === undefined) throw new Error("the demo scan has no history");
    return result.history;
  }

  /** A new tab on the report at `viewport`, recording every console error and uncaught exception. */
  async function openReport(viewport = DESKTOP): Promise<{ page: Page; errors: string[] }> {
    if (context === undefined) throw new Error("the browser did not start");
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(`console: ${message.text()}`);
    });
    page.on("pageerror", (error) => errors.push(`page: ${error.message}`));
    await page.setViewportSize(viewport);
    await page.goto(reportUrl, { waitUntil: "load" });
    return { page, errors };
  }

  it("renders without console or page errors", async () => {
    // Act
    const { page, errors } = await openReport();

    // Assess
    expect(await page.locator("h1").textContent()).toBe("Deprovisioning audit — Northwind Analytics");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("lays out every chart with a non-zero size, visibly", async () => {
    // Prepare
    const { page } = await openReport();

    // Act
    const charts = await page.locator("svg.chart").all();

    // Assess
    // Trend, ageing, by rule, by system; and the open tasks by system and by age.
    expect(charts.map((chart) => chart.getAttribute("aria-labelledby"))).toHaveLength(6);
    for (const chart of charts) {
      expect(await chart.isVisible()).toBe(true);
      const box = await chart.boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(300);
      expect(box?.height ?? 0).toBeGreaterThan(40);
      // A chart that drew nothing has only its legend swatches.
      expect(await chart.locator("rect, polygon, polyline").count()).toBeGreaterThan(6);
    }
    expect(await page.locator("#chart-trend-title").textContent()).toMatch(
      /^Open and waived findings after each scan/,
    );
    await page.close();
  });

  it("keeps the trend chart's axis labels inside the chart at any magnitude", async () => {
    // Prepare
    if (context === undefined) throw new Error("the browser did not start");
    const trend = (total: number): TrendPoint[] =>
      ["2025-02-28", "2025-03-01"].map((day) => ({
        scanId: `scan-${day}`,
        evaluatedAt: `${day}T11:00:00.000Z`,
        open: { critical: 0, high: Math.round(total / 4), medium: 0, low: total - Math.round(total / 4) },
        new: total,
        resolved: 0,
      }));
    const charts = [9, 1_234, 200_000, 12_345_678].map(
      (total, i) =>
        renderTrendChart({ id: `t${i}`, title: `${total}`, points: trend(total), timezone: "UTC" }).value,
    );
    const page = await context.newPage();
    await page.setContent(`<!DOCTYPE html><html><body>${charts.join("\n")}</body></html>`);

    // Act
    // A string, evaluated in the page: the project compiles without DOM types.
    const clipped = await page.evaluate<string[]>(
      "[...document.querySelectorAll('svg text')].filter((t) => t.getBBox().x < 0).map((t) => t.textContent)",
    );

    // Assess
    expect(clipped).toEqual([]);
    await page.close();
  });

  it("shows the headline numbers", async () => {
    // Prepare
    const { page } = await openReport();
    const summary = summariseScan(result);
    const cardValue = (label: string) =>
      page
        .locator(".card", { has: page.locator(".label", { hasText: new RegExp(`^${label}$`) }) })
        .locator(".value")
        .textContent();

    // Assess
    expect(await cardValue("open findings")).toBe(summary.total.toLocaleString("en-US"));
    expect(await cardValue("new since last scan")).toBe(String(result.history?.newFindingIds.length));
    expect(await cardValue("resolved since last scan")).toBe(String(history().resolved.length));
    expect(await cardValue("SLA compliance")).toBe(formatPercent(history().sla.compliancePercent ?? 0));
    expect(await cardValue("monthly license waste")).toBe(
      summary.monthlyLicenseWaste.toLocaleString("en-US", { style: "currency", currency: "USD" }),
    );
    expect(await cardValue("devices outstanding")).toBe(String(summary.devicesOutstanding));
    expect(summary.devicesOutstanding).toBeGreaterThan(0);
    await page.close();
  });

  it("shows timelines with late and outstanding steps, and waivers expiring soon", async () => {
    // Act
    const { page } = await openReport();

    // Assess
    expect(await page.locator(".timeline-card").count()).toBe(
      Math.min(history().timelines.length, DEFAULT_REPORT_LIMITS.timelines),
    );
    expect(await page.locator(".timeline-card .ev-late").first().isVisible()).toBe(true);
    expect(await page.locator(".timeline-card .ev-outstanding").first().isVisible()).toBe(true);
    expect(await page.locator("#waivers tr.expiring").count()).toBe(
      history().waivers.filter((w) => Date.parse(w.until) - Date.parse(result.evaluatedAt) <= 14 * DAY_MS)
        .length,
    );
    expect(await page.locator("#changes").textContent()).toContain(
      `… and ${history().newFindingIds.length - DEFAULT_REPORT_LIMITS.changedFindings} more`,
    );
    await page.close();
  });

  it(
    "keeps a full-page screenshot",
    async () => {
      // Prepare
      const { page } = await openReport();

      // Act
      await page.screenshot({ path: join(ARTIFACTS, "report.png"), fullPage: true });

      // Assess
      expect(existsSync(join(ARTIFACTS, "report.png"))).toBe(true);
      await page.close();
    },
    SCREENSHOT_TIMEOUT_MS,
  );

  it(
    "does not scroll sideways on a phone",
    async () => {
      // Prepare
      const { page, errors } = await openReport(PHONE);

      // Act
      // A string, evaluated in the page: the project compiles without DOM types.
      const widths = await page.evaluate<{ body: number; page: number; viewport: number }>(
        "({ body: document.body.scrollWidth, page: document.documentElement.scrollWidth, viewport: window.innerWidth })",
      );
      await page.screenshot({ path: join(ARTIFACTS, "report-phone.png"), fullPage: true });

      // Assess
      expect(widths.viewport).toBe(PHONE.width);
      expect(widths.body).toBeLessThanOrEqual(PHONE.width);
      expect(widths.page).toBeLessThanOrEqual(PHONE.width);
      for (const chart of await page.locator("svg.chart").all()) {
        const box = await chart.boundingBox();
        expect(box?.width ?? 0).toBeGreaterThan(0);
        expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(PHONE.width);
      }
      expect(errors).toEqual([]);
      await page.close();
    },
    SCREENSHOT_TIMEOUT_MS,
  );

  it("keeps every section and chart when printed", async () => {
    // Prepare
    const { page } = await openReport();

    // Act
    await page.emulateMedia({ media: "print" });

    // Assess
    for (const id of SECTIONS) {
      expect(await page.locator(`section#${id}`).isVisible(), id).toBe(true);
    }
    for (const chart of await page.locator("svg.chart").all()) {
      expect(await chart.isVisible()).toBe(true);
      expect((await chart.boundingBox())?.height ?? 0).toBeGreaterThan(40);
    }
    expect(await page.locator("nav").isHidden()).toBe(true);
    await page.close();
  });
});
