/**
 * statemachines/access-review.asl.json run whole by the local ASL interpreter over the demo org,
 * after a nightly scan: packets, decisions (and one refused as self-review), a reminder and an
 * escalation sent on their days, the close turning revocations into tasks, a late decision
 * refused, and the nightly scans after the close recording when revoked access was actually gone
 * and flagging what is still there past its due date.
 */
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { generateDemo } from "../../cli/generate/generate-demo.ts";
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from "../../cli/local/embedded-dynamodb.ts";
import { localDependencies } from "../../cli/local/local-dependencies.ts";
import { runLocalReview } from "../../cli/local/run-local-review.ts";
import { runLocalScan } from "../../cli/local/run-local-scan.ts";
import { type LoadedConfig, loadConfig } from "../../functions/config/load-config.ts";
import type { ReviewItem } from "../../functions/core/reviews/types.ts";
import { DAY_MS } from "../../functions/core/time.ts";
import { DynamoDbStateStore } from "../../functions/ports/dynamodb-state-store.ts";
import { FileBlobStore } from "../../functions/ports/file-blob-store.ts";
import type { OutgoingEmail } from "../../functions/ports/mail/mailer.ts";
import { DynamoDbReviewStore } from "../../functions/ports/reviews/dynamodb-review-store.ts";
import { DynamoDbTaskStore } from "../../functions/ports/tasks/dynamodb-task-store.ts";
import { groupByReviewer, readAllItems } from "../../functions/reviews/campaign-items.ts";
import { DecisionRejectedError, recordDecisions } from "../../functions/reviews/decide.ts";
import { REVIEW_TASK_PARTITION, type ReviewPorts } from "../../functions/reviews/review-ports.ts";
import type { ScanDependencies } from "../../functions/scan/scan-dependencies.ts";

const SCAN_AT = Date.parse("2026-11-26T12:00:00Z");
const START = Date.parse("2026-11-27T14:00:00Z");
const DUE = "2026-12-18";
const dirs: string[] = [];

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "deprov-review-"));
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

let db: EmbeddedDynamoDb;
let orgDir: string;
let outDir: string;
let config: LoadedConfig;
let stateStore: DynamoDbStateStore;
let blobStore: FileBlobStore;
let reviews: ReviewPorts;
let sent: OutgoingEmail[];
let deps: ScanDependencies;

beforeEach(async () => {
  orgDir = freshDir();
  outDir = freshDir();
  await generateDemo({ outDir: orgDir, now: SCAN_AT });
  config = loadConfig(join(orgDir, "deprov.config.json"));
  db = await startEmbeddedDynamoDb();
  stateStore = new DynamoDbStateStore({ client: db.client, tables: db.tables });
  blobStore = new FileBlobStore(join(freshDir(), "blobs"));
  reviews = {
    store: new DynamoDbReviewStore({ client: db.client, tableName: db.tables.state }),
    taskStore: new DynamoDbTaskStore({
      client: db.client,
      tableName: db.tables.state,
      partition: REVIEW_TASK_PARTITION,
    }),
  };
  sent = [];
  deps = localDependencies({
    config,
    stateStore,
    blobStore,
    taskStore: new DynamoDbTaskStore({ client: db.client, tableName: db.tables.state }),
    reviews,
    outDir,
    mailer: {
      send: async (message) => {
        sent.push(message);
        return { messageId: `m-${sent.length}`, bytes: message.text.length };
      },
    },
  });
});

afterEach(async () => {
  await db.close();
});

/** How the steps hand their results on (the in-memory local run, or the blob store as Lambdas do). */
let handOff: "memory" | "blobs" = "memory";

async function scan(now: number) {
  const { run } = await runLocalScan({
    handOff,
    config: loadConfig(join(orgDir, "deprov.config.json")),
    stateStore,
    taskStore: new DynamoDbTaskStore({ client: db.client, tableName: db.tables.state }),
    blobStore,
    reviews,
    outDir,
    now,
    retryIntervalMs: 0,
    mailer: deps.mailer,
  });
  expect(run.status).toBe("succeeded");
  return run;
}

async function startCampaign(): Promise<{ campaignId: string; items: ReviewItem[] }> {
  const run = await runLocalReview({
    deps,
    handOff,
    input: { campaignId: "review-annual-2026", name: "Annual 2026", now: START, due: DUE, startedBy: "ada" },
    retryIntervalMs: 0,
  });
  expect(run.status).toBe("succeeded");
  expect(run.history).toEqual([
    "StartCampaign",
    "SendPackets",
    "SendPacketChunk",
    "StartChecks",
    "CheckCampaign",
    "WhatNext",
    "AwaitingDecisions",
  ]);
  const campaign = await reviews.store.getCampaign("review-annual-2026");
  if (!campaign) throw new Error("no campaign");
  return { campaignId: campaign.campaignId, items: await readAllItems(blobStore, campaign) };
}

const decide = (
  items: readonly ReviewItem[],
  decision: "keep" | "revoke",
  by: string,
  at: number,
  reason?: string,
) =>
  recordDecisions(deps, {
    campaignId: "review-annual-2026",
    items,
    decision,
    by,
    at,
    via: "cli",
    ...(reason ? { reason } : {}),
  });

describe.each(["memory", "blobs"] as const)(
  "access-review.asl.json over the demo org, steps handing off through %s",
  (mode) => {
    beforeEach(() => {
      handOff = mode;
    });

    it("emails every reviewer a packet, with items only of people who have not departed, never to themselves", async () => {
      // Prepare
      await scan(SCAN_AT);

      // Act
      const { items } = await startCampaign();

      // Assess
      const reviewers = await reviews.store.listReviewers("review-annual-2026");
      const packets = sent.filter((m) => m.subject.startsWith('Access review "Annual 2026"'));
      expect(packets).toHaveLength(reviewers.filter((r) => r.email !== undefined).length);
      expect(items.length).toBeGreaterThan(1000);
      expect(new Set(items.map((i) => i.kind))).toEqual(new Set(["account", "entitlement", "device"]));
      for (const item of items) expect(item.reviewerId).not.toBe(item.person.employeeId);
      // The top of the chart has no manager: the fallback reviewer takes them.
      expect(
        reviewers.some((r) => r.route === "fallback" && r.reviewerId === "compliance@northwind.com"),
      ).toBe(true);
      const packet = packets[0];
      expect(packet?.attachments?.[0]?.filename).toMatch(/\.csv$/);
      expect(packet?.text).toContain("deprov review decide --campaign review-annual-2026");
      const audit = await stateStore.listAudit({ from: START - DAY_MS, to: START + DAY_MS });
      expect(audit.filter((e) => e.kind === "review.started")).toHaveLength(1);
      expect(audit.filter((e) => e.kind === "review.packets-sent")).toHaveLength(1);
    });

    it("runs a campaign: decisions, a reminder, an escalation, close into tasks, a late decision refused, evidence after close", async () => {
      // Prepare: a scan, a campaign, decisions by two reviewers; one reviewer stays silent.
      await scan(SCAN_AT);
      const { items } = await startCampaign();
      const byReviewer = groupByReviewer(items);
      const [keeper, revoker, silent] = [...byReviewer.keys()].filter((id) => /^\d+$/.test(id));
      if (!keeper || !revoker || !silent) throw new Error("demo org has too few reviewers");
      const keeperItems = byReviewer.get(keeper) ?? [];
      const revokedAccount = (byReviewer.get(revoker) ?? []).find(
        (i) => i.kind === "account" && i.subject.sourceId === "okta",
      );
      const revokedDevice = (byReviewer.get(revoker) ?? []).find((i) => i.kind === "device");
      if (!revokedAccount || !revokedDevice)
        throw new Error("reviewer has no okta account or device to revoke");
      const decidedAt = START + 2 * DAY_MS;
      await decide(keeperItems, "keep", keeper, decidedAt, "still needed");
      await decide([revokedAccount, revokedDevice], "revoke", revoker, decidedAt, "moved to another team");
      const selfReview = decide([revokedAccount], "keep", revokedAccount.person.employeeId, decidedAt);
      await expect(selfReview).rejects.toThrow(/cannot certify their own access/);

      // Act: close after the due date; the run replays the reminders and the escalation on their days.
      const closedAt = Date.parse("2026-12-20T15:00:00Z");
      const run = await runLocalReview({
        deps,
        input: { campaignId: "review-annual-2026", now: closedAt, close: true, closedBy: "ada" },
        retryIntervalMs: 0,
      });

      // Assess: the loop ran Wait → Check several times, then closed.
      expect(run.status).toBe("succeeded");
      expect(run.history.filter((s) => s === "CheckCampaign").length).toBeGreaterThanOrEqual(4);
      expect(run.history.at(-1)).toBe("CampaignClosed");
      const reminders = sent.filter((m) => m.subject.startsWith("Reminder"));
      const escalations = sent.filter((m) => m.subject.startsWith("Escalation"));
      expect(reminders.some((m) => m.subject.startsWith("Reminder 1:"))).toBe(true);
      expect(reminders.some((m) => m.subject.startsWith("Reminder 2:"))).toBe(true);
      expect(escalations.length).toBeGreaterThan(0);
      const keeperProgress = await reviews.store.getReviewer("review-annual-2026", keeper);
      expect(keeperProgress).toMatchObject({ kept: keeperItems.length, remindersSent: 0 });
      expect(keeperProgress?.escalatedAt).toBeUndefined();
      const silentProgress = await reviews.store.getReviewer("review-annual-2026", silent);
      expect(silentProgress?.remindersSent).toBe(2);

      const campaign = await reviews.store.getCampaign("review-annual-2026");
      expect(campaign).toMatchObject({ status: "closed", closedBy: "user:ada" });
      expect(campaign?.close).toMatchObject({
        kept: keeperItems.length,
        revoked: 2,
        undecided: items.length - keeperItems.length - 2,
      });
      const tasks = await reviews.taskStore.listTasks();
      expect(tasks.map((t) => t.key)).toEqual(
        [`review:review-annual-2026:${revokedAccount.person.employeeId}`]
          .concat(
            revokedDevice.person.employeeId === revokedAccount.person.employeeId
              ? []
              : [`review:review-annual-2026:${revokedDevice.person.employeeId}`],
          )
          .sort(),
      );
      expect(tasks.flatMap((t) => t.findingIds).sort()).toEqual(
        [revokedAccount.itemId, revokedDevice.itemId].sort(),
      );
      const nightlyTasks = await new DynamoDbTaskStore({
        client: db.client,
        tableName: db.tables.state,
      }).listTasks();
      expect(nightlyTasks.some((t) => t.key.startsWith("review:"))).toBe(false);
      const report = readFileSync(join(outDir, "reviews", "review-annual-2026", "report.html"), "utf8");
      expect(report).toContain("moved to another team");
      expect(report).toContain("Completion per reviewer");
      const csv = readFileSync(join(outDir, "reviews", "review-annual-2026", "report.csv"), "utf8");
      expect(csv.split("\r\n").filter(Boolean)).toHaveLength(items.length + 1);
      expect(sent.some((m) => m.subject.startsWith('Access review "Annual 2026" closed'))).toBe(true);

      // A late decision is refused, and the refusal is in the audit trail.
      const late = decide([revokedAccount], "keep", revoker, closedAt + DAY_MS);
      await expect(late).rejects.toBeInstanceOf(DecisionRejectedError);
      const audit = await stateStore.listAudit({ from: START - DAY_MS, to: closedAt + 2 * DAY_MS });
      const kinds = new Set(audit.map((e) => e.kind));
      for (const kind of [
        "review.started",
        "review.packets-sent",
        "review.decided",
        "review.reminded",
        "review.escalated",
        "review.closed",
        "review.tasks-created",
        "review.decision-rejected",
      ])
        expect(kinds, kind).toContain(kind);

      // Act: a night when Okta cannot be read proves nothing about its accounts.
      const oktaFile = join(orgDir, "okta-users.json");
      const oktaExport = readFileSync(oktaFile, "utf8");
      unlinkSync(oktaFile);
      await scan(closedAt + DAY_MS);

      // Assess
      expect(await reviews.store.listEvidence("review-annual-2026")).toEqual([]);
      expect((await reviews.store.getCampaign("review-annual-2026"))?.evidence).toMatchObject({
        confirmed: 0,
        pending: 2,
      });

      // Act: a night when the revoked account's record is rejected (its id still readable) proves nothing either.
      const garbled = JSON.parse(oktaExport) as { id: string; status: string }[];
      const garbledUser = garbled.find((u) => u.id === revokedAccount.subject.id);
      if (!garbledUser) throw new Error("revoked account not in the export");
      garbledUser.status = "NOT_AN_OKTA_STATUS";
      writeFileSync(oktaFile, JSON.stringify(garbled, null, 2));
      await scan(closedAt + DAY_MS + 3_600_000);

      // Assess
      expect(await reviews.store.listEvidence("review-annual-2026")).toEqual([]);

      // Act: the revoked Okta account is deprovisioned; the next nightly scan sees it gone.
      writeFileSync(oktaFile, oktaExport);
      const users = JSON.parse(readFileSync(oktaFile, "utf8")) as {
        id: string;
        status: string;
        statusChanged: string;
      }[];
      const user = users.find((u) => u.id === revokedAccount.subject.id);
      if (!user) throw new Error("revoked account not in the export");
      user.status = "DEPROVISIONED";
      user.statusChanged = "2026-12-21T10:00:00.000Z";
      writeFileSync(oktaFile, JSON.stringify(users, null, 2));
      const firstCheck = closedAt + 2 * DAY_MS;
      const nightly = await scan(firstCheck);

      // Assess: evidence recorded with the scan that saw it; the device is still out.
      expect(nightly.history).toContain("CheckRevocations");
      const evidence = await reviews.store.listEvidence("review-annual-2026");
      expect(evidence).toEqual([
        expect.objectContaining({
          itemId: revokedAccount.itemId,
          goneAt: firstCheck,
          how: "account-disabled",
        }),
      ]);
      expect((await reviews.store.getCampaign("review-annual-2026"))?.evidence).toMatchObject({
        confirmed: 1,
        pending: 1,
        overdue: 0,
      });

      // Act: past the revocation deadline (close + 14 days) the device is still assigned.
      await scan(closedAt + 16 * DAY_MS);

      // Assess: flagged to the reviewer and to compliance; the report says so.
      expect((await reviews.store.getCampaign("review-annual-2026"))?.evidence).toMatchObject({
        confirmed: 1,
        pending: 1,
        overdue: 1,
      });
      const flagged = sent.filter((m) => m.subject.includes("still present past"));
      expect(flagged.flatMap((m) => m.to)).toEqual(expect.arrayContaining(["compliance@northwind.com"]));
      expect(flagged.length).toBe(2);
      const later = readFileSync(join(outDir, "reviews", "review-annual-2026", "report.html"), "utf8");
      expect(later).toContain("still present, past due");
      expect(later).toMatch(/gone .*account-disabled/);
    });
  },
);

describe("a reviewer who leaves during the campaign", () => {
  it("gets no reminder, and their undecided items escalate at the next check rather than on the escalation day", async () => {
    // Prepare: a campaign with a reminder before the escalation day (2026-12-11); then the roster
    // says one reviewer left, and a scan reads it.
    handOff = "memory";
    config.reviews.remindDaysBeforeDue = [14, 2];
    await scan(SCAN_AT);
    await startCampaign();
    const reviewers = await reviews.store.listReviewers("review-annual-2026");
    const gone = reviewers.find((r) => /^\d+$/.test(r.reviewerId) && r.escalation !== undefined);
    if (!gone?.email) throw new Error("demo org has no reviewer with a manager");
    const rosterPath = join(orgDir, "hr-roster.csv");
    const rows = readFileSync(rosterPath, "utf8").split("\n");
    const terminationColumn = (rows[0] ?? "").split(",").indexOf("Termination Date");
    writeFileSync(
      rosterPath,
      rows
        .map((row) => {
          const cells = row.split(",");
          if (cells[0] !== gone.reviewerId) return row;
          cells[terminationColumn] = "2026-12-01";
          return cells.join(",");
        })
        .join("\n"),
    );
    await scan(Date.parse("2026-12-02T12:00:00Z"));

    // Act: run the checks up to the first reminder, before the escalation day
    const firstReminder = Date.parse("2026-12-05T05:00:00Z");
    const run = await runLocalReview({
      deps,
      input: { campaignId: "review-annual-2026", now: firstReminder + 3_600_000 },
      retryIntervalMs: 0,
    });

    // Assess
    expect(run.status).toBe("succeeded");
    const toGone = sent.filter((m) => m.to.includes(gone.email ?? "") && m.subject.startsWith("Reminder"));
    expect(toGone).toEqual([]);
    const escalated = sent.filter((m) => m.subject.startsWith("Escalation"));
    expect(escalated.map((m) => m.to)).toEqual([[gone.escalation?.email]]);
    const progress = await reviews.store.getReviewer("review-annual-2026", gone.reviewerId);
    expect(progress?.escalatedAt).toBe(firstReminder);
    expect(progress?.leftAt).toBe(Date.parse("2026-12-02T05:00:00Z"));
    expect(progress?.remindersSent).toBe(0);
    expect(sent.some((m) => m.subject.startsWith("Reminder 1:"))).toBe(true);
  });
});

describe("escalating a fallback reviewer who reports to the person they review", () => {
  it("sends the CEO the packet's other items, never the CEO's own", async () => {
    // Prepare: the fallback reviewer is someone reporting to the CEO (no manager on the roster)
    handOff = "memory";
    const rows = readFileSync(join(orgDir, "hr-roster.csv"), "utf8").trim().split("\n");
    const cells = rows.map((row) => row.split(","));
    const managerColumn = (cells[0] ?? []).indexOf("Manager #");
    const ceo = cells.slice(1).find((c) => c[managerColumn] === "")?.[0];
    const fallback = cells.slice(1).find((c) => c[managerColumn] === ceo)?.[0];
    if (ceo === undefined || fallback === undefined) throw new Error("demo org has no CEO with a report");
    config.reviews.fallbackReviewer = fallback;
    await scan(SCAN_AT);
    const { items } = await startCampaign();
    const packet = items.filter((i) => i.reviewerId === fallback);

    // Act: past the escalation day (2026-12-11)
    const run = await runLocalReview({
      deps,
      input: { campaignId: "review-annual-2026", now: Date.parse("2026-12-11T15:00:00Z") },
      retryIntervalMs: 0,
    });

    // Assess: the CEO's items are in the packet, and not in the CEO's escalation email
    expect(run.status).toBe("succeeded");
    const own = packet.filter((i) => i.person.employeeId === ceo);
    expect(own.length).toBeGreaterThan(0);
    const progress = await reviews.store.getReviewer("review-annual-2026", fallback);
    expect(progress?.escalation?.reviewerId).toBe(ceo);
    const escalation = sent.find(
      (m) => m.subject.startsWith("Escalation") && m.to.includes(progress?.escalation?.email ?? ""),
    );
    const csv = String(escalation?.attachments?.[0]?.content ?? "");
    expect(csv.split("\r\n").filter(Boolean)).toHaveLength(packet.length - own.length + 1);
    for (const item of own) expect(csv).not.toContain(item.subject.id);
    const audit = await stateStore.listAudit({ from: START, to: Date.parse("2026-12-12T00:00:00Z") });
    expect(audit.find((e) => e.kind === "review.escalated" && e.subject === fallback)?.detail).toMatchObject({
      to: ceo,
      unescalated: own.length,
    });
  });
});
