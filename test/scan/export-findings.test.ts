/**
 * ExportFindings writes every finding as files beside the report: locally into the output folder,
 * in AWS into the blob store; OCSF JSON lines only when the config asks for them.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfigText } from "../../functions/config/load-config.ts";
import type { LifecycleFinding } from "../../functions/core/lifecycle/types.ts";
import { FileBlobStore } from "../../functions/ports/file-blob-store.ts";
import { blobKeys } from "../../functions/scan/contract/blob-keys.ts";
import type { ScanDependencies } from "../../functions/scan/scan-dependencies.ts";
import { exportFindings } from "../../functions/scan/steps/export-findings.ts";
import { makeFinding } from "../reports/fixtures.ts";
import { MemoryStateStore } from "../support/memory-state-store.ts";
import { persistedScan, stepDependencies } from "../support/persisted-scan.ts";

const SCAN_ID = "20261126T120000Z-export";
const AT = Date.parse("2026-11-26T12:00:00Z");

describe("ExportFindings", () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "deprov-export-"));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function deps(exports: Record<string, unknown>, outputDir?: string): Promise<ScanDependencies> {
    const blobStore = new FileBlobStore(join(root, "blobs"));
    const stateStore = new MemoryStateStore();
    const findings: LifecycleFinding[] = [1, 2, 3].map((i) => ({
      ...makeFinding({ subject: { type: "account", id: `u-${i}` } }),
      status: "open",
      firstSeenAt: AT,
      lastSeenAt: AT,
    }));
    await persistedScan(stateStore, blobStore, { scanId: SCAN_ID, evaluatedAt: AT, findings });
    const config = parseConfigText(
      JSON.stringify({
        organization: "Acme Corp",
        sources: [{ id: "hr", kind: "roster", format: "csv", path: "hr.csv" }],
        exports,
      }),
      join(root, "deprov.config.json"),
    );
    return stepDependencies({
      stateStore,
      blobStore,
      loadConfig: async () => config,
      ...(outputDir !== undefined ? { outputDir } : {}),
    });
  }

  it("writes findings.json and findings.csv into the output folder, and no OCSF unless asked", async () => {
    // Act
    const output = await exportFindings(await deps({}, join(root, "out")), { scanId: SCAN_ID });

    // Assess
    expect(output).toMatchObject({ files: ["findings.json", "findings.csv"], findings: 3 });
    expect((await readdir(join(root, "out"))).sort()).toEqual(["findings.csv", "findings.json"]);
  });

  it("puts the files beside the report in the blob store, OCSF JSON lines too with exports.ocsf", async () => {
    // Prepare
    const dependencies = await deps({ ocsf: true });

    // Act
    const output = await exportFindings(dependencies, { scanId: SCAN_ID });

    // Assess
    expect(output.files).toEqual(["findings.json", "findings.csv", "findings.ocsf.jsonl"]);
    const ocsf = await dependencies.blobStore.get(blobKeys.report(SCAN_ID, "findings.ocsf.jsonl"));
    expect(String(ocsf).trim().split("\n")).toHaveLength(3);
    const json = JSON.parse(
      String(await dependencies.blobStore.get(blobKeys.report(SCAN_ID, "findings.json"))),
    );
    expect(json.findings).toHaveLength(3);
  });
});
