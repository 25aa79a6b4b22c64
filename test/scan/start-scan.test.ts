import { describe, expect, it } from "vitest";
import { parseConfigText } from "../../functions/config/load-config.ts";
import type { ScanDependencies } from "../../functions/scan/scan-dependencies.ts";
import { acceptSourceChangeStep, startScan } from "../../functions/scan/steps/start-scan.ts";
import { MemoryStateStore } from "../support/memory-state-store.ts";
import { MemoryTaskStore } from "../support/memory-task-store.ts";

const config = parseConfigText(
  JSON.stringify({
    organization: "Acme Corp",
    sources: [
      { id: "hr", kind: "roster", format: "csv", path: "hr.csv" },
      { id: "slack", kind: "accounts", format: "scim", path: "slack.json" },
      { id: "okta", kind: "accounts", format: "okta", path: "okta.json" },
    ],
  }),
  "/etc/deprov/deprov.config.json",
);

function deps(stateStore: MemoryStateStore): ScanDependencies {
  const unused = async (): Promise<never> => {
    throw new Error("not used by StartScan");
  };
  return {
    stateStore,
    blobStore: { get: unused, put: unused, list: unused } as unknown as ScanDependencies["blobStore"],
    loadConfig: async () => config,
    readExport: unused,
    readConfigFile: unused,
    memory: new Map(),
    partitionSize: 1000,
    singleProcess: true,
    exclusive: (work) => work(),
    taskStore: new MemoryTaskStore(),
    resolveCredential: unused,
    reportLink: () => "",
    log: () => {},
  };
}

describe("StartScan: accepted source changes", () => {
  it("records each accepted source once, as a step marker and an audit entry naming who and why", async () => {
    // Prepare
    const stateStore = new MemoryStateStore();
    const input = {
      scanId: "scan-1",
      now: "2026-11-26T12:00:00Z",
      acceptSourceChanges: [
        { sourceId: "slack", by: "maria", reason: "workspace cleanup" },
        { sourceId: "okta", by: "maria", reason: "tenant migration" },
      ],
    };

    // Act
    await startScan(deps(stateStore), input);
    await startScan(deps(stateStore), input);

    // Assess
    expect(await stateStore.getStep("scan-1", acceptSourceChangeStep("slack"))).toEqual({
      by: "maria",
      reason: "workspace cleanup",
    });
    const audit = await stateStore.listAudit({ from: 0, to: Number.MAX_SAFE_INTEGER });
    expect(
      audit.filter((e) => e.kind === "source-change.accepted").map((e) => [e.subject, e.actor, e.detail]),
    ).toEqual([
      ["slack", "user:maria", { reason: "workspace cleanup" }],
      ["okta", "user:maria", { reason: "tenant migration" }],
    ]);
  });

  it("refuses an acceptance for a source the config does not have", async () => {
    // Act
    const started = startScan(deps(new MemoryStateStore()), {
      scanId: "scan-2",
      now: "2026-11-26T12:00:00Z",
      acceptSourceChanges: [{ sourceId: "slak", by: "maria", reason: "typo" }],
    });

    // Assess
    await expect(started).rejects.toThrow('accept-source-change names no configured source: "slak"');
  });
});

describe("StartScan: scans go forward in time", () => {
  it("refuses an instant before the last successful scan, before it takes the lock or opens a run", async () => {
    // Prepare
    const stateStore = new MemoryStateStore();
    stateStore.latestSuccessfulScan = async () => ({
      scanId: "scan-december",
      evaluatedAt: Date.parse("2026-12-07T02:00:00Z"),
      finishedAt: Date.parse("2026-12-07T02:05:00Z"),
      resultKey: "scans/scan-december/findings.jsonl.gz",
    });

    // Act
    const started = startScan(deps(stateStore), { scanId: "scan-june", now: "2026-06-01T00:00:00Z" });

    // Assess
    await expect(started).rejects.toThrow(/before the last scan of this state \(scan-december/);
    expect(await stateStore.getScanRun("scan-june")).toBeUndefined();
  });
});
