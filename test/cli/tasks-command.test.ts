/**
 * `deprov tasks` against a real local state folder: the embedded DynamoDB persisted in LevelDB,
 * result blobs, and tasks opened and closed by the real task sync, as `deprov scan` leaves them.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { UsageError } from "../../cli/args.ts";
import { listTasks, tasksCommand, tasksListText } from "../../cli/commands/tasks.ts";
import { openLocalState } from "../../cli/local/embedded-dynamodb.ts";
import { type Finding, findingId } from "../../functions/core/finding.ts";
import { revocationTaskKey } from "../../functions/core/reviews/revocation-tasks.ts";
import { persistLifecycle } from "../../functions/ports/persist-lifecycle.ts";
import { readFindingsBlob } from "../../functions/ports/result-blob.ts";
import { LocalTaskSink } from "../../functions/ports/tasks/local-task-sink.ts";
import { syncRemediationTasks } from "../../functions/ports/tasks/sync-tasks.ts";
import { MemoryTaskStore } from "../support/memory-task-store.ts";
import { reviewFixture } from "../support/review-campaign.ts";

const DAY = 86_400_000;
const T1 = Date.parse("2026-11-24T14:00:00Z");
const T2 = T1 + DAY;
const PEOPLE = {
  E3003: { name: "Dana Whitfield", terminationDate: "2026-10-30" },
  E4004: { name: "Ravi Menon", terminationDate: "2026-11-02" },
};

function finding(rule: string, sourceId: string, accountId: string, personId: string | null): Finding {
  const subject = { type: "account" as const, id: accountId };
  return {
    id: findingId(rule, sourceId, subject),
    rule,
    severity: rule === "ghost-account" ? "critical" : "high",
    sourceId,
    subject,
    personId,
    title:
      rule === "ghost-account"
        ? "Enabled account of departed person"
        : "Enabled account with no matching person",
    evidence: { accountId, enabled: true },
    controls: ["SOC2 CC6.2"],
    dependsOn: [sourceId, "hr"],
  };
}

const DANA_OKTA = finding("ghost-account", "okta", "00u-dana", "E3003");
const DANA_SLACK = finding("ghost-account", "slack", "U-dana", "E3003");
const RAVI_OKTA = finding("ghost-account", "okta", "00u-ravi", "E4004");
const ORPHAN = finding("orphan-account", "okta", "00u-temp", null);

/** Persists a scan and syncs its tasks into the state folder, the way the local scan does. */
async function scanAndSync(stateDir: string, now: number, findings: readonly Finding[]): Promise<string> {
  const state = await openLocalState(stateDir);
  if (state === undefined) throw new Error("state folder not opened");
  const scanId = `scan-${now}`;
  try {
    await state.stateStore.startScanRun({ scanId, status: "running", startedAt: now, evaluatedAt: now });
    const { summary } = await persistLifecycle({
      stateStore: state.stateStore,
      blobStore: state.blobStore,
      scanId,
      now,
      recordedAt: now,
      findings,
      sourceStatus: new Map(["hr", "okta", "slack"].map((id) => [id, "ok" as const])),
    });
    const persisted = await readFindingsBlob(state.blobStore, summary.resultKey);
    await syncRemediationTasks({
      scanId,
      now,
      findings: persisted ?? [],
      people: PEOPLE,
      store: state.taskStore,
      sink: new LocalTaskSink(),
      dryRun: false,
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

interface TasksJson {
  schemaVersion: number;
  scanId: string | null;
  tasks: { id: string; sink: string; status: string; personId: string | null; sourceId: string | null }[];
}

describe("deprov tasks", () => {
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

  async function listJson(...args: string[]): Promise<{ code: number; body: TasksJson }> {
    output = [];
    const code = await tasksCommand(["--state", stateDir, "--json", ...args]);
    return { code, body: JSON.parse(output.join("\n")) as TasksJson };
  }

  it("lists the open tasks, most severe first, then each task's findings", async () => {
    // Prepare
    const scanId = await scanAndSync(stateDir, T1, [ORPHAN, DANA_OKTA, DANA_SLACK]);

    // Act
    const code = await tasksCommand(["--state", stateDir]);

    // Assess
    expect(code).toBe(0);
    const text = output.join("\n");
    const [header, , first, second] = text.split("\n");
    expect(header?.split(/\s+/)).toEqual(["id", "status", "severity", "findings", "externalKey", "title"]);
    expect(first?.split(/\s{2,}/)).toEqual([
      "leaver:E3003",
      "open",
      "critical",
      "2",
      "leaver:E3003",
      "Offboarding incomplete: Dana Whitfield (E3003), 2 open findings",
    ]);
    expect(second).toMatch(
      /^system:okta\s+open\s+high\s+1\s+system:okta\s+Unowned access in okta: 1 open finding$/,
    );
    expect(text).toContain(
      [
        "leaver:E3003 — Offboarding incomplete: Dana Whitfield (E3003), 2 open findings",
        `  - [critical] ghost-account · okta · account 00u-dana · ${DANA_OKTA.id}`,
        `  - [critical] ghost-account · slack · account U-dana · ${DANA_SLACK.id}`,
      ].join("\n"),
    );
    expect(output.at(-1)).toBe(`2 open tasks (findings as of scan ${scanId})`);
  });

  it("shows source text without terminal control characters", async () => {
    // Prepare: an account id as a hostile export could carry it.
    const hostile = finding(
      "orphan-account",
      "okta",
      "evil\u001b]0;pwned\u0007\u001b[2J\u009b31m\nnext\u202eline",
      null,
    );
    await scanAndSync(stateDir, T1, [hostile]);

    // Act
    await tasksCommand(["--state", stateDir]);

    // Assess
    const text = output.join("\n");
    expect(text).toContain("account evil]0;pwned[2J31m nextline");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence.
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
  });

  it("prints SPEC's shape with --json, and lists closed tasks and all of them on request", async () => {
    // Prepare: Dana's accounts are gone the next night, Ravi's task is new.
    await scanAndSync(stateDir, T1, [DANA_OKTA, ORPHAN]);
    const latest = await scanAndSync(stateDir, T2, [ORPHAN, RAVI_OKTA]);

    // Act
    const open = await listJson();
    const closed = await listJson("--status", "closed");
    const all = await listJson("--status", "all");

    // Assess
    expect(open.code).toBe(0);
    expect(open.body).toEqual({
      schemaVersion: 1,
      scanId: latest,
      tasks: [
        {
          id: "leaver:E4004",
          sink: "local",
          title: "Offboarding incomplete: Ravi Menon (E4004), 1 open finding",
          personId: "E4004",
          sourceId: null,
          status: "open",
          findingIds: [RAVI_OKTA.id],
          externalKey: "leaver:E4004",
        },
        {
          id: "system:okta",
          sink: "local",
          title: "Unowned access in okta: 1 open finding",
          personId: null,
          sourceId: "okta",
          status: "open",
          findingIds: [ORPHAN.id],
          externalKey: "system:okta",
        },
      ],
    });
    expect(closed.body.tasks.map((t) => [t.id, t.status])).toEqual([["leaver:E3003", "closed"]]);
    expect(all.body.tasks.map((t) => t.id)).toEqual(["leaver:E4004", "system:okta", "leaver:E3003"]);
  });

  it("lists an access review's revocation tasks beside the scan's, with the review items to remove", async () => {
    // Prepare: a scan's task for Dana, and a closed campaign's revocation task for Ravi (its own partition)
    await scanAndSync(stateDir, T1, [DANA_OKTA]);
    const state = await openLocalState(stateDir);
    if (state?.reviews === undefined) throw new Error("state folder not opened");
    const key = revocationTaskKey("annual-2026", "E4004");
    try {
      await state.reviews.taskStore.createTasks([
        {
          key,
          status: "open",
          externalId: key,
          title: 'Access review "Annual 2026": revoke 2 items of Ravi Menon (E4004)',
          severity: "high",
          contentHash: "c0ffee",
          findingIds: ["item-okta-00u-ravi", "item-slack-U-ravi"],
          createdAt: T2,
          updatedAt: T2,
          scanId: "campaign:annual-2026",
        },
      ]);
    } finally {
      await state.close();
    }

    // Act
    const listed = await listJson();
    output = [];
    await tasksCommand(["--state", stateDir]);
    const text = output.join("\n");

    // Assess
    expect(listed.body.tasks.map((t) => [t.id, t.personId, t.sourceId])).toEqual([
      ["leaver:E3003", "E3003", null],
      [key, "E4004", null],
    ]);
    expect(listed.body.tasks[1]).toMatchObject({
      findingIds: [],
      reviewItemIds: ["item-okta-00u-ravi", "item-slack-U-ravi"],
    });
    expect(text).toContain(`${key} — Access review "Annual 2026": revoke 2 items of Ravi Menon (E4004)`);
    expect(text).toContain("  - access to remove: review item item-slack-U-ravi");
    expect(text).not.toContain("no longer open");
    expect(text).toContain("2 open tasks");
  });

  it("marks findings of a closed task as no longer open", async () => {
    // Prepare
    await scanAndSync(stateDir, T1, [DANA_OKTA]);
    await scanAndSync(stateDir, T2, [ORPHAN]);

    // Act
    await tasksCommand(["--state", stateDir, "--status", "closed"]);

    // Assess
    expect(output.join("\n")).toContain(`  - ${DANA_OKTA.id} (no longer open)`);
    expect(output.at(-1)).toMatch(/^1 closed task \(findings as of scan /);
  });

  it("names the sink of the config it is given", async () => {
    // Prepare
    await scanAndSync(stateDir, T1, [DANA_OKTA]);
    const config = join(stateDir, "deprov.config.json");
    await writeFile(
      config,
      JSON.stringify({
        organization: "Acme Corp",
        sources: [{ id: "hr", kind: "roster", format: "csv", path: "hr.csv" }],
        tasks: {
          sink: "jira",
          baseUrl: "https://acme.atlassian.net",
          projectKey: "SEC",
          email: "deprov-bot@acme.com",
          apiToken: { env: "JIRA_API_TOKEN" },
        },
      }),
    );

    // Act
    const { body } = await listJson("--config", config);

    // Assess
    expect(body.tasks.map((t) => t.sink)).toEqual(["jira"]);
  });

  it("says so when no scan ran yet, and refuses an unknown status", async () => {
    // Act
    const code = await tasksCommand(["--state", join(stateDir, "never")]);

    // Assess
    expect(code).toBe(0);
    expect(output).toEqual([
      `No tasks: no scan has been recorded in ${join(stateDir, "never")} yet (run deprov scan first).`,
    ]);
    await expect(tasksCommand(["--state", stateDir, "--status", "done"])).rejects.toThrow(
      new UsageError('--status: expected one of open, closed, all, got "done"'),
    );
  });
});

describe("deprov tasks, revocation tasks", () => {
  it("says what each review item to remove is, from its campaign's items", async () => {
    // Prepare: the campaign's items (Eve's okta and slack accounts) and a revocation task for Eve
    const { deps, campaign, items, reviews } = await reviewFixture();
    const eve = items.filter((item) => item.person.employeeId === "e1").map((item) => item.itemId);
    const reviewTaskStore = new MemoryTaskStore();
    const key = revocationTaskKey(campaign.campaignId, "e1");
    await reviewTaskStore.createTasks([
      {
        key,
        status: "open",
        externalId: key,
        title: "Access review: revoke 2 items of Eve (e1)",
        severity: "medium",
        contentHash: "c0ffee",
        findingIds: [...eve, "item-gone"],
        createdAt: 1,
        updatedAt: 1,
        scanId: campaign.campaignId,
      },
    ]);

    // Act
    const listing = await listTasks(
      {
        taskStore: new MemoryTaskStore(),
        reviewTaskStore,
        reviewStore: reviews,
        blobStore: deps.blobStore,
        sink: "local",
      },
      "open",
    );
    const text = tasksListText(listing);

    // Assess
    expect(text).toContain(`  - access to remove: okta account eve@acme.com (review item ${eve[0]})`);
    expect(text).toContain(`  - access to remove: slack account U-EVE (review item ${eve[1]})`);
    expect(text).toContain("  - access to remove: review item item-gone");
  });
});
