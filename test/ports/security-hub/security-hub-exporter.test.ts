import {
  BatchImportFindingsCommand,
  type BatchImportFindingsCommandOutput,
  InvalidAccessException,
  LimitExceededException,
} from "@aws-sdk/client-securityhub";
import { describe, expect, it } from "vitest";
import {
  backoffMs,
  exportToSecurityHub,
  type SecurityHubPort,
} from "../../../functions/ports/security-hub/security-hub-exporter.ts";
import type { ScanResult } from "../../../functions/scan/contract/scan-result.ts";
import { makeHistory, makeScanResult, manyFindings } from "../../reports/fixtures.ts";

const ACCOUNT = "111122223333";
const REGION = "eu-west-1";
const NOW = Date.parse("2024-06-01T06:05:00.000Z");

type Reply = (command: BatchImportFindingsCommand) => BatchImportFindingsCommandOutput;

/** Answers like Security Hub: everything imported, unless a scripted reply (or error) says otherwise. */
function fakeSecurityHub(script: (Reply | Error)[] = []) {
  const commands: BatchImportFindingsCommand[] = [];
  const client: SecurityHubPort = {
    async send(command) {
      commands.push(command);
      const next = script.shift();
      if (next instanceof Error) throw next;
      if (next !== undefined) return next(command);
      return accepted(command);
    },
  };
  return { client, commands };
}

function accepted(command: BatchImportFindingsCommand): BatchImportFindingsCommandOutput {
  const count = command.input.Findings?.length ?? 0;
  return { $metadata: { httpStatusCode: 200 }, FailedCount: 0, SuccessCount: count, FailedFindings: [] };
}

function throttled(): LimitExceededException {
  return new LimitExceededException({
    message: "Rate exceeded",
    Message: "Rate exceeded",
    $metadata: { httpStatusCode: 429, requestId: "c0ffee00-0000-4000-8000-000000000001" },
  });
}

function resultWith(count: number, overrides: Partial<ScanResult> = {}): ScanResult {
  return makeScanResult({ findings: manyFindings(count), ...overrides });
}

function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe("exportToSecurityHub", () => {
  it("imports 250 findings in three BatchImportFindings calls of at most 100", async () => {
    // Prepare
    const { client, commands } = fakeSecurityHub();

    // Act
    const outcome = await exportToSecurityHub({
      client,
      accountId: ACCOUNT,
      region: REGION,
      result: resultWith(250),
      now: NOW,
    });

    // Assess
    expect(commands.every((command) => command instanceof BatchImportFindingsCommand)).toBe(true);
    expect(commands.map((command) => command.input.Findings?.length)).toEqual([100, 100, 50]);
    expect(outcome).toEqual({
      imported: 250,
      failed: 0,
      batches: 3,
      failedFindings: [],
      batchErrors: [],
      aborted: false,
      notSent: 0,
    });
    const first = commands[0]?.input.Findings?.[0];
    expect(first?.ProductArn).toBe("arn:aws:securityhub:eu-west-1:111122223333:product/111122223333/default");
    expect(first?.AwsAccountId).toBe(ACCOUNT);
    expect(first?.UpdatedAt).toBe("2024-06-01T06:05:00.000Z");
  });

  it("sends the findings this scan resolved after the open ones, resolved and archived", async () => {
    // Prepare
    const { client, commands } = fakeSecurityHub();
    const result = makeScanResult({ history: makeHistory() });

    // Act
    const outcome = await exportToSecurityHub({
      client,
      accountId: ACCOUNT,
      region: REGION,
      result,
      now: NOW,
    });

    // Assess
    const sent = commands.flatMap((command) => command.input.Findings ?? []);
    expect(outcome.imported).toBe(result.findings.length + 2);
    expect(sent.map((f) => f.RecordState)).toEqual([
      ...result.findings.map(() => "ACTIVE"),
      "ARCHIVED",
      "ARCHIVED",
    ]);
    expect(sent.slice(-2).map((f) => [f.Workflow?.Status, f.Compliance?.Status])).toEqual([
      ["RESOLVED", "PASSED"],
      ["RESOLVED", "PASSED"],
    ]);
  });

  it("retries a throttled batch after a backoff, then carries on", async () => {
    // Prepare
    const { client, commands } = fakeSecurityHub([throttled()]);
    const { waits, sleep } = recordingSleep();

    // Act
    const outcome = await exportToSecurityHub({
      client,
      accountId: ACCOUNT,
      region: REGION,
      result: resultWith(150),
      now: NOW,
      sleep,
    });

    // Assess
    expect(commands.map((command) => command.input.Findings?.length)).toEqual([100, 100, 50]);
    expect(commands[0]).toBe(commands[1]);
    expect(waits).toEqual([500]);
    expect(outcome).toMatchObject({ imported: 150, failed: 0, batches: 2, batchErrors: [] });
  });

  it("reports every finding Security Hub rejects, with its error code and message", async () => {
    // Prepare
    const rejectTwo: Reply = (command) => {
      const [a, b] = command.input.Findings ?? [];
      return {
        $metadata: { httpStatusCode: 200 },
        FailedCount: 2,
        SuccessCount: (command.input.Findings?.length ?? 0) - 2,
        FailedFindings: [
          {
            Id: a?.Id,
            ErrorCode: "InvalidInput",
            ErrorMessage: "Finding does not adhere to Amazon Finding Format.",
          },
          { Id: b?.Id, ErrorCode: "FindingSizeExceeded", ErrorMessage: "Finding size exceeded 240 KB." },
        ],
      };
    };
    const { client } = fakeSecurityHub([rejectTwo]);
    const result = resultWith(120);

    // Act
    const outcome = await exportToSecurityHub({
      client,
      accountId: ACCOUNT,
      region: REGION,
      result,
      now: NOW,
    });

    // Assess
    expect(outcome.imported).toBe(118);
    expect(outcome.failed).toBe(2);
    expect(outcome.failedFindings).toEqual([
      {
        id: result.findings[0]?.id,
        errorCode: "InvalidInput",
        errorMessage: "Finding does not adhere to Amazon Finding Format.",
      },
      {
        id: result.findings[1]?.id,
        errorCode: "FindingSizeExceeded",
        errorMessage: "Finding size exceeded 240 KB.",
      },
    ]);
  });

  it("gives up on a batch still throttled after every attempt, keeps the reason, and sends the next", async () => {
    // Prepare
    const { client, commands } = fakeSecurityHub([throttled(), throttled(), throttled()]);
    const { waits, sleep } = recordingSleep();
    const result = resultWith(130);

    // Act
    const outcome = await exportToSecurityHub({
      client,
      accountId: ACCOUNT,
      region: REGION,
      result,
      now: NOW,
      sleep,
      maxAttempts: 3,
      baseDelayMs: 100,
    });

    // Assess
    expect(commands).toHaveLength(4);
    expect(waits).toEqual([100, 200]);
    expect(outcome).toMatchObject({ imported: 30, failed: 100, batches: 2, aborted: false });
    expect(outcome.batchErrors).toEqual([
      {
        batch: 1,
        findings: 100,
        firstFindingId: result.findings[0]?.id,
        errorCode: "LimitExceededException",
        errorMessage: "Rate exceeded",
        attempts: 3,
      },
    ]);
  });

  it("stops at an error every batch would repeat, and counts what it did not send", async () => {
    // Prepare
    const denied = new InvalidAccessException({
      message: "Account 111122223333 is not subscribed to AWS Security Hub",
      $metadata: { httpStatusCode: 401 },
    });
    const { client, commands } = fakeSecurityHub([denied]);
    const { waits, sleep } = recordingSleep();

    // Act
    const outcome = await exportToSecurityHub({
      client,
      accountId: ACCOUNT,
      region: REGION,
      result: resultWith(250),
      now: NOW,
      sleep,
    });

    // Assess
    expect(commands).toHaveLength(1);
    expect(waits).toEqual([]);
    expect(outcome).toMatchObject({ imported: 0, failed: 250, batches: 1, aborted: true, notSent: 150 });
    expect(outcome.batchErrors[0]).toMatchObject({
      errorCode: "InvalidAccessException",
      errorMessage: "Account 111122223333 is not subscribed to AWS Security Hub",
      attempts: 1,
    });
  });

  it("stops when Security Hub rejects every finding of a batch for the account's access", async () => {
    // Prepare: Security Hub answers 200 and fails each finding when the integration is not enabled.
    const rejectAll = (command: BatchImportFindingsCommand): BatchImportFindingsCommandOutput => {
      const findings = command.input.Findings ?? [];
      return {
        $metadata: { httpStatusCode: 200 },
        FailedCount: findings.length,
        SuccessCount: 0,
        FailedFindings: findings.map((finding) => ({
          Id: finding.Id,
          ErrorCode: "InvalidAccess",
          ErrorMessage: "Account is not subscribed to the product",
        })),
      };
    };
    const { client, commands } = fakeSecurityHub([rejectAll]);

    // Act
    const outcome = await exportToSecurityHub({
      client,
      accountId: ACCOUNT,
      region: REGION,
      result: resultWith(250),
      now: NOW,
    });

    // Assess
    expect(commands).toHaveLength(1);
    expect(outcome).toMatchObject({ imported: 0, failed: 250, batches: 1, aborted: true, notSent: 150 });
  });

  it("refuses an account id that is not 12 digits before calling Security Hub", async () => {
    // Prepare
    const { client, commands } = fakeSecurityHub();

    // Act
    const exporting = exportToSecurityHub({
      client,
      accountId: "1111-2222",
      region: REGION,
      result: resultWith(1),
      now: NOW,
    });

    // Assess
    await expect(exporting).rejects.toThrow(/accountId: expected a 12-digit AWS account id, got "1111-2222"/);
    expect(commands).toHaveLength(0);
  });

  it("sends nothing for a scan without findings", async () => {
    // Prepare
    const { client, commands } = fakeSecurityHub();

    // Act
    const outcome = await exportToSecurityHub({
      client,
      accountId: ACCOUNT,
      region: REGION,
      result: resultWith(0),
      now: NOW,
    });

    // Assess
    expect(commands).toHaveLength(0);
    expect(outcome).toMatchObject({ imported: 0, failed: 0, batches: 0 });
  });
});

describe("backoffMs", () => {
  it("doubles from the base delay up to the cap", () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((attempt) => backoffMs(attempt, {}))).toEqual([
      500, 1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
  });
});
