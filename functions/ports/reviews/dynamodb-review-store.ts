/**
 * The review store on DynamoDB, in the state table:
 *   campaign   pk=CAMPAIGN             sk=<campaignId>
 *   reviewer   pk=CAMPAIGN#<id>        sk=R#<reviewerId>   counts updated with ADD
 *   decision   pk=CAMPAIGN#<id>        sk=D#<itemId>       conditional put: the first decision stands
 *   link use   pk=CAMPAIGN#<id>        sk=L#<linkId>       conditional put: a link works once
 *   evidence   pk=CAMPAIGN#<id>        sk=E#<itemId>
 * Only conditional single-item writes, batch puts and queries: what DynamoDB and the embedded
 * store both support (no transactions).
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { batchPutItems } from "../dynamodb-batch.ts";
import { DEFAULT_TABLE_NAMES } from "../dynamodb-tables.ts";
import {
  assertCampaignId,
  type Campaign,
  type CampaignStatus,
  CampaignStatusError,
  type LinkUse,
  type ReviewerProgress,
  type ReviewerUpdate,
  type ReviewStore,
  type RevocationEvidence,
  type StoredDecision,
} from "./review-store.ts";

export interface DynamoDbReviewStoreOptions {
  client: DynamoDBClient;
  /** The state table; defaults to the local default name. */
  tableName?: string;
}

type Item = Record<string, unknown>;

const CAMPAIGNS = "CAMPAIGN";

/**
 * The store's partition keys as IAM `dynamodb:LeadingKeys` patterns (`*`: any characters), for a
 * role that may touch reviews and nothing else in the state table: `campaigns` holds the campaign
 * records, `perCampaign` each campaign's reviewers, decisions, link uses and evidence.
 */
export const REVIEW_PARTITION_PATTERNS = {
  campaigns: CAMPAIGNS,
  perCampaign: `${CAMPAIGNS}#*`,
} as const;

const KEYS = ["pk", "sk", "type"] as const;

export class DynamoDbReviewStore implements ReviewStore {
  private readonly doc: DynamoDBDocumentClient;
  private readonly table: string;

  constructor(options: DynamoDbReviewStoreOptions) {
    this.doc = DynamoDBDocumentClient.from(options.client, {
      marshallOptions: { removeUndefinedValues: true },
    });
    this.table = options.tableName ?? DEFAULT_TABLE_NAMES.state;
  }

  async createCampaign(campaign: Campaign): Promise<{ campaign: Campaign; created: boolean }> {
    assertCampaignId(campaign.campaignId);
    if (await this.putIfAbsent({ pk: CAMPAIGNS, sk: campaign.campaignId, type: "campaign", ...campaign }))
      return { campaign, created: true };
    const existing = await this.getCampaign(campaign.campaignId);
    if (!existing) throw new Error(`campaign ${campaign.campaignId} exists but could not be read back`);
    return { campaign: existing, created: false };
  }

  async getCampaign(campaignId: string): Promise<Campaign | undefined> {
    return this.get<Campaign>(CAMPAIGNS, campaignId);
  }

  async listCampaigns(): Promise<Campaign[]> {
    const campaigns = await this.query<Campaign>({ pk: CAMPAIGNS });
    return campaigns.sort((a, b) => a.startedAt - b.startedAt);
  }

  async updateCampaign(
    campaignId: string,
    changes: Partial<Omit<Campaign, "campaignId">>,
    whileStatus?: CampaignStatus,
  ): Promise<Campaign> {
    const names: Record<string, string> = { "#pk": "pk" };
    const values: Record<string, unknown> = {};
    const sets: string[] = [];
    for (const [field, value] of Object.entries(changes)) {
      if (value === undefined) continue;
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      sets.push(`#${field} = :${field}`);
    }
    let condition = "attribute_exists(#pk)";
    if (whileStatus !== undefined) {
      names["#status"] = "status";
      values[":whileStatus"] = whileStatus;
      condition += " AND #status = :whileStatus";
    }
    try {
      const output = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: CAMPAIGNS, sk: campaignId },
          UpdateExpression: sets.length > 0 ? `SET ${sets.join(", ")}` : undefined,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: Object.keys(values).length > 0 ? values : undefined,
          ReturnValues: "ALL_NEW",
        }),
      );
      return withoutKeys(output.Attributes ?? {}) as unknown as Campaign;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      if (whileStatus !== undefined && (await this.getCampaign(campaignId)) !== undefined)
        throw new CampaignStatusError(campaignId, whileStatus);
      throw new Error(`campaign ${campaignId} does not exist`);
    }
  }

  async putReviewers(reviewers: readonly ReviewerProgress[]): Promise<void> {
    await batchPutItems(
      this.doc,
      this.table,
      reviewers.map((reviewer) => ({
        pk: partition(reviewer.campaignId),
        sk: `R#${reviewer.reviewerId}`,
        type: "reviewer",
        ...reviewer,
      })),
    );
  }

  async getReviewer(campaignId: string, reviewerId: string): Promise<ReviewerProgress | undefined> {
    return this.get<ReviewerProgress>(partition(campaignId), `R#${reviewerId}`);
  }

  async listReviewers(campaignId: string): Promise<ReviewerProgress[]> {
    return this.query<ReviewerProgress>({ pk: partition(campaignId), prefix: "R#" });
  }

  async updateReviewer(campaignId: string, reviewerId: string, changes: ReviewerUpdate): Promise<void> {
    const entries = Object.entries(changes).filter(([, value]) => value !== undefined);
    if (entries.length === 0) return;
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: partition(campaignId), sk: `R#${reviewerId}` },
        UpdateExpression: `SET ${entries.map(([field]) => `#${field} = :${field}`).join(", ")}`,
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeNames: Object.fromEntries(entries.map(([field]) => [`#${field}`, field])),
        ExpressionAttributeValues: Object.fromEntries(entries.map(([field, value]) => [`:${field}`, value])),
      }),
    );
  }

  async recordDecision(decision: StoredDecision): Promise<{ created: boolean; stored: StoredDecision }> {
    const created = await this.putIfAbsent({
      pk: partition(decision.campaignId),
      sk: `D#${decision.itemId}`,
      type: "decision",
      ...decision,
    });
    if (!created) {
      const stored = await this.getDecision(decision.campaignId, decision.itemId);
      if (!stored) throw new Error(`decision on ${decision.itemId} exists but could not be read back`);
      return { created, stored };
    }
    const counter = decision.decision === "keep" ? "kept" : "revoked";
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: partition(decision.campaignId), sk: `R#${decision.reviewerId}` },
        UpdateExpression: "ADD #counter :one",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeNames: { "#counter": counter },
        ExpressionAttributeValues: { ":one": 1 },
      }),
    );
    return { created, stored: decision };
  }

  async getDecision(campaignId: string, itemId: string): Promise<StoredDecision | undefined> {
    return this.get<StoredDecision>(partition(campaignId), `D#${itemId}`);
  }

  async listDecisions(campaignId: string): Promise<StoredDecision[]> {
    return this.query<StoredDecision>({ pk: partition(campaignId), prefix: "D#" });
  }

  async claimLink(use: LinkUse): Promise<boolean> {
    return this.putIfAbsent({ pk: partition(use.campaignId), sk: `L#${use.linkId}`, type: "link", ...use });
  }

  async getLinkUse(campaignId: string, linkId: string): Promise<LinkUse | undefined> {
    return this.get<LinkUse>(partition(campaignId), `L#${linkId}`);
  }

  async putEvidence(evidence: readonly RevocationEvidence[]): Promise<void> {
    // Few per night, and the first scan that saw the access gone must stand: conditional puts.
    for (const entry of evidence) {
      await this.putIfAbsent({
        pk: partition(entry.campaignId),
        sk: `E#${entry.itemId}`,
        type: "evidence",
        ...entry,
      });
    }
  }

  async listEvidence(campaignId: string): Promise<RevocationEvidence[]> {
    return this.query<RevocationEvidence>({ pk: partition(campaignId), prefix: "E#" });
  }

  private async putIfAbsent(item: Item): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: item,
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  private async get<T>(pk: string, sk: string): Promise<T | undefined> {
    const output = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk, sk }, ConsistentRead: true }),
    );
    return output.Item === undefined ? undefined : (withoutKeys(output.Item) as unknown as T);
  }

  private async query<T>(where: { pk: string; prefix?: string }): Promise<T[]> {
    const input: QueryCommandInput = {
      TableName: this.table,
      KeyConditionExpression:
        where.prefix === undefined ? "pk = :pk" : "pk = :pk AND begins_with(sk, :prefix)",
      ExpressionAttributeValues: {
        ":pk": where.pk,
        ...(where.prefix === undefined ? {} : { ":prefix": where.prefix }),
      },
      ConsistentRead: true,
    };
    const rows: T[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const output = await this.doc.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
      for (const item of output.Items ?? []) rows.push(withoutKeys(item) as unknown as T);
      startKey = output.LastEvaluatedKey;
    } while (startKey !== undefined);
    return rows;
  }
}

function partition(campaignId: string): string {
  assertCampaignId(campaignId);
  return `${CAMPAIGNS}#${campaignId}`;
}

function withoutKeys(item: Item): Item {
  const copy: Item = { ...item };
  for (const key of KEYS) delete copy[key];
  return copy;
}

function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === "ConditionalCheckFailedException";
}
