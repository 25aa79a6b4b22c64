/** BatchWriteItem in chunks of 25, a few at a time, re-sending unprocessed items with backoff. */
import { BatchWriteCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

const BATCH_SIZE = 25;
const MAX_ATTEMPTS = 8;

export async function batchPutItems(
  doc: DynamoDBDocumentClient,
  table: string,
  items: readonly Record<string, unknown>[],
  concurrency = 8,
): Promise<void> {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += BATCH_SIZE) batches.push(items.slice(i, i + BATCH_SIZE));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) await putBatch(doc, table, batches[next++] ?? []);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker));
}

async function putBatch(
  doc: DynamoDBDocumentClient,
  table: string,
  batch: readonly Record<string, unknown>[],
): Promise<void> {
  let requests = batch.map((item) => ({ PutRequest: { Item: item } }));
  for (let attempt = 1; requests.length > 0; attempt++) {
    if (attempt > MAX_ATTEMPTS)
      throw new Error(
        `BatchWriteItem: ${requests.length} items still unprocessed after ${MAX_ATTEMPTS} attempts`,
      );
    if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 10 * 2 ** attempt)));
    const output = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
    requests = (output.UnprocessedItems?.[table] ?? []).flatMap((request) =>
      request.PutRequest?.Item === undefined ? [] : [{ PutRequest: { Item: request.PutRequest.Item } }],
    );
  }
}
