import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_EXAMPLE, generateDemo } from "../../cli/generate/generate-demo.ts";

const committed = join(import.meta.dirname, "..", "..", DEMO_EXAMPLE.dir);
const dir = mkdtempSync(join(tmpdir(), "deprov-demo-example-"));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("examples/demo", () => {
  it("is exactly what the demo generator renders for its fixed instant", async () => {
    // Act
    await generateDemo({ outDir: dir, now: DEMO_EXAMPLE.now, schemaRef: DEMO_EXAMPLE.schemaRef });

    // Assess
    const generated = readdirSync(dir).sort();
    const files = readdirSync(committed)
      .filter((name) => name !== "README.md")
      .sort();
    const hint = "regenerate with: npx tsx cli/generate/write-demo-example.ts";
    expect(files, hint).toEqual(generated);
    for (const name of generated) {
      expect(
        readFileSync(join(committed, name)).equals(readFileSync(join(dir, name))),
        `${name}: ${hint}`,
      ).toBe(true);
    }
  });
});
