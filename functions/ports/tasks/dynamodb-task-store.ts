/**
 * The task store on DynamoDB, in the state table next to findings and scans: one item per task,
 * `pk=TASK`, `sk=<task key>`. Each put is conditional on the `version` it replaces (or on the
 * item's absence), which both DynamoDB and the embedded store enforce atomically.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from "@aws-sdk/lib-dynamodb";
import type { TaskRecord } from "../../core/tasks/types.ts";
import { DEFAULT_TABLE_NAMES } from "../dynamodb-tables.ts";
import { fitItem } from "../fit-item.ts";
import { type StoredTask, type TaskClaim, type TaskStore, TaskVersionConflictError } from "./task-store.ts";

export interface DynamoDbTaskStoreOptions {
  client: DynamoDBClient;
  /** The state table; defaults to the local default name. */
  tableName?: string;
  /** The items' partition key: `TASK` (the nightly scan's tasks) unless told. */
  partition?: string;
}

const TASK_PARTITION = "TASK";
/** BatchWriteItem's limit. */
const BATCH_SIZE = 25;
/** BatchGetItem's limit. */
const BATCH_GET_SIZE = 100;
const BATCH_CONCURRENCY = 8;
const MAX_BATCH_ATTEMPTS = 8;

export class DynamoDbTaskStore implements TaskStore {
  private readonly doc: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly partition: string;

  constructor(options: DynamoDbTaskStoreOptions) {
    this.doc = DynamoDBDocumentClient.from(options.client, {
      marshallOptions: { removeUndefinedValues: true },
    });
    this.tableName = options.tableName ?? DEFAULT_TABLE_NAMES.state;
    this.partition = options.partition ?? TASK_PARTITION;
  }

  async listTasks(): Promise<StoredTask[]> {
    const tasks: StoredTask[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const output = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": this.partition },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of output.Items ?? []) tasks.push(taskOf(item));
      startKey = output.LastEvaluatedKey;
    } while (startKey !== undefined);
    return tasks;
  }

  async getTask(key: string): Promise<StoredTask | undefined> {
    const output = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: this.partition, sk: key },
        ConsistentRead: true,
      }),
    );
    return output.Item === undefined ? undefined : taskOf(output.Item);
  }

  async getTasks(keys: readonly string[]): Promise<Map<string, StoredTask>> {
    const found = new Map<string, StoredTask>();
    const unique = [...new Set(keys)];
    const batches: string[][] = [];
    for (let i = 0; i < unique.length; i += BATCH_GET_SIZE) batches.push(unique.slice(i, i + BATCH_GET_SIZE));
    let next = 0;
    const worker = async () => {
      while (next < batches.length) {
        let pending = (batches[next++] ?? []).map((key) => ({ pk: TASK_PARTITION, sk: key }));
        for (let attempt = 1; pending.length > 0; attempt++) {
          if (attempt > MAX_BATCH_ATTEMPTS)
            throw new Error(
              `task store: ${pending.length} tasks not read after ${MAX_BATCH_ATTEMPTS} attempts`,
            );
          if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
          const output = await this.doc.send(
            new BatchGetCommand({
              RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } },
            }),
          );
          for (const item of output.Responses?.[this.tableName] ?? []) {
            const task = taskOf(item);
            found.set(task.key, task);
          }
          pending = (output.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as typeof pending;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(BATCH_CONCURRENCY, batches.length) }, worker));
    return found;
  }

  async createTasks(tasks: readonly TaskRecord[]): Promise<StoredTask[]> {
    // A title carries roster text: a runaway name is cut rather than fail the write.
    const stored = tasks.map((task): StoredTask => ({ ...fitItem(task), version: 1 }));
    const batches: StoredTask[][] = [];
    for (let i = 0; i < stored.length; i += BATCH_SIZE) batches.push(stored.slice(i, i + BATCH_SIZE));
    let next = 0;
    const worker = async () => {
      while (next < batches.length) await this.writeBatch(batches[next++] ?? []);
    };
    await Promise.all(Array.from({ length: Math.min(BATCH_CONCURRENCY, batches.length) }, worker));
    return stored;
  }

  /** One BatchWriteItem, re-sending unprocessed items with backoff until all are written. */
  private async writeBatch(batch: readonly StoredTask[]): Promise<void> {
    let requests = batch.map((task) => ({
      PutRequest: { Item: { pk: this.partition, sk: task.key, type: "task", ...task } },
    }));
    for (let attempt = 1; requests.length > 0; attempt++) {
      if (attempt > MAX_BATCH_ATTEMPTS)
        throw new Error(
          `task store: ${requests.length} tasks not written after ${MAX_BATCH_ATTEMPTS} attempts`,
        );
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      const output = await this.doc.send(
        new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }),
      );
      requests = (output.UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
    }
  }

  async putTask(task: TaskRecord & { claim?: TaskClaim }, expectedVersion: number): Promise<StoredTask> {
    const stored: StoredTask = { ...fitItem(task), version: expectedVersion + 1 };
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: this.partition, sk: task.key, type: "task", ...stored },
          ...(expectedVersion === 0
            ? { ConditionExpression: "attribute_not_exists(pk)" }
            : {
                ConditionExpression: "#version = :expected",
                ExpressionAttributeNames: { "#version": "version" },
                ExpressionAttributeValues: { ":expected": expectedVersion },
              }),
        }),
      );
    } catch (error) {
      if (error instanceof Error && error.name === "ConditionalCheckFailedException") {
        throw new TaskVersionConflictError(task.key, expectedVersion);
      }
      throw error;
    }
    return stored;
  }
}

function taskOf(item: Record<string, unknown>): StoredTask {
  const { pk: _pk, sk: _sk, type: _type, ...task } = item;
  return task as unknown as StoredTask;
}
