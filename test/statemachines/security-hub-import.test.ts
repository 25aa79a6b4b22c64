/**
 * The Security Hub branch of statemachines/nightly-scan.asl.json, with the real handlers and the
 * blob hand-off Lambda takes, and a recording stand-in for the AWS import (no Security Hub runs
 * here; the exporter itself is tested against a mocked client in test/ports/security-hub/).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AslMachine, readAslDefinition } from "../../cli/local/asl-definition.ts";
import { NIGHTLY_SCAN_ASL } from "../../cli/local/run-local-scan.ts";
import { runStateMachineLocally } from "../../cli/local/run-state-machine.ts";
import { parseConfigText } from "../../functions/config/load-config.ts";
import type { LifecycleFinding, Transition } from "../../functions/core/lifecycle/types.ts";
import { importSecurityHubFindingsHandler } from "../../functions/handlers/import-security-hub-findings.ts";
import { planSecurityHubImportHandler } from "../../functions/handlers/plan-security-hub-import.ts";
import { FileBlobStore } from "../../functions/ports/file-blob-store.ts";
import type { SecurityHubScan } from "../../functions/ports/security-hub/security-hub-exporter.ts";
import type { ScanDependencies } from "../../functions/scan/scan-dependencies.ts";
import { makeFinding } from "../reports/fixtures.ts";
import { MemoryStateStore } from "../support/memory-state-store.ts";
import { persistedScan, stepDependencies } from "../support/persisted-scan.ts";

const SCAN_ID = "20261127T120000Z-sechub";
const EVALUATED_AT = Date.parse("2026-11-27T12:00:00Z");
const YESTERDAY = EVALUATED_AT - 86_400_000;

function securityHubBranch(): AslMachine {
  const definition = readAslDefinition(NIGHTLY_SCAN_ASL);
  const branches = (definition.States.PublishResults?.Branches ?? []) as AslMachine[];
  const branch = branches.find((b) => b.StartAt === "PlanSecurityHubImport");
  if (!branch) throw new Error("no Security Hub branch in the nightly scan");
  return branch;
}

function finding(id: number, firstSeenAt: number): LifecycleFinding {
  return {
    ...makeFinding({ subject: { type: "account", id: `okta-${id}` }, personId: `E${id}` }),
    status: "open",
    firstSeenAt,
    lastSeenAt: EVALUATED_AT,
  };
}

describe("the Security Hub import through the state machine", () => {
  let root: string;
  let imported: SecurityHubScan[];

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "deprov-sechub-"));
    imported = [];
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function prepare(findings: LifecycleFinding[], transitions: Transition[], enabled = true) {
    const blobStore = new FileBlobStore(join(root, "blobs"));
    const stateStore = new MemoryStateStore();
    await persistedScan(stateStore, blobStore, {
      scanId: SCAN_ID,
      evaluatedAt: EVALUATED_AT,
      findings,
      transitions,
    });
    const config = parseConfigText(
      JSON.stringify({
        organization: "Acme Corp",
        sources: [{ id: "hr", kind: "roster", format: "csv", path: "hr.csv" }],
        exports: { securityHub: { enabled, region: "us-east-1", accountId: "123456789012" } },
      }),
      join(root, "deprov.config.json"),
    );
    const deps = stepDependencies({
      stateStore,
      blobStore,
      loadConfig: async () => config,
      securityHub: async (scan) => {
        imported.push(scan);
        return { imported: scan.findings.length + (scan.history?.resolved.length ?? 0), failed: 0 };
      },
    });
    return deps;
  }

  function run(deps: ScanDependencies) {
    const own = () => ({ ...deps, memory: new Map<string, unknown>() });
    return runStateMachineLocally({
      definition: securityHubBranch(),
      handlers: {
        PlanSecurityHubImportFunctionArn: planSecurityHubImportHandler.withDependencies(own()),
        ImportSecurityHubFindingsFunctionArn: (event) =>
          importSecurityHubFindingsHandler.withDependencies(own())(event),
      },
      input: { scan: { scanId: SCAN_ID } },
      retryIntervalMs: 0,
    });
  }

  it("imports only what changed: new, reopened and waived findings, and the ones resolved", async () => {
    // Prepare: 30,000 open findings, of which 3 are new tonight; nothing else changed.
    const findings = Array.from({ length: 30_000 }, (_, i) => finding(i, i < 3 ? EVALUATED_AT : YESTERDAY));
    const transitions: Transition[] = findings.slice(0, 3).map((f) => ({
      findingId: f.id,
      rule: f.rule,
      kind: "new",
      from: null,
      to: "open",
      at: EVALUATED_AT,
      reason: "first seen",
    }));

    // Act
    const result = await run(await prepare(findings, transitions));

    // Assess
    expect(result.status).toBe("succeeded");
    expect(result.output).toMatchObject({ findings: 3, chunks: [{ items: 3 }] });
    expect(imported.flatMap((scan) => scan.findings.map((f) => f.id))).toEqual(
      findings.slice(0, 3).map((f) => f.id),
    );
  });

  it("sends a first night's every finding in chunks that fit the import's Lambda", async () => {
    // Prepare
    const findings = Array.from({ length: 45_000 }, (_, i) => finding(i, EVALUATED_AT));
    const transitions: Transition[] = findings.map((f) => ({
      findingId: f.id,
      rule: f.rule,
      kind: "new",
      from: null,
      to: "open",
      at: EVALUATED_AT,
      reason: "first seen",
    }));

    // Act
    const result = await run(await prepare(findings, transitions));

    // Assess
    expect(result.status).toBe("succeeded");
    expect(imported.length).toBeGreaterThan(1);
    expect(imported.reduce((sum, scan) => sum + scan.findings.length, 0)).toBe(45_000);
  }, 60_000);

  it("plans nothing when the export is off", async () => {
    // Act
    const result = await run(await prepare([finding(1, EVALUATED_AT)], [], false));

    // Assess
    expect(result.output).toMatchObject({ skipped: "disabled", chunks: [] });
    expect(imported).toEqual([]);
  });
});
