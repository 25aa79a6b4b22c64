/**
 * Where large immutable results live: each scan's findings and transitions as one compressed
 * blob (S3 in AWS, files locally). Keys are `/`-separated paths such as `scans/<scanId>/findings.jsonl.gz`.
 */
export interface BlobPutOptions {
  contentType?: string;
  contentEncoding?: string;
}

export interface BlobStore {
  /** Writes the whole blob; a reader never sees a partial one. Overwrites an existing key. */
  put(key: string, body: Buffer | string, options?: BlobPutOptions): Promise<void>;
  /** The blob's bytes, or `undefined` when there is no such key. */
  get(key: string): Promise<Buffer | undefined>;
  /** Every key that starts with `prefix`, sorted. */
  list(prefix: string): Promise<string[]>;
  /** Stores a local file's content under `key` without reading it into memory, where the store can. */
  putFile?(key: string, path: string): Promise<void>;
  /**
   * Writes the blob only if no blob has the key yet (write once); `false` when one had. A store
   * that cannot do this atomically does not offer it.
   */
  putIfAbsent?(key: string, body: Buffer | string, options?: BlobPutOptions): Promise<boolean>;
}

const SAFE_SEGMENT = /^[A-Za-z0-9._=+@-]+$/;

/** Keys come from scan ids and fixed names; refuse anything that could escape the store's root. */
export function assertBlobKey(key: string): void {
  const segments = key.split("/");
  const bad = segments.find((segment) => segment === "." || segment === ".." || !SAFE_SEGMENT.test(segment));
  if (key.length === 0 || bad !== undefined) {
    throw new Error(`blob key "${key}": expected "/"-separated segments of letters, digits and ._=+@-`);
  }
}
