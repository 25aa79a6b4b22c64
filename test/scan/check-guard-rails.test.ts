/**
 * CheckGuardRails judges the counts of every collected source against the last successful scan's
 * (SPEC §5): the roster's shrink against the largest roster within lookbackDays (abort), every
 * other source's emptiness, shrink and rejected share (suspect), and accepted changes.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type LoadedConfig, parseConfigText } from "../../functions/config/load-config.ts";
import { nextSourceCounts, type SourceCounts } from "../../functions/core/source-counts.ts";
import { DAY_MS } from "../../functions/core/time.ts";
import { FileBlobStore } from "../../functions/ports/file-blob-store.ts";
import { getJson, putJson } from "../../functions/ports/json-blob.ts";
import type { OutgoingEmail } from "../../functions/ports/mail/mailer.ts";
import { blobKeys } from "../../functions/scan/contract/blob-keys.ts";
import type { SourceSummaryBlob } from "../../functions/scan/contract/source-summary-blob.ts";
import type { ScanDependencies } from "../../functions/scan/scan-dependencies.ts";
import { type CheckGuardRailsInput, checkGuardRails } from "../../functions/scan/steps/check-guard-rails.ts";
import { ACCEPT_ROSTER_CHANGE_STEP, acceptSourceChangeStep } from "../../functions/scan/steps/start-scan.ts";
import { MemoryStateStore } from "../support/memory-state-store.ts";
import { stepDependencies } from "../support/persisted-scan.ts";

const EVALUATED_AT = Date.parse("2026-11-26T06:00:00Z");
const STARTED_AT = EVALUATED_AT + 2_000;
const SCAN_ID = "20261126T060000Z-0badcafe";

function configOf({ report = true } = {}): LoadedConfig {
  return parseConfigText(
    JSON.stringify({
      organization: "Acme Corp",
      timezone: "America/New_York",
      ...(report ? { report: { from: "deprov@acme.com", to: ["compliance@acme.com"] } } : {}),
      sources: [
        { id: "hr", kind: "roster", format: "csv", path: "hr.csv" },
        { id: "okta", kind: "accounts", format: "okta", path: "okta.json" },
        { id: "slack", kind: "accounts", format: "scim", path: "slack.json" },
      ],
    }),
    "/etc/deprov/deprov.config.json",
  );
}

let blobDir: string;
let stateStore: MemoryStateStore;
let sent: OutgoingEmail[];
let deps: ScanDependencies;

beforeEach(async () => {
  blobDir = await mkdtemp(join(tmpdir(), "deprov-guard-"));
  stateStore = new MemoryStateStore();
  sent = [];
  const config = configOf();
  deps = stepDependencies({
    stateStore,
    blobStore: new FileBlobStore(blobDir),
    loadConfig: async () => config,
    singleProcess: true,
    mailer: {
      send: async (message) => {
        sent.push(message);
        return { messageId: `m-${sent.length}`, bytes: message.text.length };
      },
    },
  });
  await stateStore.startScanRun({
    scanId: SCAN_ID,
    status: "running",
    startedAt: STARTED_AT,
    evaluatedAt: EVALUATED_AT,
  });
});

afterEach(async () => {
  await rm(blobDir, { recursive: true, force: true });
});

/** A previous successful scan whose pointer carries `counts`. */
async function previousScan(counts: SourceCounts, evaluatedAt = EVALUATED_AT - DAY_MS): Promise<void> {
  const scanId = "previous-scan";
  await stateStore.startScanRun({ scanId, status: "running", startedAt: evaluatedAt, evaluatedAt });
  await stateStore.finishScanRun(scanId, {
    status: "succeeded",
    finishedAt: evaluatedAt + 60_000,
    resultKey: `scans/${scanId}/findings.jsonl.gz`,
    sourceCounts: counts,
  });
}

/** The summaries CollectSource would have stored, and the step's input. */
async function collected(
  counts: Record<string, { records: number; rejected?: number }>,
): Promise<CheckGuardRailsInput> {
  const input: CheckGuardRailsInput = { scanId: SCAN_ID, collected: [] };
  for (const [sourceId, { records, rejected = 0 }] of Object.entries(counts)) {
    const summary: SourceSummaryBlob = {
      info: {
        id: sourceId,
        kind: sourceId === "hr" ? "roster" : "accounts",
        format: "csv",
        status: "ok",
        provides: [],
      },
      recordCount: records,
      rejectedCount: rejected,
      errors: [],
      warnings: [],
      warningCount: 0,
      held: [],
      heldAll: false,
      durationMs: 5,
    };
    await putJson(deps.blobStore, blobKeys.sourceSummary(SCAN_ID, sourceId), summary);
    input.collected.push({ sourceId, status: "ok", records, rejected });
  }
  return input;
}

async function summaryOf(sourceId: string): Promise<SourceSummaryBlob | undefined> {
  return getJson<SourceSummaryBlob>(deps.blobStore, blobKeys.sourceSummary(SCAN_ID, sourceId));
}

async function audit(kind: string) {
  const entries = await stateStore.listAudit({ from: 0, to: Number.MAX_SAFE_INTEGER });
  return entries.filter((entry) => entry.kind === kind);
}

describe("CheckGuardRails: suspect sources", () => {
  it("marks a source that came back empty as suspect, with the numbers, audits it and sends one alert", async () => {
    // Prepare
    await previousScan({ sources: { hr: 100, okta: 40, slack: 12 }, roster: [] });
    const input = await collected({ hr: { records: 100 }, okta: { records: 40 }, slack: { records: 0 } });

    // Act
    const output = await checkGuardRails(deps, input);

    // Assess
    expect(output.proceed).toBe(true);
    const reasons = ["returned 0 records where its last successful collection had 12"];
    expect(output.suspect).toEqual([{ sourceId: "slack", reasons }]);
    expect((await summaryOf("slack"))?.info.status).toBe("suspect");
    expect((await summaryOf("slack"))?.suspect).toEqual({ reasons, previousRecords: 12, accepted: null });
    expect((await summaryOf("okta"))?.info.status).toBe("ok");
    expect(await audit("source.suspect")).toEqual([
      expect.objectContaining({
        subject: "slack",
        actor: `scan:${SCAN_ID}`,
        detail: { records: 0, rejected: 0, previousRecords: 12, reasons },
      }),
    ]);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.subject).toBe("[deprov] 1 source suspect, findings kept open: Acme Corp");
    expect(sent[0]?.text).toContain("slack: 0 records, 0 rejected (last successful collection: 12)");
  });

  it("sends the alert to the deployment's recipients when the config has no report section", async () => {
    // Prepare: a config as many start, and the stack's MAIL_FROM and REPORT_TO
    const withoutReport = configOf({ report: false });
    deps = {
      ...deps,
      loadConfig: async () => withoutReport,
      alertMail: { from: "deprov@acme.com", to: ["security@acme.com"] },
    };
    await previousScan({ sources: { hr: 100, okta: 40, slack: 12 }, roster: [] });
    const input = await collected({ hr: { records: 100 }, okta: { records: 40 }, slack: { records: 0 } });

    // Act
    await checkGuardRails(deps, input);

    // Assess
    expect(sent).toEqual([expect.objectContaining({ from: "deprov@acme.com", to: ["security@acme.com"] })]);
  });

  it("marks a source that shrank beyond maxSourceShrinkPercent, or rejected beyond maxRejectedPercent", async () => {
    // Prepare: okta lost 30 % of its users; slack (no history) rejected 10 of 100
    await previousScan({ sources: { hr: 100, okta: 40 }, roster: [] });
    const input = await collected({
      hr: { records: 100 },
      okta: { records: 28 },
      slack: { records: 90, rejected: 10 },
    });

    // Act
    const output = await checkGuardRails(deps, input);

    // Assess
    expect(output.suspect).toEqual([
      {
        sourceId: "okta",
        reasons: [
          "shrank by 30.0% (from 40 to 28 records) since its last successful collection, more than maxSourceShrinkPercent (20%)",
        ],
      },
      {
        sourceId: "slack",
        reasons: ["rejected 10 of 100 records (10.0%), more than maxRejectedPercent (5%)"],
      },
    ]);
    expect(sent).toHaveLength(1);
  });

  it("lets an accepted change count as ok once, recorded in the summary and the audit trail, without an alert", async () => {
    // Prepare
    await previousScan({ sources: { hr: 100, okta: 40, slack: 12 }, roster: [] });
    await stateStore.markStep(SCAN_ID, acceptSourceChangeStep("slack"), {
      by: "maria",
      reason: "workspace cleanup",
    });
    const input = await collected({ hr: { records: 100 }, okta: { records: 40 }, slack: { records: 0 } });

    // Act
    const output = await checkGuardRails(deps, input);

    // Assess
    expect(output.suspect).toEqual([]);
    expect(output.accepted).toEqual(["slack"]);
    expect((await summaryOf("slack"))?.info.status).toBe("ok");
    expect((await summaryOf("slack"))?.suspect?.accepted).toEqual({
      by: "maria",
      reason: "workspace cleanup",
    });
    expect(await audit("source.change-applied")).toEqual([
      expect.objectContaining({ subject: "slack", actor: "user:maria" }),
    ]);
    expect(sent).toEqual([]);
  });

  it("judges nothing on a first scan but the share of rejected records", async () => {
    // Prepare
    const input = await collected({ hr: { records: 100 }, okta: { records: 0 }, slack: { records: 5 } });

    // Act
    const output = await checkGuardRails(deps, input);

    // Assess
    expect(output).toMatchObject({ proceed: true, suspect: [], accepted: [] });
  });

  it("treats a roster that rejects too many rows as suspect, not as a reason to stop", async () => {
    // Prepare
    const input = await collected({
      hr: { records: 90, rejected: 10 },
      okta: { records: 40 },
      slack: { records: 12 },
    });

    // Act
    const output = await checkGuardRails(deps, input);

    // Assess
    expect(output.proceed).toBe(true);
    expect(output.suspect.map((s) => s.sourceId)).toEqual(["hr"]);
  });
});

describe("CheckGuardRails: the roster's shrink over lookbackDays", () => {
  it("measures a roster that loses 10 % a night against the largest roster of the window, and stops on the third night", async () => {
    // Prepare: 100, then 90, then 81 were accepted on the nights before
    let counts: SourceCounts = { sources: {}, roster: [] };
    for (const [night, records] of [
      [3, 100],
      [2, 90],
      [1, 81],
    ] as const) {
      counts = nextSourceCounts(counts, [{ sourceId: "hr", records, successful: true, accepted: false }], {
        sourceId: "hr",
        evaluatedAt: EVALUATED_AT - night * DAY_MS,
        lookbackDays: 365,
        zone: "America/New_York",
      });
    }
    await previousScan(counts);
    const input = await collected({ hr: { records: 73 } });

    // Act
    const output = await checkGuardRails(deps, input);

    // Assess: 73 is 10 % below last night's 81, but 27 % below the 100 of three nights ago
    expect(output.proceed).toBe(false);
    expect(output.previousRosterRecords).toBe(100);
    expect(output.reason).toMatch(/^the roster shrank by 27\.0% \(from 100 to 73 records\)/);
  });

  it("accepts a roster change with --accept-roster-change, and records it on the roster's summary", async () => {
    // Prepare
    await previousScan({
      sources: { hr: 100 },
      roster: [{ evaluatedAt: EVALUATED_AT - DAY_MS, records: 100 }],
    });
    await stateStore.markStep(SCAN_ID, ACCEPT_ROSTER_CHANGE_STEP, { by: "maria", reason: "divestiture" });
    const input = await collected({ hr: { records: 60 } });

    // Act
    const output = await checkGuardRails(deps, input);

    // Assess
    expect(output.proceed).toBe(true);
    expect(output.accepted).toEqual(["hr"]);
    expect((await summaryOf("hr"))?.suspect).toMatchObject({
      previousRecords: 100,
      accepted: { by: "maria", reason: "divestiture" },
    });
  });

  it("compares a retried scan with the scan before it", async () => {
    // Prepare: this scan already finished once and moved the pointer
    await previousScan({ sources: { hr: 100, slack: 12 }, roster: [] });
    await stateStore.finishScanRun(SCAN_ID, {
      status: "succeeded",
      finishedAt: STARTED_AT + 60_000,
      resultKey: `scans/${SCAN_ID}/findings.jsonl.gz`,
      sourceCounts: { sources: { hr: 100, slack: 0 }, roster: [] },
    });
    const input = await collected({ hr: { records: 100 }, slack: { records: 0 } });

    // Act
    const output = await checkGuardRails(deps, input);

    // Assess
    expect(output.suspect.map((s) => s.sourceId)).toEqual(["slack"]);
  });
});
