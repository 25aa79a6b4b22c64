import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { renderFindingsCsv } from "../../reports/findings-csv.ts";
import { renderFindingsJson } from "../../reports/findings-json.ts";
import { renderReportHtml } from "../../reports/report-html.ts";
import { batched, writeScanOutputs } from "../../reports/write-outputs.ts";
import { makeScanResult, manyFindings } from "./fixtures.ts";

describe("batched", () => {
  it("joins small chunks into batches of at least the given size, losing nothing", () => {
    // Act
    const batches = [...batched(["ab", "cd", "ef", "g"], 3)];

    // Assess
    expect(batches).toEqual(["abcd", "efg"]);
  });
});

describe("writeScanOutputs", () => {
  let outDir = "";

  beforeEach(async () => {
    outDir = await mkdtemp(join(tmpdir(), "deprov-reports-"));
  });

  afterEach(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it("writes findings.json, findings.csv and report.html with the rendered content", async () => {
    // Prepare
    const result = makeScanResult({ findings: manyFindings(3_000) });
    const target = join(outDir, "out");

    // Act
    const paths = await writeScanOutputs(result, target);

    // Assess
    expect(paths.json).toBe(join(target, "findings.json"));
    expect(await readFile(paths.json, "utf8")).toBe(renderFindingsJson(result));
    expect(await readFile(paths.csv, "utf8")).toBe(renderFindingsCsv(result));
    expect(await readFile(paths.html, "utf8")).toBe(renderReportHtml(result));
  });
});
