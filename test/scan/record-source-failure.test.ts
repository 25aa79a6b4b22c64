import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfigText } from "../../functions/config/load-config.ts";
import { FileBlobStore } from "../../functions/ports/file-blob-store.ts";
import { recordSourceFailure } from "../../functions/scan/steps/collect-source.ts";
import { MemoryStateStore } from "../support/memory-state-store.ts";
import { stepDependencies } from "../support/persisted-scan.ts";

const STARTED = Date.parse("2026-11-26T12:00:00Z");

describe("RecordSourceFailure", () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "deprov-source-failure-"));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("records source.failed once, with the error's name and not its message", async () => {
    // Prepare
    const stateStore = new MemoryStateStore();
    await stateStore.startScanRun({
      scanId: "s1",
      status: "running",
      startedAt: STARTED,
      evaluatedAt: STARTED,
    });
    const config = parseConfigText(
      JSON.stringify({
        organization: "Acme Corp",
        sources: [{ id: "hr", kind: "roster", format: "csv", path: "hr.csv" }],
      }),
      join(root, "deprov.config.json"),
    );
    const deps = stepDependencies({
      stateStore,
      blobStore: new FileBlobStore(join(root, "blobs")),
      loadConfig: async () => config,
    });
    const input = {
      scanId: "s1",
      sourceId: "hr",
      error: { Error: "Lambda.Unknown", Cause: '{"errorMessage":"bad row for jane.doe@acme.com"}' },
    };

    // Act: the Catch runs twice, as a retried step would
    await recordSourceFailure(deps, input);
    await recordSourceFailure(deps, input);

    // Assess
    const entries = await stateStore.listAudit({ from: 0, to: Number.MAX_SAFE_INTEGER });
    expect(entries).toEqual([
      expect.objectContaining({
        kind: "source.failed",
        at: STARTED,
        actor: "scan:s1",
        subject: "hr",
        scanId: "s1",
        detail: { kind: "roster", format: "csv", cause: "collect-crashed", error: "Lambda.Unknown" },
      }),
    ]);
    expect(JSON.stringify(entries)).not.toContain("jane.doe");
  });
});
