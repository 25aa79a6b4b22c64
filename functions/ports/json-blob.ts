/** A small JSON document as a blob (a source summary, a scan's meta): written and read whole. */
import type { BlobStore } from "./blob-store.ts";

export async function putJson(store: BlobStore, key: string, value: unknown): Promise<void> {
  await store.put(key, JSON.stringify(value), { contentType: "application/json" });
}

export async function getJson<T>(store: BlobStore, key: string): Promise<T | undefined> {
  const body = await store.get(key);
  return body === undefined ? undefined : (JSON.parse(body.toString("utf8")) as T);
}
