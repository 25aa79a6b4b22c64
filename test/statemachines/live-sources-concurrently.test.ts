/**
 * Locally, CollectSource steps take turns to parse (the Map's iterations share one thread), but a
 * live read waits outside that turn: a system that is slow to answer delays only its own source.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from "../../cli/local/embedded-dynamodb.ts";
import { runLocalScan } from "../../cli/local/run-local-scan.ts";
import { parseConfigText } from "../../functions/config/load-config.ts";
import { DynamoDbStateStore } from "../../functions/ports/dynamodb-state-store.ts";
import { FileBlobStore } from "../../functions/ports/file-blob-store.ts";
import { DynamoDbTaskStore } from "../../functions/ports/tasks/dynamodb-task-store.ts";
import { type LoopbackServer, type Reply, startLoopbackServer } from "../ports/tasks/loopback-server.ts";
import { fixtureJson } from "../sources/api-source-input.ts";

const NOW = Date.parse("2026-11-26T12:00:00Z");
const root = mkdtempSync(join(tmpdir(), "deprov-live-concurrent-"));
const users = (fixtureJson("scim-users.json") as { Resources: unknown[] }).Resources;
const servers: LoopbackServer[] = [];
let db: EmbeddedDynamoDb | undefined;

afterAll(async () => {
  vi.unstubAllEnvs();
  for (const server of servers) await server.close();
  await db?.close();
  rmSync(root, { recursive: true, force: true });
});

function listResponse(): Reply {
  return {
    status: 200,
    json: {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
      totalResults: users.length,
      Resources: users,
    },
  };
}

describe("live sources in the local runtime", () => {
  it("a slow system holds up only its own source: the others are collected while it answers", async () => {
    // Prepare: the slow system answers only once the fast one's source has been collected
    let fastCollected: () => void = () => {};
    const collected = new Promise<void>((resolve) => {
      fastCollected = resolve;
    });
    const slow = await startLoopbackServer(async () => {
      await collected;
      return listResponse();
    });
    const fast = await startLoopbackServer(() => listResponse());
    servers.push(slow, fast);
    writeFileSync(join(root, "hr.csv"), "employeeId,name,email,status\nE1,Ann Lee,ann.lee@acme.com,active\n");
    const config = parseConfigText(
      JSON.stringify({
        organization: "Acme",
        sources: [
          { id: "hr", kind: "roster", format: "csv", path: "hr.csv" },
          {
            id: "slow",
            kind: "accounts",
            format: "scim",
            url: `${slow.url}/scim/v2`,
            credential: { env: "CONCURRENT_TOKEN" },
          },
          {
            id: "fast",
            kind: "accounts",
            format: "scim",
            url: `${fast.url}/scim/v2`,
            credential: { env: "CONCURRENT_TOKEN" },
          },
        ],
      }),
      join(root, "deprov.config.json"),
    );
    vi.stubEnv("CONCURRENT_TOKEN", "concurrent-token-value");
    db = await startEmbeddedDynamoDb();
    const order: string[] = [];

    // Act
    const { run } = await runLocalScan({
      config,
      stateStore: new DynamoDbStateStore({ client: db.client, tables: db.tables }),
      taskStore: new DynamoDbTaskStore({ client: db.client, tableName: db.tables.state }),
      blobStore: new FileBlobStore(join(root, "blobs")),
      outDir: join(root, "out"),
      now: NOW,
      retryIntervalMs: 0,
      onEvent: (event) => {
        if (event.type !== "state-exited" || event.state !== "CollectSource") return;
        const sourceId = String((event.output as { sourceId?: unknown }).sourceId);
        order.push(sourceId);
        if (sourceId === "fast") fastCollected();
      },
    });

    // Assess
    expect(run.status).toBe("succeeded");
    expect(order.indexOf("fast")).toBeLessThan(order.indexOf("slow"));
    expect(slow.requests).toHaveLength(1);
  });
});
