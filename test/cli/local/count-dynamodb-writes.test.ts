/** DynamoDB items written, counted on the client: single-item writes and batches, reads not. */
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countDynamoDbWrites, writeTally } from "../../../cli/local/count-dynamodb-writes.ts";
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from "../../../cli/local/embedded-dynamodb.ts";

let db: EmbeddedDynamoDb;

beforeAll(async () => {
  db = await startEmbeddedDynamoDb({ ownThread: true });
});

afterAll(async () => {
  await db.close();
});

describe("countDynamoDbWrites", () => {
  it("counts each put and each item of a batch, and no reads", async () => {
    // Prepare
    const tally = writeTally();
    countDynamoDbWrites(db.client, tally);
    const doc = DynamoDBDocumentClient.from(db.client);
    const table = db.tables.state;

    // Act
    await doc.send(new PutCommand({ TableName: table, Item: { pk: "T", sk: "one" } }));
    await doc.send(
      new BatchWriteCommand({
        RequestItems: {
          [table]: Array.from({ length: 7 }, (_, i) => ({ PutRequest: { Item: { pk: "T", sk: `b${i}` } } })),
        },
      }),
    );
    await doc.send(new GetCommand({ TableName: table, Key: { pk: "T", sk: "one" } }));

    // Assess
    expect(tally.count()).toBe(8);
  });
});
