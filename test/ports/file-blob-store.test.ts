import { mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
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

  it("keeps blobs private to the user: folders 0700, files 0600, copied exports too", async () => {
    // Prepare
    const exportFile = join(root, "hr.csv");
    await writeFile(exportFile, "id,email\n", { mode: 0o644 });

    // Act
    await store.put("scans/s1/findings.jsonl.gz", "f");
    await store.putFile("snapshots/s1/hr/export", exportFile);
    await store.putIfAbsent("audit/entries/2026-11-26/e1.json", "{}");

    // Assess
    const mode = async (path: string) => (await stat(join(root, "blobs", path))).mode & 0o777;
    expect(await mode("")).toBe(0o700);
    expect(await mode("scans/s1")).toBe(0o700);
    expect(await mode("snapshots/s1/hr")).toBe(0o700);
    expect(await mode("scans/s1/findings.jsonl.gz")).toBe(0o600);
    expect(await mode("snapshots/s1/hr/export")).toBe(0o600);
    expect(await mode("audit/entries/2026-11-26/e1.json")).toBe(0o600);
  });

  it("writes a blob once: a second putIfAbsent of the key changes nothing and says so", async () => {
    // Act
    const first = await store.putIfAbsent("audit/entries/2026-11-26/e1.json", "first");
    const second = await store.putIfAbsent("audit/entries/2026-11-26/e1.json", "second");

    // Assess
    expect([first, second]).toEqual([true, false]);
    expect((await store.get("audit/entries/2026-11-26/e1.json"))?.toString("utf8")).toBe("first");
    expect(await readdir(join(root, "blobs", "audit", "entries", "2026-11-26"))).toEqual(["e1.json"]);
  });

  it("lets exactly one of two concurrent writers of a key win", async () => {
    // Act
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => store.putIfAbsent("audit/seal.json", `writer ${i}`)),
    );

    // Assess
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results.indexOf(true);
    expect((await store.get("audit/seal.json"))?.toString("utf8")).toBe(`writer ${winner}`);
  });

  it.each(["../outside", "scans/../../etc/passwd", "/absolute", "scans//double", "", "scans/with space"])(
    "refuses the key %j, which could escape the root",
    async (key) => {
      // Act + Assess
      await expect(store.put(key, "x")).rejects.toThrow(/blob key/);
    },
  );
});
