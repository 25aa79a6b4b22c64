import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");

/** Node.js APIs the code uses that older Node 20 releases lack, with the release that added them. */
const NEWER_APIS: readonly { pattern: RegExp; api: string; since: [number, number] }[] = [
  { pattern: /import \{[^}]*\bhash\b[^}]*\} from "node:crypto"/, api: "crypto.hash", since: [20, 12] },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts"))
    .map((file) => join(ROOT, dir, file));
}

describe("package.json engines", () => {
  it("names a Node.js release that has every API the code uses", () => {
    // Prepare
    const engines = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).engines.node as string;
    const [major, minor] = (/^>=(\d+)\.(\d+)/.exec(engines) ?? []).slice(1).map(Number);
    const files = ["functions", "cli", "reports"].flatMap(sourceFiles);

    // Act
    const needed = NEWER_APIS.filter(({ pattern }) =>
      files.some((file) => pattern.test(readFileSync(file, "utf8"))),
    );

    // Assess
    expect(needed.map(({ api }) => api)).toContain("crypto.hash");
    for (const { api, since } of needed) {
      const supported = (major ?? 0) > since[0] || ((major ?? 0) === since[0] && (minor ?? 0) >= since[1]);
      expect(supported, `engines "${engines}" predates ${api} (Node.js ${since.join(".")})`).toBe(true);
    }
  });
});
