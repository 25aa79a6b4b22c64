/**
 * `--aws` (SPEC §8) against mocked AWS clients (aws-sdk-client-mock; nothing answers the real
 * APIs here): the stack's names from its CloudFormation outputs, a scan started and followed state
 * by state with the local run's progress lines and exit codes, a scan that finds another execution
 * running and does nothing, a campaign started and followed until it waits, and findings read from
 * the deployed table and bucket.
 */
import { CloudFormationClient, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { GetObjectCommand, NoSuchKey, S3Client } from "@aws-sdk/client-s3";
import {
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListExecutionsCommand,
  SFNClient,
  StartExecutionCommand,
} from "@aws-sdk/client-sfn";
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { readStackOutputs } from "../../cli/aws/deployed-stack.ts";
import { findingsCommand } from "../../cli/commands/findings.ts";
import { reviewCommand } from "../../cli/commands/review.ts";
import { scanCommand } from "../../cli/commands/scan.ts";
import { tasksCommand } from "../../cli/commands/tasks.ts";
import { encodeLines, jsonLines } from "../../functions/ports/json-lines-blob.ts";

const cfn = mockClient(CloudFormationClient);
const sfn = mockClient(SFNClient);
const s3 = mockClient(S3Client);
const dynamo = mockClient(DynamoDBDocumentClient);

const NIGHTLY = "arn:aws:states:us-east-1:123456789012:stateMachine:NightlyScan";
const REVIEW = "arn:aws:states:us-east-1:123456789012:stateMachine:AccessReview";
const EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:NightlyScan:cli-1";
const T0 = Date.parse("2026-12-07T02:00:00Z");
const OUTPUTS = [
  { OutputKey: "StateMachineArn", OutputValue: NIGHTLY },
  { OutputKey: "ReviewStateMachineArn", OutputValue: REVIEW },
  { OutputKey: "StateTableName", OutputValue: "deprov-state" },
  { OutputKey: "AuditTableName", OutputValue: "deprov-audit" },
  { OutputKey: "BlobBucketName", OutputValue: "deprov-blobs-1" },
  { OutputKey: "DecisionUrl", OutputValue: "https://abc.lambda-url.us-east-1.on.aws/" },
];

let out: string[];
let err: string[];

beforeEach(() => {
  process.env.DEPROV_AWS_POLL_MS = "0";
  cfn.reset();
  sfn.reset();
  s3.reset();
  dynamo.reset();
  cfn.on(DescribeStacksCommand, { StackName: "Deprov" }).resolves({
    Stacks: [
      { StackName: "Deprov", StackStatus: "UPDATE_COMPLETE", CreationTime: new Date(T0), Outputs: OUTPUTS },
    ],
  });
  out = [];
  err = [];
  vi.spyOn(console, "log").mockImplementation((line: unknown) => void out.push(String(line)));
  vi.spyOn(console, "error").mockImplementation((line: unknown) => void err.push(String(line)));
  vi.spyOn(process.stderr, "write").mockImplementation((line: string | Uint8Array) => {
    err.push(String(line));
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.DEPROV_AWS_POLL_MS;
});

let id = 0;
function event(type: string, details: Partial<HistoryEvent>, at = T0 + id * 1000): HistoryEvent {
  id++;
  return { id, type, timestamp: new Date(at), ...details } as HistoryEvent;
}
const entered = (type: string, name: string) =>
  event(`${type}StateEntered`, { stateEnteredEventDetails: { name } });
const exited = (type: string, name: string, output: unknown) =>
  event(`${type}StateExited`, { stateExitedEventDetails: { name, output: JSON.stringify(output) } });

function scanHistory(): HistoryEvent[] {
  id = 0;
  return [
    event("ExecutionStarted", {}),
    entered("Task", "StartScan"),
    exited("Task", "StartScan", { scan: { scanId: "s-1" } }),
    entered("Map", "CollectSources"),
    entered("Task", "CollectSource"),
    exited("Task", "CollectSource", {
      sourceId: "okta",
      status: "ok",
      records: 120,
      rejected: 1,
      durationMs: 850,
    }),
    exited("Map", "CollectSources", {}),
    entered("Task", "PersistFindings"),
    exited("Task", "PersistFindings", {}),
    event("ExecutionSucceeded", {
      executionSucceededEventDetails: {
        output: JSON.stringify({ finished: { scanId: "s-1", resultKey: "scans/s-1/findings.jsonl.gz" } }),
      },
    }),
  ];
}

const finding = {
  id: "ghost-account:abc",
  rule: "ghost-account",
  severity: "critical",
  sourceId: "okta",
  subject: { type: "account", id: "00u1" },
  personId: "100042",
  title: "Enabled account of departed person",
  evidence: {},
  controls: ["SOC2 CC6.2"],
  dependsOn: ["okta", "hr"],
  status: "open",
  firstSeenAt: T0 - 86_400_000,
  lastSeenAt: T0,
};

async function storeScanResult(sources: { id: string; status: "ok" | "failed" }[]) {
  const { body } = await encodeLines(jsonLines([finding]));
  const meta = {
    schemaVersion: 1,
    scanId: "s-1",
    organization: "Acme",
    evaluatedAt: new Date(T0).toISOString(),
    timezone: "UTC",
    sources: sources.map((s) => ({
      ...s,
      kind: "accounts",
      format: "okta",
      records: 120,
      rejected: 1,
      errors: s.status === "failed" ? ["okta: 401"] : [],
      durationMs: 850,
    })),
    rules: [{ id: "ghost-account", title: "Ghost", severityLogic: "", controls: [], rationale: "" }],
    notEvaluated: [],
    ruleErrors: [],
    people: {},
  };
  s3.on(GetObjectCommand, { Bucket: "deprov-blobs-1", Key: "scans/s-1/findings.jsonl.gz" }).resolves({
    Body: { transformToByteArray: async () => new Uint8Array(body) } as never,
  });
  s3.on(GetObjectCommand, { Bucket: "deprov-blobs-1", Key: "scans/s-1/scan.json" }).resolves({
    Body: { transformToByteArray: async () => new TextEncoder().encode(JSON.stringify(meta)) } as never,
  });
}

describe("the deployed stack's names", () => {
  it("come from the CloudFormation outputs; a stack without them is a usage error", async () => {
    // Prepare
    cfn.on(DescribeStacksCommand, { StackName: "Old" }).resolves({
      Stacks: [
        {
          StackName: "Old",
          StackStatus: "CREATE_COMPLETE",
          CreationTime: new Date(T0),
          Outputs: OUTPUTS.slice(0, 1),
        },
      ],
    });

    // Act + Assess
    expect(await readStackOutputs("Deprov")).toEqual({
      stateMachineArn: NIGHTLY,
      reviewStateMachineArn: REVIEW,
      stateTable: "deprov-state",
      auditTable: "deprov-audit",
      bucket: "deprov-blobs-1",
    });
    await expect(readStackOutputs("Old")).rejects.toThrow(/no output ReviewStateMachineArn/);
  });
});

describe("deprov scan --aws", () => {
  it("starts the execution, follows its history page by page with the local progress lines, and exits like a local run", async () => {
    // Prepare: the first poll sees the start only; the history comes in two pages.
    const history = scanHistory();
    sfn.on(ListExecutionsCommand).resolves({ executions: [] });
    sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION, startDate: new Date(T0) });
    sfn
      .on(GetExecutionHistoryCommand)
      .resolvesOnce({ events: history.slice(0, 3) })
      .resolvesOnce({ events: history.slice(0, 6), nextToken: "page-2" })
      .resolves({ events: history.slice(6) });
    await storeScanResult([{ id: "okta", status: "ok" }]);

    // Act
    const code = await scanCommand(["--aws", "--fail-on", "critical", "--now", "2026-12-07T02:00:00Z"]);

    // Assess
    expect(code).toBe(1);
    const started = sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input;
    expect(started?.stateMachineArn).toBe(NIGHTLY);
    expect(JSON.parse(started?.input ?? "{}")).toEqual({ trigger: "cli", now: "2026-12-07T02:00:00.000Z" });
    expect(err.join("")).toContain("  source okta               120 records, 1 rejected (850 ms)");
    expect(err.join("")).toContain("  PersistFindings");
    expect(out.join("\n")).toContain("1 open findings at or above critical: exit 1");
    expect(
      sfn.commandCalls(GetExecutionHistoryCommand).some((call) => call.args[0].input.nextToken === "page-2"),
    ).toBe(true);
  });

  it("exits 2 when a source failed, as a local scan does", async () => {
    // Prepare
    sfn.on(ListExecutionsCommand).resolves({ executions: [] });
    sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION, startDate: new Date(T0) });
    sfn.on(GetExecutionHistoryCommand).resolves({ events: scanHistory() });
    await storeScanResult([{ id: "okta", status: "failed" }]);

    // Act
    const code = await scanCommand(["--aws"]);

    // Assess
    expect(code).toBe(2);
    expect(out.join("\n")).toContain("SOURCE FAILED okta: okta: 401");
  });

  it("exits 3 when a guard rail aborted the execution", async () => {
    // Prepare
    id = 0;
    sfn.on(ListExecutionsCommand).resolves({ executions: [] });
    sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION, startDate: new Date(T0) });
    sfn.on(GetExecutionHistoryCommand).resolves({
      events: [
        entered("Task", "AbortScan"),
        event("ExecutionFailed", {
          executionFailedEventDetails: { error: "ScanAborted", cause: "roster shrank" },
        }),
      ],
    });

    // Act
    const code = await scanCommand(["--aws", "--stack", "Deprov"]);

    // Assess
    expect(code).toBe(3);
    expect(err.join("")).toContain("ABORTED by a guard rail");
  });

  it("does nothing, and says so, while another execution is still running", async () => {
    // Prepare
    sfn.on(ListExecutionsCommand, { stateMachineArn: NIGHTLY, statusFilter: "RUNNING" }).resolves({
      executions: [
        {
          executionArn: `${EXECUTION}-0`,
          stateMachineArn: NIGHTLY,
          name: "scheduled-0200",
          status: "RUNNING",
          startDate: new Date(T0),
        },
      ],
    });

    // Act
    const code = await scanCommand(["--aws"]);

    // Assess
    expect(code).toBe(0);
    expect(err.join("")).toContain(
      "execution scheduled-0200 (started 2026-12-07T02:00:00.000Z) is still running; not starting another scan",
    );
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });
});

describe("deprov review start --aws", () => {
  it("starts the review machine and follows it until the campaign waits for decisions", async () => {
    // Prepare
    id = 0;
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${REVIEW}:cli`, startDate: new Date(T0) });
    sfn.on(GetExecutionHistoryCommand).resolves({
      events: [
        entered("Task", "StartCampaign"),
        exited("Task", "StartCampaign", { campaign: { items: 1200, reviewers: 40 } }),
        entered("Map", "SendPackets"),
        exited("Map", "SendPackets", {}),
        entered("Task", "CheckCampaign"),
        exited("Task", "CheckCampaign", { check: { at: "x", reminders: 0, escalations: 0, action: "wait" } }),
        entered("Choice", "WhatNext"),
        entered("Wait", "WaitForNextCheck"),
      ],
    });

    // Act
    const code = await reviewCommand(["start", "--aws", "--name", "Annual", "--due", "2027-01-31", "--json"]);

    // Assess
    expect(code).toBe(0);
    const printed = JSON.parse(out.join("\n")) as { campaignId: string };
    expect(printed.campaignId).toMatch(/^review-\d{8}T\d{6}Z-[0-9a-f]{8}$/);
    const input = JSON.parse(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input.input ?? "{}");
    expect(input).toMatchObject({
      trigger: "cli",
      campaignId: printed.campaignId,
      name: "Annual",
      due: "2027-01-31",
    });
    expect(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input.stateMachineArn).toBe(REVIEW);
  });
});

describe("deprov findings --aws", () => {
  it("reads the latest scan's findings from the deployed table and bucket", async () => {
    // Prepare
    dynamo.on(GetCommand, { TableName: "deprov-state", Key: { pk: "SCAN", sk: "LATEST_SUCCESS" } }).resolves({
      Item: {
        pk: "SCAN",
        sk: "LATEST_SUCCESS",
        scanId: "s-1",
        evaluatedAt: T0,
        finishedAt: T0,
        resultKey: "scans/s-1/findings.jsonl.gz",
      },
    });
    dynamo.on(QueryCommand).resolves({ Items: [] });
    await storeScanResult([{ id: "okta", status: "ok" }]);
    s3.on(GetObjectCommand, { Key: "missing" }).rejects(new NoSuchKey({ message: "no", $metadata: {} }));

    // Act
    const code = await findingsCommand(["--aws", "--json"]);

    // Assess
    expect(code).toBe(0);
    const printed = JSON.parse(out.join("\n")) as { scan: { scanId: string }; findings: { id: string }[] };
    expect(printed.scan.scanId).toBe("s-1");
    expect(printed.findings.map((f) => f.id)).toEqual(["ghost-account:abc"]);
  });
});

describe("deprov tasks --aws", () => {
  it("lists the tasks in the deployed table with their findings from the bucket", async () => {
    // Prepare
    dynamo.on(GetCommand, { TableName: "deprov-state", Key: { pk: "SCAN", sk: "LATEST_SUCCESS" } }).resolves({
      Item: {
        pk: "SCAN",
        sk: "LATEST_SUCCESS",
        scanId: "s-1",
        evaluatedAt: T0,
        finishedAt: T0,
        resultKey: "scans/s-1/findings.jsonl.gz",
      },
    });
    dynamo
      .on(QueryCommand, { TableName: "deprov-state", ExpressionAttributeValues: { ":pk": "REVIEW_TASK" } })
      .resolves({
        Items: [
          {
            pk: "REVIEW_TASK",
            sk: "review:annual-2026:100077",
            type: "task",
            key: "review:annual-2026:100077",
            status: "open",
            externalId: "review:annual-2026:100077",
            title: 'Access review "Annual 2026": revoke 1 item of 100077',
            severity: "medium",
            contentHash: "r",
            findingIds: ["item-1"],
            createdAt: T0,
            updatedAt: T0,
            scanId: "campaign:annual-2026",
            version: 1,
          },
        ],
      });
    dynamo
      .on(QueryCommand, { TableName: "deprov-state", ExpressionAttributeValues: { ":pk": "TASK" } })
      .resolves({
        Items: [
          {
            pk: "TASK",
            sk: "leaver:100042",
            type: "task",
            key: "leaver:100042",
            status: "open",
            externalId: "leaver:100042",
            title: "Offboarding incomplete: 100042, 1 open finding",
            severity: "critical",
            contentHash: "h",
            findingIds: ["ghost-account:abc"],
            createdAt: T0,
            updatedAt: T0,
            scanId: "s-1",
            version: 1,
          },
        ],
      });
    await storeScanResult([{ id: "okta", status: "ok" }]);

    // Act
    const code = await tasksCommand(["--aws", "--json"]);

    // Assess
    expect(code).toBe(0);
    const printed = JSON.parse(out.join("\n")) as {
      scanId: string;
      tasks: { id: string; status: string; findingIds: string[]; reviewItemIds?: string[] }[];
    };
    expect(printed.scanId).toBe("s-1");
    expect(printed.tasks).toEqual([
      expect.objectContaining({ id: "leaver:100042", status: "open", findingIds: ["ghost-account:abc"] }),
      expect.objectContaining({
        id: "review:annual-2026:100077",
        personId: "100077",
        findingIds: [],
        reviewItemIds: ["item-1"],
      }),
    ]);
    expect(
      dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input.ExpressionAttributeValues),
    ).toEqual([{ ":pk": "TASK" }, { ":pk": "REVIEW_TASK" }]);
  });
});
