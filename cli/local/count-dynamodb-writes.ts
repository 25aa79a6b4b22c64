/**
 * Counts the DynamoDB items a client writes (PutItem, UpdateItem, DeleteItem: one each;
 * BatchWriteItem: its requests minus the unprocessed ones), across every table, as the scan
 * summary and the benchmark report them. A middleware on the client, so the DocumentClient's
 * commands are counted too and nothing in the persistence code has to remember to count.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";

export interface WriteTally {
  add(items: number): void;
  count(): number;
}

export function writeTally(): WriteTally {
  let total = 0;
  return {
    add: (items) => {
      total += items;
    },
    count: () => total,
  };
}

const SINGLE_ITEM_WRITES = new Set(["PutItem", "UpdateItem", "DeleteItem", "Put", "Update", "Delete"]);

export function countDynamoDbWrites(client: DynamoDBClient, tally: WriteTally): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const operation = String(context.commandName ?? "").replace(/Command$/, "");
      tally.add(itemsWritten(operation, args.input, result.output));
      return result;
    },
    { step: "initialize", name: "deprovCountDynamoDbWrites", override: true },
  );
}

type RequestItems = Record<string, readonly unknown[]> | undefined;

function itemsWritten(operation: string, input: unknown, output: unknown): number {
  if (SINGLE_ITEM_WRITES.has(operation)) return 1;
  if (operation !== "BatchWriteItem" && operation !== "BatchWrite") return 0;
  const requested = countRequests((input as { RequestItems?: RequestItems }).RequestItems);
  const unprocessed = countRequests((output as { UnprocessedItems?: RequestItems }).UnprocessedItems);
  return requested - unprocessed;
}

function countRequests(items: RequestItems): number {
  let count = 0;
  for (const requests of Object.values(items ?? {})) count += requests.length;
  return count;
}
