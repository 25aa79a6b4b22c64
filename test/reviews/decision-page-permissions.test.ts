/**
 * The decision page's role holds only what the page uses, checked by use: the function-URL handler
 * serves links (shown, decided, reused, forged, after the close) over the DynamoDB stores on the
 * embedded DynamoDB and blobs in a folder, as in AWS; every DynamoDB call, blob read and secret it
 * asks for is recorded and must be allowed by its role's statements in the synthesized template,
 * the `dynamodb:LeadingKeys` conditions included. A change that makes the page read or write
 * something new fails here before it fails in AWS with AccessDenied.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { CfnTable } from "aws-cdk-lib/aws-dynamodb";
import type { CfnRole } from "aws-cdk-lib/aws-iam";
import type { CfnBucket } from "aws-cdk-lib/aws-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from "../../cli/local/embedded-dynamodb.ts";
import { localDependencies } from "../../cli/local/local-dependencies.ts";
import { parseConfigText } from "../../functions/config/load-config.ts";
import type { CredentialRef } from "../../functions/config/schema.ts";
import { reviewItemId } from "../../functions/core/reviews/review-items.ts";
import type { ReviewItem } from "../../functions/core/reviews/types.ts";
import { decisionPageHandler } from "../../functions/handlers/decide-review-item.ts";
import type { BlobStore } from "../../functions/ports/blob-store.ts";
import { DynamoDbStateStore } from "../../functions/ports/dynamodb-state-store.ts";
import { FileBlobStore } from "../../functions/ports/file-blob-store.ts";
import { DynamoDbReviewStore } from "../../functions/ports/reviews/dynamodb-review-store.ts";
import { writeItemChunks } from "../../functions/reviews/campaign-items.ts";
import { type LinkClaims, linkIdFor, signLink } from "../../functions/reviews/decision-link.ts";
import { CONFIG_KEY } from "../../infra/constructs/blobs.ts";
import { buildStackUnderTest, statementsOfRole } from "../infra/stack-under-test.ts";
import { MemoryTaskStore } from "../support/memory-task-store.ts";

const LINK_KEY = "decision-link-signing-key-0123456789abcdef";
const LINK_KEY_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:deprov/review-link-key-AbCdEf";
const CAMPAIGN = "review-20261201T140000Z-0a1b2c3d";
const START = Date.parse("2026-12-01T14:00:00Z");
const DUE = Date.parse("2026-12-22T05:00:00Z");
const NOW = Date.parse("2026-12-03T15:00:00Z");

/** What the page asked AWS for, in IAM's terms. */
interface Request {
  action: string;
  /** The resource's ARN, with `arn:<LogicalId>` standing for a resource of the stack. */
  resource: string;
  leadingKeys?: string[];
}

const { stack, template, logicalId } = buildStackUnderTest();
const ids = {
  role: logicalId(stack.reviews.decision.role.node.defaultChild as CfnRole),
  stateTable: logicalId(stack.state.stateTable.node.defaultChild as CfnTable),
  auditTable: logicalId(stack.state.auditTable.node.defaultChild as CfnTable),
  bucket: logicalId(stack.blobs.bucket.node.defaultChild as CfnBucket),
};
const PSEUDO: Record<string, string> = {
  "AWS::Partition": "aws",
  "AWS::Region": "us-east-1",
  "AWS::AccountId": "123456789012",
};

/** A template value as an ARN: GetAtt Arn as `arn:<LogicalId>`, pseudo parameters as this test's account. */
function arnOf(value: unknown): string {
  if (typeof value === "string") return value;
  const part = value as { "Fn::Join"?: [string, unknown[]]; "Fn::GetAtt"?: [string, string]; Ref?: string };
  if (part["Fn::Join"]) return part["Fn::Join"][1].map(arnOf).join(part["Fn::Join"][0]);
  if (part["Fn::GetAtt"]?.[1] === "Arn") return `arn:${part["Fn::GetAtt"][0]}`;
  const pseudo = part.Ref === undefined ? undefined : PSEUDO[part.Ref];
  if (pseudo === undefined) throw new Error(`cannot resolve ${JSON.stringify(value)}`);
  return pseudo;
}

/** IAM's wildcard match: `*` any characters, `?` exactly one. */
function iamMatches(pattern: string, value: string): boolean {
  const expression = [...pattern]
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${expression}$`, "s").test(value);
}

/** Whether the role's Allow statements let the request through; a condition this check cannot read is unmet. */
function allowed(request: Request): boolean {
  return statementsOfRole(template, ids.role).some((statement) => {
    if (statement.effect !== "Allow" || !statement.actions.includes(request.action)) return false;
    const resources = Array.isArray(statement.resource) ? statement.resource : [statement.resource];
    if (!resources.some((resource) => iamMatches(arnOf(resource), request.resource))) return false;
    for (const [operator, keys] of Object.entries((statement.condition ?? {}) as Record<string, object>)) {
      for (const [key, values] of Object.entries(keys as Record<string, string[]>)) {
        if (operator !== "ForAllValues:StringLike" || key !== "dynamodb:LeadingKeys") return false;
        const every = (request.leadingKeys ?? []).every((pk) => values.some((v) => iamMatches(v, pk)));
        if (!every) return false;
      }
    }
    return true;
  });
}

let recording = false;
const requests: Request[] = [];
const record = (request: Request) => {
  if (recording) requests.push(request);
};

/** The DynamoDB calls the client sends, as IAM requests, with the partition keys they touch. */
function recordDynamoDb(client: DynamoDBClient, tableIds: Record<string, string>): void {
  const text = (value: unknown) => (typeof value === "string" ? value : (value as { S?: string })?.S);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const action = `dynamodb:${String(context.commandName).replace(/Command$/, "")}`;
      const input = args.input as {
        TableName?: string;
        Key?: { pk?: unknown };
        Item?: { pk?: unknown };
        KeyConditionExpression?: string;
        ExpressionAttributeNames?: Record<string, string>;
        ExpressionAttributeValues?: Record<string, unknown>;
        RequestItems?: Record<string, unknown[]>;
      };
      const byTable = new Map<string, string[]>();
      if (input.RequestItems) {
        for (const [table, entries] of Object.entries(input.RequestItems)) {
          const keys = (entries as { PutRequest?: { Item: { pk: unknown } } }[]).map((entry) =>
            text(entry.PutRequest?.Item.pk),
          );
          byTable.set(
            table,
            keys.filter((key): key is string => key !== undefined),
          );
        }
      } else if (input.TableName !== undefined) {
        let pk = text(input.Key?.pk ?? input.Item?.pk);
        for (const [, name, value] of (input.KeyConditionExpression ?? "").matchAll(
          /(#?\w+)\s*=\s*(:\w+)/g,
        )) {
          if ((input.ExpressionAttributeNames?.[name ?? ""] ?? name) === "pk")
            pk = text(input.ExpressionAttributeValues?.[value ?? ""]);
        }
        byTable.set(input.TableName, pk === undefined ? [] : [pk]);
      }
      for (const [table, leadingKeys] of byTable)
        record({ action, resource: `arn:${tableIds[table] ?? table}`, leadingKeys });
      return next(args);
    },
    { step: "build", name: "deprovRecordIamRequests" },
  );
}

/** The blob bucket as the page sees it, each call recorded as the S3 request it would be. */
class RecordingBlobStore implements BlobStore {
  constructor(private readonly inner: FileBlobStore) {}

  async get(key: string): Promise<Buffer | undefined> {
    record({ action: "s3:GetObject", resource: `arn:${ids.bucket}/${key}` });
    return this.inner.get(key);
  }

  async list(prefix: string): Promise<string[]> {
    record({ action: "s3:ListBucket", resource: `arn:${ids.bucket}` });
    return this.inner.list(prefix);
  }

  async put(key: string, body: Buffer | string): Promise<void> {
    record({ action: "s3:PutObject", resource: `arn:${ids.bucket}/${key}` });
    await this.inner.put(key, body);
  }
}

function item(employeeId: string, sourceId: string, accountId: string): ReviewItem {
  return {
    itemId: reviewItemId("account", sourceId, accountId),
    kind: "account",
    subject: { type: "account", sourceId, id: accountId },
    person: { employeeId, name: employeeId, email: `${employeeId}@acme.com`, department: "Sales" },
    reviewerId: "m1",
    username: accountId,
    groups: ["sales"],
    privileged: false,
  };
}

function link(claims: Partial<LinkClaims>, key = LINK_KEY): string {
  const full: LinkClaims = { c: CAMPAIGN, p: "m1", b: "m1", s: "item", x: DUE, n: "", ...claims };
  full.n = linkIdFor([full.c, full.p, full.b, full.s, full.i ?? ""]);
  return signLink(full, key);
}

const dirs: string[] = [];
let db: EmbeddedDynamoDb;
let reviews: DynamoDbReviewStore;
let page: ReturnType<typeof decisionPageHandler>;
const items = [
  item("e1", "okta", "eve@acme.com"),
  item("e1", "slack", "U-EVE"),
  item("e2", "okta", "bob@acme.com"),
];

beforeAll(async () => {
  db = await startEmbeddedDynamoDb();
  recordDynamoDb(db.client, { [db.tables.state]: ids.stateTable, [db.tables.audit]: ids.auditTable });
  const dir = mkdtempSync(join(tmpdir(), "deprov-decision-permissions-"));
  dirs.push(dir);
  const blobs = new RecordingBlobStore(new FileBlobStore(join(dir, "blobs")));
  reviews = new DynamoDbReviewStore({ client: db.client, tableName: db.tables.state });

  // What the operator uploads and StartCampaign writes, before the page runs.
  const configText = JSON.stringify({
    organization: "Acme",
    timezone: "America/New_York",
    sources: [{ id: "hr", kind: "roster", format: "csv", path: "hr.csv" }],
    reviews: { linkSecret: { secretArn: LINK_KEY_ARN } },
  });
  await blobs.put(CONFIG_KEY, configText);
  const { chunks } = await writeItemChunks(blobs, CAMPAIGN, items);
  await reviews.putReviewers([
    {
      campaignId: CAMPAIGN,
      reviewerId: "m1",
      name: "Maria Manager",
      email: "maria@acme.com",
      route: "manager",
      chunk: 0,
      items: items.length,
      kept: 0,
      revoked: 0,
      remindersSent: 0,
    },
  ]);
  await reviews.createCampaign({
    campaignId: CAMPAIGN,
    name: "Q4",
    status: "open",
    organization: "Acme",
    timezone: "America/New_York",
    startedAt: START,
    dueAt: DUE,
    startedBy: "user:ada",
    scanId: "20261201T000000Z-00000000",
    items: items.length,
    reviewers: 1,
    unassignedItems: 0,
    chunks,
    skippedSources: [],
    remindDaysBeforeDue: [7, 2],
    escalateAfterDays: 14,
    undecidedAsRevoke: false,
    revokeWithinDays: 14,
  });

  const deps = localDependencies({
    // In AWS the config is read from the blob bucket (aws-dependencies.ts), so here too.
    config: async () => {
      const bytes = await blobs.get(CONFIG_KEY);
      return parseConfigText(String(bytes), `s3://bucket/${CONFIG_KEY}`);
    },
    stateStore: new DynamoDbStateStore({ client: db.client, tables: db.tables }),
    blobStore: blobs,
    taskStore: new MemoryTaskStore(),
    reviews: { store: reviews, taskStore: new MemoryTaskStore(), decisionUrl: "https://decide.example.test" },
    outDir: dir,
  });
  const resolveCredential = async (ref: CredentialRef) => {
    if (!("secretArn" in ref)) throw new Error("expected the link key by ARN, as in AWS");
    record({ action: "secretsmanager:GetSecretValue", resource: ref.secretArn });
    return LINK_KEY;
  };
  page = decisionPageHandler(
    () => ({ ...deps, resolveCredential }),
    () => NOW,
  );
});

afterAll(async () => {
  await db?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const get = (t: string) => ({ requestContext: { http: { method: "GET" } }, queryStringParameters: { t } });
const post = (t: string, fields: Record<string, string> = {}) => ({
  requestContext: { http: { method: "POST" } },
  body: new URLSearchParams({ t, ...fields }).toString(),
});

describe("the decision page's role", () => {
  it("allows every call the page makes: shown, decided, reused, forged and after the close", async () => {
    // Prepare
    const [first] = items;
    if (!first) throw new Error("no item");
    const itemLink = link({ i: first.itemId });

    // Act
    recording = true;
    const statuses: number[] = [];
    try {
      for (const event of [
        get(itemLink),
        post(itemLink, { decision: "revoke", reason: "left the team" }),
        get(itemLink),
        post(link({ s: "keep-all" })),
        get(link({ s: "revoke-all" }, "a key deprov never had")),
      ])
        statuses.push((await page(event)).statusCode);
      recording = false;
      await reviews.updateCampaign(CAMPAIGN, { status: "closed", closedAt: NOW - 1000 });
      recording = true;
      statuses.push((await page(post(link({ s: "revoke-all" })))).statusCode);
    } finally {
      recording = false;
    }

    // Assess
    expect(statuses).toEqual([200, 200, 409, 200, 403, 410]);
    expect(requests.filter((request) => !allowed(request))).toEqual([]);
    // ForAllValues holds for a request without keys: each call must have shown the one it touched.
    expect(requests.filter((r) => r.action.startsWith("dynamodb:") && r.leadingKeys?.length !== 1)).toEqual(
      [],
    );
    // What the page did, so that the check above is not vacuous.
    const kinds = new Set(requests.map((r) => `${r.action} ${r.resource.replace(/\/.*$/, "/…")}`));
    expect([...kinds].sort()).toEqual(
      [
        `dynamodb:GetItem arn:${ids.stateTable}`,
        `dynamodb:Query arn:${ids.stateTable}`,
        `dynamodb:PutItem arn:${ids.stateTable}`,
        `dynamodb:UpdateItem arn:${ids.stateTable}`,
        `dynamodb:PutItem arn:${ids.auditTable}`,
        `s3:GetObject arn:${ids.bucket}/…`,
        "secretsmanager:GetSecretValue arn:aws:secretsmanager:us-east-1:123456789012:secret:deprov/…",
      ].sort(),
    );
    expect(new Set(requests.filter((r) => r.action === "s3:GetObject").map((r) => r.resource))).toEqual(
      new Set([`arn:${ids.bucket}/${CONFIG_KEY}`, `arn:${ids.bucket}/reviews/${CAMPAIGN}/items/0.jsonl.gz`]),
    );
  });

  it("refuses what the page has no business with, so the check above can fail", () => {
    // Act
    const refused = [
      {
        action: "secretsmanager:GetSecretValue",
        resource: LINK_KEY_ARN.replace("review-link-key", "okta-api-token"),
      },
      { action: "s3:GetObject", resource: `arn:${ids.bucket}/snapshots/20261201T020000Z-1a2b3c4d/hr/export` },
      { action: "s3:GetObject", resource: `arn:${ids.bucket}/config/hr.csv` },
      { action: "dynamodb:GetItem", resource: `arn:${ids.stateTable}`, leadingKeys: ["FINDING#R1"] },
      { action: "dynamodb:UpdateItem", resource: `arn:${ids.stateTable}`, leadingKeys: ["CAMPAIGN"] },
      {
        action: "dynamodb:DeleteItem",
        resource: `arn:${ids.stateTable}`,
        leadingKeys: [`CAMPAIGN#${CAMPAIGN}`],
      },
      {
        action: "dynamodb:BatchWriteItem",
        resource: `arn:${ids.stateTable}`,
        leadingKeys: [`CAMPAIGN#${CAMPAIGN}`],
      },
    ].map(allowed);

    // Assess
    expect(refused).toEqual(refused.map(() => false));
  });
});
