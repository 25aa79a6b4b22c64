/**
 * The behaviour every TaskStore must show: the DynamoDB store on the embedded dynalite and the
 * in-memory store both run this suite.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TaskRecord } from "../../../functions/core/tasks/types.ts";
import { type TaskStore, TaskVersionConflictError } from "../../../functions/ports/tasks/task-store.ts";

export interface TaskStoreHarness {
  store: TaskStore;
  close(): Promise<void>;
}

const T0 = Date.parse("2026-11-26T09:00:00Z");

function record(key: string, overrides: Partial<TaskRecord> = {}): TaskRecord {
  return {
    key,
    status: "open",
    externalId: "SEC-101",
    url: "https://acme.atlassian.net/browse/SEC-101",
    title: "Offboarding incomplete: Jane Doe (E1042), 2 open findings",
    severity: "critical",
    contentHash: "0f3c9a7e5b2d4c6a8e0f1a2b3c4d5e6f",
    findingIds: ["ghost-account:1a2b3c4d5e6f7a8b9c0d", "unreturned-device:0d9c8b7a6f5e4d3c2b1a"],
    createdAt: T0,
    updatedAt: T0,
    scanId: "2026-11-26T09:00:00Z",
    ...overrides,
  };
}

export function taskStoreContract(name: string, open: () => Promise<TaskStoreHarness>): void {
  describe(`TaskStore contract: ${name}`, () => {
    let harness: TaskStoreHarness;
    beforeAll(async () => {
      harness = await open();
    });
    afterAll(async () => {
      await harness.close();
    });

    it("creates a record at version 1 and reads it back", async () => {
      // Act
      const stored = await harness.store.putTask(record("leaver:E1042"), 0);

      // Assess
      expect(stored).toEqual({ ...record("leaver:E1042"), version: 1 });
      expect(await harness.store.getTask("leaver:E1042")).toEqual(stored);
      expect(await harness.store.getTask("leaver:E0000")).toBeUndefined();
    });

    it("reads many records at once, leaving out keys it does not hold", async () => {
      // Prepare
      const keys = Array.from({ length: 130 }, (_, i) => `leaver:E9${String(i).padStart(3, "0")}`);
      await harness.store.createTasks(keys.map((key) => record(key)));

      // Act
      const found = await harness.store.getTasks([...keys, "leaver:absent", keys[0] ?? ""]);

      // Assess
      expect(found.size).toBe(130);
      expect(found.get("leaver:E9129")).toEqual({ ...record("leaver:E9129"), version: 1 });
      expect(found.has("leaver:absent")).toBe(false);
    });

    it("stores a task whose title holds a runaway roster field, cut to fit a DynamoDB item", async () => {
      // Prepare: a 1 MB "name", far beyond DynamoDB's 400 KB per item.
      const huge = record("leaver:E7777", { title: `Offboarding incomplete: ${"x".repeat(1_000_000)}` });

      // Act
      const [created] = await harness.store.createTasks([huge]);
      const updated = await harness.store.putTask(huge, 1);

      // Assess
      const stored = await harness.store.getTask("leaver:E7777");
      expect(stored?.version).toBe(2);
      expect(stored?.title.startsWith("Offboarding incomplete: xxx")).toBe(true);
      expect(stored?.title).toMatch(/…\[truncated: \d+ more characters\]$/);
      expect(Buffer.byteLength(JSON.stringify(stored))).toBeLessThan(400 * 1024);
      expect(created?.title).toBe(stored?.title);
      expect(updated.title).toBe(stored?.title);
      expect(stored?.findingIds).toEqual(huge.findingIds);
    });

    it("refuses a second creation of the same key", async () => {
      // Prepare
      await harness.store.putTask(record("system:okta"), 0);

      // Act
      const second = harness.store.putTask(record("system:okta", { externalId: "SEC-999" }), 0);

      // Assess
      await expect(second).rejects.toBeInstanceOf(TaskVersionConflictError);
      await expect(second).rejects.toThrow("task system:okta: another run created it first");
      expect((await harness.store.getTask("system:okta"))?.externalId).toBe("SEC-101");
    });

    it("lets exactly one of two concurrent creations win", async () => {
      // Act
      const results = await Promise.allSettled([
        harness.store.putTask(record("system:slack", { externalId: "A" }), 0),
        harness.store.putTask(record("system:slack", { externalId: "B" }), 0),
      ]);

      // Assess
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const loser = results.find((r) => r.status === "rejected");
      expect(loser?.status === "rejected" && loser.reason).toBeInstanceOf(TaskVersionConflictError);
    });

    it("replaces the whole record only from the version it read", async () => {
      // Prepare
      const claimed = await harness.store.putTask(
        {
          ...record("system:github", { externalId: undefined }),
          claim: { scanId: "s1", action: "create", until: T0 },
        },
        0,
      );

      // Act
      const done = await harness.store.putTask(record("system:github"), claimed.version);
      const stale = harness.store.putTask(record("system:github", { status: "closed" }), claimed.version);

      // Assess
      expect(done.version).toBe(2);
      await expect(stale).rejects.toThrow("task system:github: another run changed it after version 1");
      const stored = await harness.store.getTask("system:github");
      expect(stored?.claim).toBeUndefined();
      expect(stored?.status).toBe("open");
      expect(stored?.version).toBe(2);
    });

    it("keeps the claim a run writes", async () => {
      // Act
      await harness.store.putTask(
        { ...record("system:zoom"), claim: { scanId: "s7", action: "close", until: T0 + 900_000 } },
        0,
      );

      // Assess
      expect((await harness.store.getTask("system:zoom"))?.claim).toEqual({
        scanId: "s7",
        action: "close",
        until: T0 + 900_000,
      });
    });

    it("creates many new tasks at once, at version 1, more than one batch's worth", async () => {
      // Prepare
      const keys = Array.from({ length: 60 }, (_, i) => `leaver:B${String(i).padStart(4, "0")}`);

      // Act
      const created = await harness.store.createTasks(keys.map((key) => record(key)));

      // Assess
      expect(created.map((task) => task.version)).toEqual(keys.map(() => 1));
      for (const key of [keys[0], keys[59]]) {
        expect(await harness.store.getTask(key ?? "")).toEqual({ ...record(key ?? ""), version: 1 });
      }
      // A later update starts from the version the batch wrote.
      await expect(
        harness.store.putTask(record(keys[0] ?? "", { title: "changed" }), 1),
      ).resolves.toMatchObject({ version: 2 });
    });

    it("lists every task, sorted by key, across result pages", async () => {
      // Prepare: ~14 KB each, so the listing spans more than one 1 MB query page.
      const findingIds = Array.from(
        { length: 400 },
        (_, i) => `dormant-account:${String(i).padStart(20, "0")}`,
      );
      const keys = Array.from({ length: 90 }, (_, i) => `system:src-${String(i).padStart(2, "0")}:hygiene`);
      for (const key of keys) await harness.store.putTask(record(key, { findingIds }), 0);

      // Act
      const listed = await harness.store.listTasks();

      // Assess
      const listedKeys = listed.map((task) => task.key);
      expect(listedKeys).toEqual([...listedKeys].sort());
      expect(listedKeys).toEqual(expect.arrayContaining([...keys, "leaver:E1042", "system:okta"]));
      expect(listed.find((task) => task.key === keys[89])?.findingIds).toHaveLength(400);
    });
  });
}
