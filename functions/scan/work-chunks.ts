/**
 * Bulk work of a night — thousands of digests, tasks or Security Hub batches — split into chunks
 * that a Map state works through one Lambda invocation each. A plan step writes the chunks (gzip
 * JSON lines in the blob store; in one process, memory only) and hands the Map small references;
 * each chunk is sized so that, at the remote system's rate, it finishes well inside its Lambda's
 * timeout.
 */
import { readJsonLinesBlob, writeJsonLinesBlob } from "../ports/json-lines-blob.ts";
import type { ScanDependencies } from "./scan-dependencies.ts";

/** What a Map item carries: where the chunk is, and how much is in it. */
export interface ChunkRef {
  index: number;
  key: string;
  items: number;
}

export interface ChunkSizing {
  /** Remote operations per second; `undefined`: no limit known (local runs). */
  ratePerSecond: number | undefined;
  /** The chunk's Lambda timeout. */
  timeoutSeconds: number;
  /** Items per chunk at most, whatever the rate: bounds a chunk's memory and a retry's repeat. */
  maxItems: number;
}

/**
 * Share of the Lambda timeout a chunk may plan to use: the rest absorbs throttling, retries
 * and slow responses. The chunk also stops itself at this budget (see `paced.ts`).
 */
export const CHUNK_BUDGET_SHARE = 0.6;

/** How long a chunk may run before it stops and leaves the rest to a retry. */
export function chunkBudgetMs(timeoutSeconds: number): number {
  return Math.floor(timeoutSeconds * 1000 * CHUNK_BUDGET_SHARE);
}

export function chunkSize(sizing: ChunkSizing): number {
  const { ratePerSecond, timeoutSeconds, maxItems } = sizing;
  if (ratePerSecond === undefined || !Number.isFinite(ratePerSecond) || ratePerSecond <= 0) return maxItems;
  const fitting = Math.floor((ratePerSecond * chunkBudgetMs(timeoutSeconds)) / 1000);
  return Math.max(1, Math.min(maxItems, fitting));
}

/** Cuts `items` into chunks of `size` and stores each under `keyOf(index)`. */
export async function writeChunks<T>(
  deps: ScanDependencies,
  items: readonly T[],
  size: number,
  keyOf: (index: number) => string,
): Promise<ChunkRef[]> {
  const refs: ChunkRef[] = [];
  const writes: Promise<unknown>[] = [];
  for (let start = 0, index = 0; start < items.length; start += size, index++) {
    const chunk = items.slice(start, start + size);
    const key = keyOf(index);
    deps.memory.set(key, chunk);
    // Locally the next step runs in this process and finds the chunk in memory.
    if (!deps.singleProcess) writes.push(writeJsonLinesBlob(deps.blobStore, key, chunk));
    refs.push({ index, key, items: chunk.length });
  }
  await Promise.all(writes);
  return refs;
}

export async function readChunk<T>(deps: ScanDependencies, ref: ChunkRef): Promise<T[]> {
  const cached = deps.memory.get(ref.key) as T[] | undefined;
  if (cached) return cached;
  const items = await readJsonLinesBlob<T>(deps.blobStore, ref.key);
  if (!items) throw new Error(`chunk ${ref.key} is missing from the blob store`);
  if (items.length !== ref.items)
    throw new Error(`chunk ${ref.key} holds ${items.length} items, the plan says ${ref.items}`);
  return items;
}
