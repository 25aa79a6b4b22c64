/** The embedded store behind local runs (cli/local/embedded-dynamodb.ts); its tests sit with the ports they serve. */
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UsageError } from "../../cli/args.ts";
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from "../../cli/local/embedded-dynamodb.ts";
import { DynamoDbStateStore } from "../../functions/ports/dynamodb-state-store.ts";

describe("embedded DynamoDB", () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "deprov-dynalite-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("creates both tables and keeps their items across a restart", async () => {
    // Prepare
    const path = join(dir, "dynamodb");
    const first = await startEmbeddedDynamoDb({ path });
    await new DynamoDbStateStore({ client: first.client }).markStep("scan-1", "persist-lifecycle", {
      ok: true,
    });
    await first.close();

    // Act
    const second = await startEmbeddedDynamoDb({ path });
    try {
      const tables = await second.client.send(new ListTablesCommand({}));
      const step = await new DynamoDbStateStore({ client: second.client }).getStep(
        "scan-1",
        "persist-lifecycle",
      );

      // Assess
      expect(tables.TableNames).toEqual(["deprov-audit", "deprov-state"]);
      expect(step).toEqual({ ok: true });
    } finally {
      await second.close();
    }
  });

  it("refuses, with a clear message, a folder another process holds open", async () => {
    // Prepare
    const path = join(dir, "dynamodb");
    const holder = await startEmbeddedDynamoDb({ path });

    // Act + Assess
    try {
      await expect(startEmbeddedDynamoDb({ path })).rejects.toThrow(UsageError);
      await expect(startEmbeddedDynamoDb({ path })).rejects.toThrow(/in use by another deprov process/);
    } finally {
      await holder.close();
    }
  });

  it("lets exactly one of several stores started one after another have the folder", async () => {
    // Prepare: later starts land while the first is still starting its store thread, which is
    // when a check-then-open would let two of them in.
    const path = join(dir, "dynamodb");
    const starts: Promise<PromiseSettledResult<EmbeddedDynamoDb>>[] = [];

    // Act
    for (let i = 0; i < 12; i++) {
      // Settled at once, so a refusal is not an unhandled rejection while the others start.
      starts.push(settled(startEmbeddedDynamoDb({ path, ownThread: true })));
      await delay(5);
    }
    const started = await Promise.all(starts);

    // Assess
    const opened = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
    const refused = started.flatMap((s) => (s.status === "rejected" ? [s.reason] : []));
    try {
      expect(opened).toHaveLength(1);
      expect(refused).toHaveLength(11);
      for (const reason of refused) expect(reason).toBeInstanceOf(UsageError);
      await expect(
        new DynamoDbStateStore({ client: opened[0]?.client ?? fail() }).markStep("scan-1", "s", { ok: true }),
      ).resolves.toMatchObject({ created: true });
    } finally {
      for (const db of opened) await db.close();
    }
  });

  it("keeps the state folder private to the user", async () => {
    // Prepare
    const stateDir = join(dir, "state");

    // Act
    const db = await startEmbeddedDynamoDb({ path: join(stateDir, "dynamodb") });
    await db.close();

    // Assess
    expect((await stat(stateDir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(stateDir, "dynamodb"))).mode & 0o777).toBe(0o700);
  });

  it("can be closed twice", async () => {
    // Prepare
    const db = await startEmbeddedDynamoDb();

    // Act + Assess
    await db.close();
    await expect(db.close()).resolves.toBeUndefined();
  });
});

function fail(): never {
  throw new Error("no store opened");
}

function settled<T>(promise: Promise<T>): Promise<PromiseSettledResult<T>> {
  return promise.then(
    (value) => ({ status: "fulfilled", value }),
    (reason: unknown) => ({ status: "rejected", reason }),
  );
}
