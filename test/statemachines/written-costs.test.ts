/**
 * Costs as a European billing export writes them (`"21,00 €"`), in an org whose currency is EUR,
 * through the state machine with each step re-reading the snapshots as Lambdas do: the paid seats
 * and their costs are exactly those of the demo's per-seat price.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateDemo } from "../../cli/generate/generate-demo.ts";
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from "../../cli/local/embedded-dynamodb.ts";
import { loadConfig } from "../../functions/config/load-config.ts";
import { runScan } from "../../functions/scan/run-scan.ts";
import { scanLocally } from "../support/scan-locally.ts";

const NOW = Date.parse("2026-11-26T12:00:00Z");
const dirs: string[] = [];
let db: EmbeddedDynamoDb | undefined;

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "deprov-costs-"));
  dirs.push(dir);
  return dir;
}

interface SeatFinding {
  id: string;
  rule: string;
  sourceId: string;
  evidence: { monthlyCost?: number; costFrom?: string };
}

function githubSeats(findings: readonly SeatFinding[]): [string, number | undefined][] {
  return findings
    .filter((f) => f.rule === "unused-license" && f.sourceId === "github")
    .map((f): [string, number | undefined] => [f.id, f.evidence.monthlyCost])
    .sort(([a], [b]) => a.localeCompare(b));
}

afterAll(async () => {
  await db?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("costs written with a currency and a decimal comma", () => {
  it("read into the same paid seats and costs as the per-seat price, through the state machine", async () => {
    // Prepare: the demo's GitHub export with a cost column, and its per-seat price removed
    const dir = freshDir();
    await generateDemo({ outDir: dir, now: NOW });
    const configFile = join(dir, "deprov.config.json");
    const reference = await runScan({ config: loadConfig(configFile), now: NOW });
    if (reference.status !== "completed") throw new Error("the demo scan was aborted");
    const expected = githubSeats(reference.result.findings as unknown as SeatFinding[]);
    expect(expected.length).toBeGreaterThan(10);
    expect(expected.every(([, cost]) => cost === 21)).toBe(true);

    const export_ = join(dir, "github-members.csv");
    const lines = readFileSync(export_, "utf8").split("\n");
    writeFileSync(
      export_,
      lines
        .map((line, i) => (line === "" ? line : `${line},${i === 0 ? "seat_cost" : '"21,00 €"'}`))
        .join("\n"),
    );
    const config = JSON.parse(readFileSync(configFile, "utf8")) as {
      report?: Record<string, unknown>;
      sources: { id: string; monthlyCostPerSeat?: number; columns?: Record<string, string> }[];
    };
    config.report = { ...config.report, currency: "EUR" };
    const github = config.sources.find((s) => s.id === "github");
    if (github?.columns === undefined) throw new Error("the demo has no github source");
    delete github.monthlyCostPerSeat;
    github.columns.monthlyCost = "seat_cost";
    writeFileSync(configFile, JSON.stringify(config, null, 2));
    db = await startEmbeddedDynamoDb();
    const outDir = freshDir();

    // Act
    const { run } = await scanLocally(db, {
      configFile,
      outDir,
      blobsDir: freshDir(),
      now: NOW,
      handOff: "blobs",
    });

    // Assess
    expect(run.status).toBe("succeeded");
    const json = JSON.parse(readFileSync(join(outDir, "findings.json"), "utf8")) as {
      sources: { id: string; status: string; warnings: string[] }[];
      findings: SeatFinding[];
    };
    expect(json.sources.find((s) => s.id === "github")).toMatchObject({ status: "ok", warnings: [] });
    expect(githubSeats(json.findings)).toEqual(expected);
    expect(
      json.findings.find((f) => f.sourceId === "github" && f.rule === "unused-license")?.evidence.costFrom,
    ).toBe("account");
  });
});
