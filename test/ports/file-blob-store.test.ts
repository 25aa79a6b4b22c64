import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileBlobStore } from "../../functions/ports/file-blob-store.ts";

describe("FileBlobStore", () => {
  let root: string;
  let store: FileBlobStore;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "deprov-blobs-"));
    store = new FileBlobStore(join(root, "blobs"));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("writes a blob under nested keys and reads the same bytes back", async () => {
    // Prepare
    const body = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xff]);

    // Act
    await store.put("scans/20261126T090000Z-1a2b3c4d/findings.jsonl.gz", body);

    // Assess
    expect(await store.get("scans/20261126T090000Z-1a2b3c4d/findings.jsonl.gz")).toEqual(body);
  });

  it("overwrites an existing blob and leaves no temporary file behind", async () => {
    // Prepare
    await store.put("scans/s1/findings.jsonl.gz", "first");

    // Act
    await store.put("scans/s1/findings.jsonl.gz", "second");

    // Assess
    expect((await store.get("scans/s1/findings.jsonl.gz"))?.toString("utf8")).toBe("second");
    expect(await readdir(join(root, "blobs", "scans", "s1"))).toEqual(["findings.jsonl.gz"]);
  });

  it("returns undefined for a missing blob, and an empty list before anything was written", async () => {
    // Act + Assess
    expect(await store.get("scans/none/findings.jsonl.gz")).toBeUndefined();
    expect(await store.list("scans/")).toEqual([]);
  });

  it("lists the keys under a prefix, sorted", async () => {
    // Prepare
    await store.put("scans/s2/transitions.jsonl.gz", "t");
    await store.put("scans/s1/findings.jsonl.gz", "f");
    await store.put("reports/s1/report.html", "r");

    // Act
    const keys = await store.list("scans/");

    // Assess
    expect(keys).toEqual(["scans/s1/findings.jsonl.gz", "scans/s2/transitions.jsonl.gz"]);
  });

  it.each(["../outside", "scans/../../etc/passwd", "/absolute", "scans//double", "", "scans/with space"])(
    "refuses the key %j, which could escape the root",
    async (key) => {
      // Act + Assess
      await expect(store.put(key, "x")).rejects.toThrow(/blob key/);
    },
  );
});
