import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateOrg } from "../../cli/generate/generate-org.ts";
import { type LoadedConfig, loadConfig } from "../../functions/config/load-config.ts";
import { timeParserFor } from "../../functions/fast/iso-time-parser.ts";
import { collectSource } from "../../functions/scan/parse-source-export.ts";

const NOW = Date.parse("2026-11-26T12:00:00Z");

describe("a generated org read back through deprov's own parsers", () => {
  let dir: string;
  let config: LoadedConfig;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "deprov-generate-parse-"));
    await generateOrg({ people: 300, seed: 3, outDir: dir, now: NOW });
    config = loadConfig(join(dir, "deprov.config.json"));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("loads as a valid config", () => {
    // Assess
    expect(config.sources.map((s) => s.id)).toContain("hr");
  });

  it("parses every source with no rejected record", async () => {
    // Prepare
    const time = timeParserFor(config.timezone);

    // Act
    const collected = await Promise.all(config.sources.map((source) => collectSource(config, source, time)));

    // Assess
    for (const source of collected) {
      expect(source.info.status, `${source.info.id}: ${source.errors.join("; ")}`).toBe("ok");
      expect(source.rejectedCount, `${source.info.id}: ${source.errors.join("; ")}`).toBe(0);
      expect(source.recordCount, source.info.id).toBeGreaterThan(0);
    }
  });
});
