/** `deprov audit verify` against a real local state folder (LevelDB-backed store, file archive). */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { UsageError } from "../../cli/args.ts";
import { auditCommand } from "../../cli/commands/audit.ts";
import { openLocalState } from "../../cli/local/embedded-dynamodb.ts";
import { localAwsClient } from "../../cli/local/local-aws-client.ts";
import { auditKey } from "../../functions/ports/dynamodb-state-store.ts";
import { type AuditEntry, auditEntryId } from "../../functions/ports/state-store.ts";

const T0 = Date.parse("2026-11-26T02:00:00Z");

const started: AuditEntry = {
  id: auditEntryId("scan-1", "scan.started"),
  at: T0,
  kind: "scan.started",
  actor: "scan:scan-1",
  subject: "scan-1",
  scanId: "scan-1",
  detail: { trigger: "schedule" },
};
const finished: AuditEntry = {
  ...started,
  id: auditEntryId("scan-1", "scan.finished"),
  kind: "scan.finished",
  detail: { findings: 42 },
};

describe("deprov audit verify", () => {
  let stateDir: string;
  let output: string[];

  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), "deprov-audit-"));
    output = [];
    vi.spyOn(console, "log").mockImplementation((line: unknown) => {
      output.push(String(line));
    });
    const state = await openLocalState(stateDir);
    try {
      await state?.stateStore.appendAudit([started, finished]);
      await state?.stateStore.sealAudit("scan-1", T0 + 5000);
    } finally {
      await state?.close();
    }
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await rm(stateDir, { recursive: true, force: true });
  });

  it("says the trail verifies, and exits 0", async () => {
    // Act
    const code = await auditCommand(["verify", "--state", stateDir], { now: () => T0 + 60_000 });

    // Assess
    expect(code).toBe(0);
    expect(output).toEqual([
      "Audit trail verified: 2 entries in the table equal their write-once copies; 1 scan seals match; 0 referenced blobs unchanged.",
    ]);
  });

  it("names the first bad entry and exits 1 when an entry was overwritten in the table", async () => {
    // Prepare: an unconditional PutItem, which the scanner's IAM role could make.
    const state = await openLocalState(stateDir);
    const client = localAwsClient((options) => new DynamoDBClient(options), state?.dynamoDb.endpoint ?? "");
    try {
      const changed = { ...finished, detail: { findings: 0 } };
      await DynamoDBDocumentClient.from(client).send(
        new PutCommand({ TableName: "deprov-audit", Item: { ...auditKey(changed), ...changed } }),
      );
    } finally {
      client.destroy();
      await state?.close();
    }

    // Act
    const code = await auditCommand(["verify", "--state", stateDir], { now: () => T0 + 60_000 });
    const json = await auditCommand(["verify", "--state", stateDir, "--json"], { now: () => T0 + 60_000 });

    // Assess
    expect(code).toBe(1);
    expect(output[0]).toBe(
      `deprov audit verify: FAILED: entry ${finished.id} (scan.finished, scan scan-1, 2026-11-26T02:00:00.000Z) ` +
        "the table's copy differs from the WORM copy at $.detail.findings",
    );
    expect(json).toBe(1);
    expect(JSON.parse(output.slice(1).join("\n"))).toMatchObject({ ok: false, problems: [{ at: T0 }] });
  });

  it("refuses anything but verify, and a folder without state", async () => {
    // Act + Assess
    await expect(auditCommand(["list", "--state", stateDir])).rejects.toThrow(UsageError);
    await expect(auditCommand(["verify", "--state", join(stateDir, "none")])).rejects.toThrow(
      /no state folder/,
    );
  });
});
