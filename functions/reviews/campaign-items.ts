/**
 * A campaign's items as gzip JSON-lines blobs, one per range of reviewers (a chunk): written once
 * at the start, read by the steps that need a reviewer's items. A 100,000-person org has ~1.2 M
 * items; a DynamoDB item each would cost more to write than the whole nightly scan.
 */
import { createHash } from "node:crypto";
import type { ReviewItem } from "../core/reviews/types.ts";
import { toIso } from "../core/time.ts";
import type { BlobStore } from "../ports/blob-store.ts";
import { readJsonLinesBlob, writeJsonLinesBlob } from "../ports/json-lines-blob.ts";
import type { Campaign, CampaignChunk } from "../ports/reviews/review-store.ts";

/** Reviewers per chunk: one SendPackets iteration emails them, well inside a Lambda's 15 minutes. */
export const REVIEWERS_PER_CHUNK = 400;

export const campaignKeys = {
  items: (campaignId: string, chunk: number) => `reviews/${campaignId}/items/${chunk}.jsonl.gz`,
  tasks: (campaignId: string) => `reviews/${campaignId}/tasks.jsonl.gz`,
  report: (campaignId: string, file: string) => `reviews/${campaignId}/${file}`,
} as const;

/** Deterministic for an org, a name and an instant; `run` tells deliberate re-runs apart. */
export function campaignIdFor(organization: string, name: string, at: number, run = ""): string {
  const stamp = toIso(at)
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  const digest = createHash("sha256")
    .update(`${organization}\u0000${name}\u0000${at}\u0000${run}`)
    .digest("hex")
    .slice(0, 8);
  return `review-${stamp}-${digest}`;
}

/** Splits items (sorted by reviewer) into chunks of whole reviewers and writes each as a blob. */
export async function writeItemChunks(
  store: BlobStore,
  campaignId: string,
  items: readonly ReviewItem[],
): Promise<{ chunks: CampaignChunk[]; chunkOf: Map<string, number> }> {
  const chunkOf = new Map<string, number>();
  const ranges: ReviewItem[][] = [];
  let current: ReviewItem[] = [];
  let reviewersInCurrent = 0;
  for (const item of items) {
    if (!chunkOf.has(item.reviewerId)) {
      if (reviewersInCurrent === REVIEWERS_PER_CHUNK) {
        ranges.push(current);
        current = [];
        reviewersInCurrent = 0;
      }
      reviewersInCurrent++;
      chunkOf.set(item.reviewerId, ranges.length);
    }
    current.push(item);
  }
  if (current.length > 0 || ranges.length === 0) ranges.push(current);
  const chunks = await Promise.all(
    ranges.map(async (range, index) => {
      const written = await writeJsonLinesBlob(store, campaignKeys.items(campaignId, index), range);
      const reviewers = new Set(range.map((item) => item.reviewerId)).size;
      return { key: written.key, sha256: written.sha256, items: range.length, reviewers };
    }),
  );
  return { chunks, chunkOf };
}

export async function readItemChunk(
  store: BlobStore,
  campaign: Campaign,
  chunk: number,
): Promise<ReviewItem[]> {
  const ref = campaign.chunks[chunk];
  if (ref === undefined) throw new Error(`campaign ${campaign.campaignId} has no item chunk ${chunk}`);
  const items = await readJsonLinesBlob<ReviewItem>(store, ref.key);
  if (items === undefined)
    throw new Error(`campaign ${campaign.campaignId}: item blob ${ref.key} is missing`);
  return items;
}

export async function readAllItems(store: BlobStore, campaign: Campaign): Promise<ReviewItem[]> {
  const items: ReviewItem[] = [];
  for (let chunk = 0; chunk < campaign.chunks.length; chunk++) {
    for (const item of await readItemChunk(store, campaign, chunk)) items.push(item);
  }
  return items;
}

export function groupByReviewer(items: readonly ReviewItem[]): Map<string, ReviewItem[]> {
  const groups = new Map<string, ReviewItem[]>();
  for (const item of items) {
    const list = groups.get(item.reviewerId);
    if (list) list.push(item);
    else groups.set(item.reviewerId, [item]);
  }
  return groups;
}
