/**
 * Rosters as HR systems export them, through the scan: without a status column (BambooHR and
 * Workday reports often carry only dates), or in the HR system's own words. Every person is kept
 * and the findings are those of the demo's own roster: departure is decided by dates.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDemo } from "../../cli/generate/generate-demo.ts";
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from "../../cli/local/embedded-dynamodb.ts";
import { loadConfig } from "../../functions/config/load-config.ts";
import { runScan } from "../../functions/scan/run-scan.ts";
import { scanLocally as scanThroughStateMachine } from "../support/scan-locally.ts";

const NOW = Date.parse("2026-11-26T12:00:00Z");
const dirs: string[] = [];
let referenceIds: string[];
let referencePeople: number;

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "deprov-roster-"));
  dirs.push(dir);
  return dir;
}

async function demo(): Promise<string> {
  const dir = freshDir();
  await generateDemo({ outDir: dir, now: NOW });
  return dir;
}

/** The roster's CSV as rows of fields (the demo writes no quoted field with a comma in the columns changed here). */
function rosterRows(dir: string): string[][] {
  return readFileSync(join(dir, "hr-roster.csv"), "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => line.split(","));
}

function writeRoster(dir: string, rows: readonly string[][]): void {
  writeFileSync(join(dir, "hr-roster.csv"), `${rows.map((row) => row.join(",")).join("\n")}\n`);
}

/** The demo's config scanned through the local state machine, on a fresh blob store. */
function scanLocally(db: EmbeddedDynamoDb, configFile: string, outDir: string, handOff?: "memory" | "blobs") {
  return scanThroughStateMachine(db, {
    configFile,
    outDir,
    blobsDir: freshDir(),
    now: NOW,
    ...(handOff !== undefined ? { handOff } : {}),
  });
}

/** The scan's findings.json holds every person of the demo's roster and exactly the demo's findings. */
function expectDemoFindingsIn(outDir: string): void {
  const json = JSON.parse(readFileSync(join(outDir, "findings.json"), "utf8")) as {
    sources: { kind: string; status: string; records: number; rejected: number; warnings: string[] }[];
    findings: { id: string }[];
  };
  expect(json.sources.find((s) => s.kind === "roster")).toMatchObject({
    status: "ok",
    records: referencePeople,
    rejected: 0,
    warnings: [],
  });
  expect(json.findings.map((f) => f.id).sort()).toEqual(referenceIds);
}

beforeAll(async () => {
  const dir = await demo();
  const outcome = await runScan({ config: loadConfig(join(dir, "deprov.config.json")), now: NOW });
  if (outcome.status !== "completed") throw new Error("the demo scan was aborted");
  referenceIds = outcome.result.findings.map((f) => f.id).sort();
  referencePeople = outcome.result.sources.find((s) => s.kind === "roster")?.records ?? 0;
});

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("a roster without a status column", () => {
  let db: EmbeddedDynamoDb;

  afterAll(async () => {
    await db?.close();
  });

  it("scans normally through the state machine, with the same findings", async () => {
    // Prepare: drop the column from the export and from the config
    const dir = await demo();
    const rows = rosterRows(dir);
    const status = rows[0]?.indexOf("Status") ?? -1;
    writeRoster(
      dir,
      rows.map((row) => row.filter((_, i) => i !== status)),
    );
    const configFile = join(dir, "deprov.config.json");
    const config = JSON.parse(readFileSync(configFile, "utf8")) as {
      sources: { columns?: Record<string, string> }[];
    };
    delete config.sources[0]?.columns?.status;
    writeFileSync(configFile, JSON.stringify(config, null, 2));
    db = await startEmbeddedDynamoDb();
    const outDir = freshDir();

    // Act
    const { run } = await scanLocally(db, configFile, outDir);

    // Assess
    expect(run.status).toBe("succeeded");
    expectDemoFindingsIn(outDir);
  });
});

describe("a roster in the HR system's own words", () => {
  it("keeps every person, warns about nothing, and finds the same", async () => {
    // Prepare: BambooHR, Workday, HiBob, Personio and ADP words, in any case and spacing
    const dir = await demo();
    const rows = rosterRows(dir);
    const status = rows[0]?.indexOf("Status") ?? -1;
    const words: Record<string, readonly string[]> = {
      Active: ["Active", "ACTIVE", " active ", "Pre-hire", "Pre-Hire", "Employed"],
      Terminated: ["Inactive", "Terminated", "Withdrawn", "Retired", "Deceased", "Garden leave", "inactive"],
      Leave: ["Leave of Absence", "LOA", "On Leave", "Paid Leave", "leave", "Suspended"],
    };
    const renamed = rows.map((row, i) => {
      if (i === 0) return row;
      const choices = words[row[status] ?? ""] ?? [];
      return row.map((field, j) => (j === status ? (choices[i % choices.length] ?? field) : field));
    });
    writeRoster(dir, renamed);

    // Act
    const outcome = await runScan({ config: loadConfig(join(dir, "deprov.config.json")), now: NOW });

    // Assess
    if (outcome.status !== "completed") throw new Error("the scan was aborted");
    const roster = outcome.result.sources.find((s) => s.kind === "roster");
    expect(roster).toMatchObject({ status: "ok", records: referencePeople, rejected: 0, warnings: [] });
    expect(outcome.result.findings.map((f) => f.id).sort()).toEqual(referenceIds);
  });
});

describe("a roster saved as an Excel workbook", () => {
  let db: EmbeddedDynamoDb;

  afterAll(async () => {
    await db?.close();
  });

  it("finds the same through the state machine, each step reading the workbook's snapshot as Lambdas do", async () => {
    // Prepare: the demo roster as Excel keeps it once opened: ids and dates as numbers under formats
    const dir = await demo();
    const [header = [], ...rows] = rosterRows(dir);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Employees");
    sheet.addRow(header);
    for (const row of rows) {
      sheet.addRow(
        row.map((value) => {
          if (/^\d+$/.test(value)) return Number(value);
          if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T00:00:00Z`);
          return value === "" ? null : value;
        }),
      );
    }
    for (const name of ["Hire Date", "Termination Date", "Role Changed At"]) {
      sheet.getColumn(header.indexOf(name) + 1).numFmt = "m/d/yyyy";
    }
    await workbook.xlsx.writeFile(join(dir, "hr-roster.xlsx"));
    const configFile = join(dir, "deprov.config.json");
    const config = JSON.parse(readFileSync(configFile, "utf8")) as { sources: { path?: string }[] };
    (config.sources[0] as { path?: string }).path = "hr-roster.xlsx";
    writeFileSync(configFile, JSON.stringify(config, null, 2));
    db = await startEmbeddedDynamoDb();
    const outDir = freshDir();

    // Act
    const { run } = await scanLocally(db, configFile, outDir, "blobs");

    // Assess
    expect(run.status).toBe("succeeded");
    expectDemoFindingsIn(outDir);
  });
});
