/**
 * `deprov findings` and `deprov waive` against a real local state folder: the embedded DynamoDB
 * persisted in LevelDB plus result blobs, seeded by scans persisted the way `deprov scan` does.
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { UsageError } from "../../cli/args.ts";
import { findingsCommand } from "../../cli/commands/findings.ts";
import { parseUntil, waiveCommand } from "../../cli/commands/waive.ts";
import { openLocalState } from "../../cli/local/embedded-dynamodb.ts";
import { type Finding, findingId } from "../../functions/core/finding.ts";
import { persistLifecycle } from "../../functions/ports/persist-lifecycle.ts";

const DAY = 86_400_000;
const T1 = Date.parse("2026-11-24T14:00:00Z");
const T2 = T1 + DAY;

function finding(rule: string, accountId: string, severity: Finding["severity"]): Finding {
  const subject = { type: "account" as const, id: accountId };
  return {
    id: findingId(rule, "okta", subject),
    rule,
    severity,
    sourceId: "okta",
    subject,
    personId: "E3003",
    title: rule === "ghost-account" ? "Enabled account of departed person" : "Dormant account",
    evidence: { accountId, enabled: true },
    controls: ["SOC2 CC6.2"],
    dependsOn: ["okta", "hr"],
  };
}

const GHOST = finding("ghost-account", "00u-ghost", "critical");
const DORMANT = finding("dormant-account", "00u-dormant", "low");
const GONE = finding("dormant-account", "00u-gone", "low");

/** Persists one scan into the state folder the way the local scan does. */
async function seedScan(stateDir: string, now: number, findings: readonly Finding[]): Promise<string> {
  const state = await openLocalState(stateDir);
  if (state === undefined) throw new Error("state folder not opened");
  const scanId = `scan-${now}`;
  try {
    await state.stateStore.startScanRun({
      scanId,
      status: "running",
      startedAt: now,
      evaluatedAt: now,
      timezone: "America/New_York",
    });
    const { summary } = await persistLifecycle({
      stateStore: state.stateStore,
      blobStore: state.blobStore,
      scanId,
      now,
      recordedAt: now,
      findings,
      sourceStatus: new Map([
        ["hr", "ok"],
        ["okta", "ok"],
      ]),
    });
    await state.stateStore.finishScanRun(scanId, {
      status: "succeeded",
      finishedAt: now,
      resultKey: summary.resultKey,
      rosterRecords: 10,
    });
  } finally {
    await state.close();
  }
  return scanId;
}

describe("deprov findings / deprov waive", () => {
  let stateDir: string;
  let output: string[];

  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), "deprov-state-"));
    output = [];
    vi.spyOn(console, "log").mockImplementation((line: unknown) => {
      output.push(String(line));
    });
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await rm(stateDir, { recursive: true, force: true });
  });

  async function listJson(...args: string[]) {
    output = [];
    const code = await findingsCommand(["--state", stateDir, "--json", ...args]);
    return { code, body: JSON.parse(output.join("\n")) as { findings: { id: string; status: string }[] } };
  }

  it("lists open findings of the latest scan by default, most severe first, as a table", async () => {
    // Prepare
    await seedScan(stateDir, T1, [DORMANT, GHOST]);

    // Act
    const code = await findingsCommand(["--state", stateDir]);

    // Assess
    expect(code).toBe(0);
    const [header, , first, second, summary] = output.join("\n").split("\n");
    expect(header?.split(/\s+/)).toEqual([
      "id",
      "rule",
      "severity",
      "status",
      "subject",
      "person",
      "firstSeenAt",
      "lastSeenAt",
    ]);
    expect(first).toContain(GHOST.id);
    expect(first).toContain("account:00u-ghost");
    expect(first).toContain("2026-11-24T14:00:00.000Z");
    expect(second).toContain(DORMANT.id);
    expect(summary).toBe(
      "2 open findings (latest scan scan-1795528800000, evaluated 2026-11-24T14:00:00.000Z)",
    );
  });

  it("shows source text without terminal control characters, in the table and in --json", async () => {
    // Prepare: an account id as a hostile export could carry it.
    const hostile = finding(
      "orphan-account",
      "evil\u001b]0;pwned\u0007\u001b[2J\u009b31m\nnext\u202eline",
      "high",
    );
    await seedScan(stateDir, T1, [hostile]);

    // Act
    await findingsCommand(["--state", stateDir]);
    const table = output.join("\n");
    const { body } = await listJson();
    const json = output.join("\n");

    // Assess
    expect(table).toContain("account:evil]0;pwned[2J31m nextline");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence.
    expect(table).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence.
    expect(json).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect((body.findings[0] as unknown as { subject: { id: string } }).subject.id).toBe(hostile.subject.id);
  });

  it("lists resolved findings from the store, and filters by rule", async () => {
    // Prepare
    await seedScan(stateDir, T1, [GHOST, DORMANT, GONE]);
    await seedScan(stateDir, T2, [GHOST, DORMANT]);

    // Act
    const resolved = await listJson("--status", "resolved");
    const all = await listJson("--status", "all", "--rule", "dormant-account");

    // Assess
    expect(resolved.body.findings).toMatchObject([
      { id: GONE.id, status: "resolved", resolvedAt: "2026-11-25T14:00:00.000Z" },
    ]);
    expect(all.body.findings.map((f) => [f.id, f.status])).toEqual([
      [DORMANT.id, "open"],
      [GONE.id, "resolved"],
    ]);
  });

  it("refuses a rule that does not exist rather than list nothing", async () => {
    // Prepare
    await seedScan(stateDir, T1, [GHOST]);

    // Act
    const listed = findingsCommand(["--rule", "ghost-acount", "--state", stateDir]);

    // Assess
    await expect(listed).rejects.toThrow(UsageError);
    await expect(findingsCommand(["--rule", "ghost-acount", "--state", stateDir])).rejects.toThrow(
      /--rule: no rule "ghost-acount"; the rules are ghost-account, orphan-account/,
    );
  });

  it("records a waiver with an audit entry; the next scan reports the finding waived", async () => {
    // Prepare
    await seedScan(stateDir, T1, [GHOST, DORMANT]);

    // Act
    const code = await waiveCommand(
      [
        GHOST.id,
        "--reason",
        "Break-glass account, reviewed quarterly",
        "--until",
        "2026-12-31",
        "--by",
        "ciso@acme.com",
        "--state",
        stateDir,
      ],
      { now: () => T1 + 3_600_000 },
    );
    await seedScan(stateDir, T2, [GHOST, DORMANT]);

    // Assess
    expect(code).toBe(0);
    expect(output.join("\n")).toContain(
      `Waived ${GHOST.id} until 2027-01-01T05:00:00.000Z (2026-12-31, America/New_York)`,
    );
    const waived = await listJson("--status", "waived");
    expect(waived.body.findings).toMatchObject([
      {
        id: GHOST.id,
        status: "waived",
        waiver: { reason: "Break-glass account, reviewed quarterly", approvedBy: "ciso@acme.com" },
      },
    ]);
    const state = await openLocalState(stateDir);
    try {
      const audit = await state?.stateStore.listAudit({ from: T1, to: T2 });
      expect(audit?.find((e) => e.kind === "waiver.created")).toMatchObject({
        actor: "user:ciso@acme.com",
        subject: GHOST.id,
        at: T1 + 3_600_000,
        detail: { reason: "Break-glass account, reviewed quarterly", untilText: "2026-12-31" },
      });
      expect(audit?.find((e) => e.kind === "finding.waived")).toMatchObject({ scanId: `scan-${T2}` });
    } finally {
      await state?.close();
    }
  });

  it("refuses to waive a finding that no scan has seen", async () => {
    // Prepare
    await seedScan(stateDir, T1, [GHOST]);

    // Act + Assess
    await expect(
      waiveCommand(
        [
          "ghost-account:0000000000",
          "--reason",
          "r",
          "--until",
          "2027-01-31",
          "--by",
          "me",
          "--state",
          stateDir,
        ],
        {
          now: () => T1,
        },
      ),
    ).rejects.toThrow(/finding "ghost-account:0000000000" is not in the latest scan/);
  });

  it("refuses an expiry that has already passed, or that is not a date", async () => {
    // Prepare
    await seedScan(stateDir, T1, [GHOST]);
    const waive = (until: string) =>
      waiveCommand([GHOST.id, "--reason", "r", "--until", until, "--by", "me", "--state", stateDir], {
        now: () => T1,
      });

    // Act + Assess
    await expect(waive("2026-11-23")).rejects.toThrow(/--until: "2026-11-23" has already passed/);
    await expect(waive("next friday")).rejects.toThrow(/--until: expected a date YYYY-MM-DD/);
    await expect(waive("2026-02-30")).rejects.toThrow(UsageError);
  });

  it("takes --now as the other lifecycle commands do: the waiver is recorded then, and --until checked against it", async () => {
    // Prepare: a scan replayed at a night in the past (T1), long before the wall clock
    await seedScan(stateDir, T1, [GHOST]);
    const waive = (until: string, now: string) =>
      waiveCommand(
        [GHOST.id, "--reason", "r", "--until", until, "--by", "me", "--now", now, "--state", stateDir],
        { now: () => T2 + 400 * DAY },
      );

    // Act
    const code = await waive("2026-11-30", "2026-11-24T15:00:00Z");

    // Assess: --now wins over the clock, and an expiry after it is accepted
    expect(code).toBe(0);
    const state = await openLocalState(stateDir);
    try {
      const audit = await state?.stateStore.listAudit({ from: T1, to: T2 });
      expect(audit?.find((e) => e.kind === "waiver.created")).toMatchObject({
        at: Date.parse("2026-11-24T15:00:00Z"),
      });
    } finally {
      await state?.close();
    }
    await expect(waive("2026-11-30", "2026-12-02T00:00:00Z")).rejects.toThrow(
      /--until: "2026-11-30" has already passed \(now is 2026-12-02T00:00:00.000Z\)/,
    );
    await expect(waive("2026-11-30", "yesterday")).rejects.toThrow(
      /^--now: expected an ISO 8601 instant with offset such as 2026-11-26T09:00:00Z, got "yesterday"$/,
    );
  });

  it("requires a reason and an approver", async () => {
    // Act + Assess
    await expect(
      waiveCommand([GHOST.id, "--reason", "  ", "--until", "2027-01-31", "--by", "me", "--state", stateDir]),
    ).rejects.toThrow(/--reason is required/);
    await expect(
      waiveCommand([GHOST.id, "--reason", "r", "--until", "2027-01-31", "--state", stateDir]),
    ).rejects.toThrow(/--by is required/);
  });

  it("reports an empty state folder without creating anything", async () => {
    // Act
    const code = await findingsCommand(["--state", join(stateDir, "never-scanned")]);

    // Assess
    expect(code).toBe(0);
    expect(output.join("\n")).toContain("no scan has been recorded");
    expect(existsSync(join(stateDir, "never-scanned"))).toBe(false);
  });
});

describe("parseUntil", () => {
  it("reads a date as the end of that day in the org's zone", () => {
    // Act + Assess
    expect(parseUntil("2027-03-31", "Europe/Berlin", T1)).toBe(Date.parse("2027-03-31T22:00:00Z"));
  });

  it("accepts an instant with offset", () => {
    // Act + Assess
    expect(parseUntil("2027-03-31T17:00:00+02:00", "UTC", T1)).toBe(Date.parse("2027-03-31T15:00:00Z"));
  });

  it("treats an expiry at exactly now as already passed", () => {
    // Act + Assess
    expect(() => parseUntil("2026-11-24T14:00:00Z", "UTC", T1)).toThrow(/already passed/);
  });
});
