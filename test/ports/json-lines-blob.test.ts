import { describe, expect, it } from "vitest";
import { decodeLines, encodeLines, sha256Hex } from "../../functions/ports/json-lines-blob.ts";

async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const line of lines) out.push(line);
  return out;
}

describe("gzip JSON lines", () => {
  it("round-trips lines across chunk boundaries, including non-ASCII text", async () => {
    // Prepare: ~3 MB of lines, more than one 1 MB chunk either way.
    const lines = Array.from({ length: 20_000 }, (_, i) =>
      JSON.stringify({
        id: `ghost-account:${i}`,
        title: "Zugang von Müller, Jürgen — 名前",
        pad: "x".repeat(100),
      }),
    );

    // Act
    const { body, lines: count } = await encodeLines(lines);
    const decoded = await collect(decodeLines(body));

    // Assess
    expect(count).toBe(20_000);
    expect(decoded).toEqual(lines);
    expect(body.length).toBeLessThan(3_000_000 / 5);
  });

  it("keeps a character whose UTF-8 bytes a decompressed chunk boundary cuts in two", async () => {
    // Prepare: 'é' is 2 bytes and starts at odd offsets, so the 1 MiB boundary (even) cuts one;
    // '名' is 3 bytes, so one of every three boundaries cuts one.
    const lines = [`a${"é".repeat(600_000)}`, "next", "名".repeat(800_000), "last"];

    // Act
    const { body } = await encodeLines(lines);
    const decoded = await collect(decodeLines(body));

    // Assess
    expect(decoded).toEqual(lines);
  });

  it("produces the same bytes, and so the same SHA-256, for the same lines", async () => {
    // Prepare
    const lines = ['{"id":"a"}', '{"id":"b"}'];

    // Act
    const first = await encodeLines(lines);
    const second = await encodeLines(lines);

    // Assess
    expect(sha256Hex(first.body)).toBe(sha256Hex(second.body));
  });

  it("encodes no lines as a valid empty blob", async () => {
    // Act
    const { body, lines } = await encodeLines([]);

    // Assess
    expect(lines).toBe(0);
    expect(await collect(decodeLines(body))).toEqual([]);
  });
});
