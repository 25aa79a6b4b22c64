/**
 * The manager-digest branch of statemachines/nightly-scan.asl.json, run by the local interpreter
 * with the real handlers, the blob hand-off Lambda takes (singleProcess: false), the local mailer
 * (.eml files and the SES-compatible sink's store) and a virtual clock: 10,000 managers at SES's
 * default production rate of 14 messages a second — about 12 minutes of sending — run in seconds,
 * and each chunk's simulated duration is checked against its Lambda's timeout.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AslMachine, readAslDefinition } from "../../cli/local/asl-definition.ts";
import { LocalMailer } from "../../cli/local/local-mailer.ts";
import { NIGHTLY_SCAN_ASL } from "../../cli/local/run-local-scan.ts";
import { type LocalHandler, runStateMachineLocally } from "../../cli/local/run-state-machine.ts";
import { parseConfigText } from "../../functions/config/load-config.ts";
import type { LifecycleFinding } from "../../functions/core/lifecycle/types.ts";
import { HANDLER_CATALOGUE } from "../../functions/handlers/catalogue.ts";
import { planManagerDigestsHandler } from "../../functions/handlers/plan-manager-digests.ts";
import { recordManagerDigestsFailureHandler } from "../../functions/handlers/record-manager-digests-failure.ts";
import { sendManagerDigestsHandler } from "../../functions/handlers/send-manager-digests.ts";
import { VirtualClock } from "../../functions/ports/clock.ts";
import { FileBlobStore } from "../../functions/ports/file-blob-store.ts";
import type { Mailer } from "../../functions/ports/mail/mailer.ts";
import type { PersonSummary } from "../../functions/scan/contract/scan-result.ts";
import type { ScanDependencies } from "../../functions/scan/scan-dependencies.ts";
import { makeFinding } from "../reports/fixtures.ts";
import { MemoryStateStore } from "../support/memory-state-store.ts";
import { persistedScan, stepDependencies } from "../support/persisted-scan.ts";

const SCAN_ID = "20261126T120000Z-digests";
const EVALUATED_AT = Date.parse("2026-11-26T12:00:00Z");
const SES_DEFAULT_RATE = 14;
const SEND_TIMEOUT_MS =
  (HANDLER_CATALOGUE.find((spec) => spec.name === "send-manager-digests")?.timeoutSeconds ?? 0) * 1000;

/** The PublishResults branch that sends the manager digests, as a machine of its own. */
function digestBranch(): AslMachine {
  const definition = readAslDefinition(NIGHTLY_SCAN_ASL);
  const branches = (definition.States.PublishResults?.Branches ?? []) as AslMachine[];
  const branch = branches.find((b) => b.StartAt === "PlanManagerDigests");
  if (!branch) throw new Error("no manager-digest branch in the nightly scan");
  return { ...branch, Comment: "the manager-digest branch of the nightly scan" };
}

/** An org where each of `managers` managers has one departed report with one open finding. */
function orgOf(managers: number): { people: Record<string, PersonSummary>; findings: LifecycleFinding[] } {
  const people: Record<string, PersonSummary> = {};
  const findings: LifecycleFinding[] = [];
  for (let i = 0; i < managers; i++) {
    const managerId = `M${String(i).padStart(5, "0")}`;
    const leaverId = `E${String(i).padStart(5, "0")}`;
    people[managerId] = { name: `Manager ${i}`, email: `manager.${i}@acme.com` };
    people[leaverId] = { name: `Leaver ${i}`, managerId, terminationDate: "2026-10-01" };
    findings.push({
      ...makeFinding({ subject: { type: "account", id: `okta-${leaverId}` }, personId: leaverId }),
      status: "open",
      firstSeenAt: EVALUATED_AT,
      lastSeenAt: EVALUATED_AT,
    });
  }
  return { people, findings };
}

describe("manager digests through the state machine, at SES's send rate", () => {
  let root: string;
  let clock: VirtualClock;
  let stateStore: MemoryStateStore;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "deprov-digests-"));
    clock = new VirtualClock(EVALUATED_AT);
    stateStore = new MemoryStateStore();
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function prepare(managers: number, mailer: Mailer): Promise<ScanDependencies> {
    const blobStore = new FileBlobStore(join(root, "blobs"));
    const config = {
      ...parseConfigText(
        JSON.stringify({
          organization: "Acme Corp",
          timezone: "America/New_York",
          emailDomains: ["acme.com"],
          sources: [{ id: "hr", kind: "roster", format: "csv", path: "hr.csv" }],
          report: { from: "deprov@acme.com", to: ["compliance@acme.com"] },
        }),
        join(root, "deprov.config.json"),
      ),
    };
    const { people, findings } = orgOf(managers);
    await persistedScan(stateStore, blobStore, {
      scanId: SCAN_ID,
      evaluatedAt: EVALUATED_AT,
      timezone: "America/New_York",
      people,
      findings,
    });
    return stepDependencies({ stateStore, blobStore, loadConfig: async () => config, mailer, clock });
  }

  async function run(deps: ScanDependencies, wrap?: (handler: LocalHandler) => LocalHandler) {
    // Each step gets memory of its own, as a Lambda would: chunks go through the blob store.
    const invocations: { chunk: number; durationMs: number }[] = [];
    const send: LocalHandler = async (event) => {
      const started = clock.now();
      try {
        return await sendManagerDigestsHandler.withDependencies({ ...deps, memory: new Map() })(event);
      } finally {
        invocations.push({
          chunk: (event as { chunk: { index: number } }).chunk.index,
          durationMs: clock.now() - started,
        });
      }
    };
    const result = await runStateMachineLocally({
      definition: digestBranch(),
      handlers: {
        PlanManagerDigestsFunctionArn: planManagerDigestsHandler.withDependencies({
          ...deps,
          memory: new Map(),
        }),
        SendManagerDigestsFunctionArn: wrap ? wrap(send) : send,
        RecordManagerDigestsFailureFunctionArn: recordManagerDigestsFailureHandler.withDependencies({
          ...deps,
          memory: new Map(),
        }),
      },
      input: { scan: { scanId: SCAN_ID } },
      retryIntervalMs: 0,
    });
    return { result, invocations };
  }

  async function sentKeys(): Promise<string[]> {
    const audit = await stateStore.listAudit({ from: 0, to: Number.MAX_SAFE_INTEGER });
    return audit
      .filter((entry) => entry.kind === "email.digests-sent")
      .map((entry) => String(entry.detail?.sent));
  }

  it("sends 10,000 digests at 14 a second in chunks that each fit inside their Lambda's timeout", async () => {
    // Prepare
    const mailer = new LocalMailer(join(root, "out"), {
      sendRatePerSecond: SES_DEFAULT_RATE,
      now: () => clock.now(),
    });
    const deps = await prepare(10_000, mailer);

    // Act
    const { result, invocations } = await run(deps);

    // Assess
    expect(result.status).toBe("succeeded");
    expect(invocations.length).toBeGreaterThanOrEqual(4);
    for (const invocation of invocations) expect(invocation.durationMs).toBeLessThan(SEND_TIMEOUT_MS * 0.75);
    const simulatedSeconds = invocations.reduce((sum, i) => sum + i.durationMs, 0) / 1000;
    expect(simulatedSeconds).toBeGreaterThan(10_000 / SES_DEFAULT_RATE - 5);
    expect(await readdir(join(root, "out", "emails"))).toHaveLength(10_000);
    expect((await sentKeys()).map(Number).reduce((a, b) => a + b, 0)).toBe(10_000);
  }, 120_000);

  it("resumes after a crash mid-way without sending any digest twice", async () => {
    // Prepare: the mail service fails once, on the 2,500th message (inside the second chunk).
    const delivered = new Map<string, number>();
    const inner = new LocalMailer(join(root, "out"), {
      sendRatePerSecond: SES_DEFAULT_RATE,
      now: () => clock.now(),
    });
    let sends = 0;
    const flaky: Mailer = {
      maxSendRate: () => inner.maxSendRate(),
      send: async (message) => {
        sends++;
        if (sends === 2_500) {
          const error = new Error("Maximum sending rate exceeded.");
          error.name = "Throttling";
          throw error;
        }
        const sent = await inner.send(message);
        delivered.set(message.idempotencyKey, (delivered.get(message.idempotencyKey) ?? 0) + 1);
        return sent;
      },
    };
    const deps = await prepare(5_000, flaky);

    // Act
    const { result, invocations } = await run(deps);

    // Assess
    expect(result.status).toBe("succeeded");
    expect(invocations.length).toBe(4);
    expect(delivered.size).toBe(5_000);
    expect([...delivered.values()].every((count) => count === 1)).toBe(true);
    expect(await readdir(join(root, "out", "emails"))).toHaveLength(5_000);
    expect((await sentKeys()).map(Number).reduce((a, b) => a + b, 0)).toBe(5_000);
  }, 120_000);

  it("stops a chunk before its Lambda would time out, and the retry sends the rest", async () => {
    // Prepare: SES slows to a crawl for a while (each message takes 20 simulated seconds).
    const inner = new LocalMailer(join(root, "out"), {
      sendRatePerSecond: SES_DEFAULT_RATE,
      now: () => clock.now(),
    });
    const delivered = new Map<string, number>();
    let slow = 12;
    const crawling: Mailer = {
      maxSendRate: () => inner.maxSendRate(),
      send: async (message) => {
        if (slow-- > 0) clock.advance(20_000);
        const sent = await inner.send(message);
        delivered.set(message.idempotencyKey, (delivered.get(message.idempotencyKey) ?? 0) + 1);
        return sent;
      },
    };
    const deps = await prepare(1_000, crawling);

    // Act
    const { result, invocations } = await run(deps);

    // Assess
    expect(result.status).toBe("succeeded");
    expect(invocations.length).toBeGreaterThan(1);
    for (const invocation of invocations) expect(invocation.durationMs).toBeLessThan(SEND_TIMEOUT_MS);
    expect(delivered.size).toBe(1_000);
    expect([...delivered.values()].every((count) => count === 1)).toBe(true);
  }, 120_000);
});
