/** The embedded store behind local runs (cli/local/embedded-dynamodb.ts); its tests sit with the ports they serve. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UsageError } from "../../cli/args.ts";
import { startEmbeddedDynamoDb } from "../../cli/local/embedded-dynamodb.ts";
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

  it("can be closed twice", async () => {
    // Prepare
    const db = await startEmbeddedDynamoDb();

    // Act + Assess
    await db.close();
    await expect(db.close()).resolves.toBeUndefined();
  });
});
