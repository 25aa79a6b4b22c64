import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Finding, findingId } from "../../functions/core/finding.ts";
import { withLifecycle } from "../../functions/core/lifecycle/reconcile.ts";
import { headFirstResultLines } from "../../functions/fast/result-line-head.ts";
import { FileBlobStore } from "../../functions/ports/file-blob-store.ts";
import { writeJsonLinesBlob } from "../../functions/ports/json-lines-blob.ts";
import {
  baselineFromChunks,
  parsedResultLines,
  readBaseline,
  readFindingsBlob,
  writeFindingsBlob,
} from "../../functions/ports/result-blob.ts";
import { blobKeys } from "../../functions/scan/contract/blob-keys.ts";

const T1 = Date.parse("2026-11-24T09:00:00Z");

function finding(accountId: string): Finding {
  const subject = { type: "account" as const, id: accountId };
  return {
    id: findingId("dormant-account", "slack", subject),
    rule: "dormant-account",
    severity: "low",
    sourceId: "slack",
    subject,
    personId: "E2002",
    title: "Dormant account",
    evidence: {
      accountId,
      lastLoginAt: "2026-05-01T10:00:00.000Z",
      note: 'quotes " and ,"rule": inside text',
    },
    controls: ["SOC2 CC6.2"],
    dependsOn: ["slack", "hr"],
  };
}

describe.each([
  ["head-first lines (fast)", headFirstResultLines(parsedResultLines)],
  ["parsed lines (plain)", parsedResultLines],
])("result blob, %s", (_name, format) => {
  let root: string;
  let store: FileBlobStore;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "deprov-result-"));
    store = new FileBlobStore(root);
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("gives the baseline's lifecycle heads and whole findings back, in blob order", async () => {
    // Prepare
    const open = withLifecycle(finding("U01"), { status: "open", firstSeenAt: T1 - 5, lastSeenAt: T1 });
    const reopened = withLifecycle(finding("U02"), {
      status: "open",
      firstSeenAt: T1 - 9,
      lastSeenAt: T1,
      reopenedAt: T1 - 1,
    });
    const written = await writeFindingsBlob(store, "20261124T090000Z-0badf00d", [open, reopened], format);

    // Act
    const baseline = await readBaseline(store, written.key, format);

    // Assess
    expect(written).toMatchObject({ key: blobKeys.findings("20261124T090000Z-0badf00d"), lines: 2 });
    expect(written.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(baseline?.size).toBe(2);
    expect([...(baseline?.keys() ?? [])]).toEqual([open.id, reopened.id]);
    expect(baseline?.get(open.id)).toEqual({ status: "open", firstSeenAt: T1 - 5, lastSeenAt: T1 });
    expect(baseline?.get(reopened.id)).toEqual({
      status: "open",
      firstSeenAt: T1 - 9,
      lastSeenAt: T1,
      reopenedAt: T1 - 1,
    });
    expect(baseline?.finding(reopened.id)).toEqual(reopened);
    expect(baseline?.has("dormant-account:missing")).toBe(false);
    expect(await readFindingsBlob(store, written.key)).toEqual([open, reopened]);
  });

  it("still reads lines written in another key order (fields after the finding)", async () => {
    // Prepare
    const plain = { ...finding("U03"), status: "waived", firstSeenAt: T1 - 3, lastSeenAt: T1 };
    await writeJsonLinesBlob(store, "scans/old/findings.jsonl.gz", [plain]);

    // Act
    const baseline = await readBaseline(store, "scans/old/findings.jsonl.gz", format);

    // Assess
    expect(baseline?.get(plain.id)).toEqual({ status: "waived", firstSeenAt: T1 - 3, lastSeenAt: T1 });
  });

  it("reads heads with every optional lifecycle field, and a waiver at the end of the line", async () => {
    // Prepare
    const waived = withLifecycle(finding("U04"), {
      status: "waived",
      firstSeenAt: T1 - 20,
      lastSeenAt: T1,
      resolvedAt: T1 - 15,
      reopenedAt: T1 - 10,
      waiver: {
        findingId: finding("U04").id,
        reason: 'Shared "ops" login, status":"open"',
        approvedBy: "ciso@acme.com",
        until: T1 + 1000,
        untilText: "2026-12-31",
        createdAt: T1 - 5,
      },
    });
    const written = await writeFindingsBlob(store, "s4", [waived], format);

    // Act
    const baseline = await readBaseline(store, written.key, format);

    // Assess
    expect(baseline?.get(waived.id)).toEqual({
      status: "waived",
      firstSeenAt: T1 - 20,
      lastSeenAt: T1,
      reopenedAt: T1 - 10,
    });
    expect(baseline?.finding(waived.id)).toEqual(waived);
  });

  it("parses the whole line when a head value is not a plain integer", async () => {
    // Prepare
    const odd = {
      id: "dormant-account:odd",
      status: "open",
      firstSeenAt: 1795528800000.5,
      lastSeenAt: 1e21,
      rule: "r",
    };
    await writeJsonLinesBlob(store, "scans/odd/findings.jsonl.gz", [odd]);

    // Act
    const baseline = await readBaseline(store, "scans/odd/findings.jsonl.gz", format);

    // Assess
    expect(baseline?.get(odd.id)).toEqual({ status: "open", firstSeenAt: 1795528800000.5, lastSeenAt: 1e21 });
  });

  it("reads ids with escapes, non-ASCII ids, long heads and a repeated id (the last line wins)", async () => {
    // Prepare
    const head = (id: string, firstSeenAt: number) => ({
      id,
      status: "open",
      firstSeenAt,
      lastSeenAt: T1,
      rule: "r",
    });
    const escaped = head('quote " and \\ backslash', 1);
    const accented = head("dormant-account:slack:account:Zoë-Ångström-日本", 2);
    const long = head(`long:${"x".repeat(700)}`, 3);
    const first = head("twice", 4);
    const again = head("twice", 5);
    await writeJsonLinesBlob(store, "scans/ids/findings.jsonl.gz", [escaped, accented, long, first, again]);

    // Act
    const baseline = await readBaseline(store, "scans/ids/findings.jsonl.gz", format);

    // Assess
    expect([...(baseline?.keys() ?? [])]).toEqual([escaped.id, accented.id, long.id, "twice"]);
    expect(baseline?.size).toBe(4);
    expect(baseline?.get(escaped.id)?.firstSeenAt).toBe(1);
    expect(baseline?.get(accented.id)?.firstSeenAt).toBe(2);
    expect(baseline?.get(long.id)?.firstSeenAt).toBe(3);
    expect(baseline?.get("twice")?.firstSeenAt).toBe(5);
    expect(baseline?.finding(accented.id)).toEqual(accented);
    expect(baseline?.has("missing")).toBe(false);
    expect(baseline?.get("missing")).toBeUndefined();
  });

  it("reads the same baseline however the bytes are cut into chunks, lines across cuts included", async () => {
    // Prepare
    const lines = [
      { id: "a", status: "open", firstSeenAt: 1, lastSeenAt: 2, rule: "r", note: "é".repeat(5) },
      { id: "bé", status: "waived", firstSeenAt: 3, lastSeenAt: 4, rule: "r" },
      { id: "c", status: "open", firstSeenAt: 5, lastSeenAt: 6, reopenedAt: 5, rule: "r" },
    ];
    const text = Buffer.from(`${lines.map((line) => JSON.stringify(line)).join("\n")}\n`);
    async function* cut(at: number[]): AsyncGenerator<Buffer> {
      let from = 0;
      for (const to of [...at, text.length]) {
        yield text.subarray(from, to);
        from = to;
      }
    }

    for (let first = 0; first <= text.length; first++) {
      for (const second of [first, Math.min(text.length, first + 1), Math.min(text.length, first + 7)]) {
        // Act
        const baseline = await baselineFromChunks(cut([first, second]), "cut", format);

        // Assess
        expect([...baseline.keys()], `cut at ${first}/${second}`).toEqual(["a", "bé", "c"]);
        expect(baseline.get("bé"), `cut at ${first}/${second}`).toEqual({
          status: "waived",
          firstSeenAt: 3,
          lastSeenAt: 4,
        });
        expect(baseline.get("c")?.reopenedAt).toBe(5);
        expect(baseline.finding("a"), `cut at ${first}/${second}`).toEqual(lines[0]);
      }
    }
  });

  it("reads a blob of several megabytes, with a line longer than a decompressed chunk", async () => {
    // Prepare
    const many = Array.from({ length: 3_000 }, (_, i) =>
      withLifecycle(finding(`U${i}`), { status: "open", firstSeenAt: T1 - i, lastSeenAt: T1 }),
    );
    const huge = withLifecycle(
      { ...finding("HUGE"), evidence: { accountId: "HUGE", note: "n".repeat(3 << 20) } },
      { status: "open", firstSeenAt: T1 - 1, lastSeenAt: T1 },
    );
    const written = await writeFindingsBlob(
      store,
      "big",
      [...many.slice(0, 1_500), huge, ...many.slice(1_500)],
      format,
    );

    // Act
    const baseline = await readBaseline(store, written.key, format);

    // Assess
    expect(baseline?.size).toBe(3_001);
    for (const i of [0, 1_499, 1_500, 2_999]) {
      expect(baseline?.finding((many[i] as { id: string }).id)).toEqual(many[i]);
    }
    expect(baseline?.finding(huge.id)).toEqual(huge);
    expect(baseline?.get(huge.id)?.firstSeenAt).toBe(T1 - 1);
  });

  it("names the blob when a line has no finding id", async () => {
    // Prepare
    await writeJsonLinesBlob(store, "scans/bad/findings.jsonl.gz", [{ status: "open" }]);

    // Act
    const read = readBaseline(store, "scans/bad/findings.jsonl.gz", format);

    // Assess
    await expect(read).rejects.toThrow('result blob scans/bad/findings.jsonl.gz: a line has no finding "id"');
  });

  it("returns undefined when the blob does not exist", async () => {
    // Act + Assess
    expect(await readBaseline(store, "scans/none/findings.jsonl.gz", format)).toBeUndefined();
  });

  it("writes the lifecycle fields right after the id, the reader's shortcut, or the finding as it is", async () => {
    // Prepare
    const open = withLifecycle(finding("U01"), { status: "open", firstSeenAt: T1 - 5, lastSeenAt: T1 });

    // Act
    const written = await writeFindingsBlob(store, "20261124T090000Z-0badf00d", [open], format);
    const [line] = (await readFindingsBlob(store, written.key)) ?? [];

    // Assess
    expect(Object.keys(line ?? {}).slice(0, 5)).toEqual(
      format === parsedResultLines
        ? Object.keys(open).slice(0, 5)
        : ["id", "status", "firstSeenAt", "lastSeenAt", "rule"],
    );
    expect(line).toEqual(open);
  });
});
