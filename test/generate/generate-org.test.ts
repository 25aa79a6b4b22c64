import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GenerateSummary, generateOrg } from "../../cli/generate/generate-org.ts";
import { configSchema } from "../../functions/config/schema.ts";

const NOW = Date.parse("2026-11-26T12:00:00Z");
const dirs: string[] = [];

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "deprov-generate-"));
  dirs.push(dir);
  return dir;
}

function filesOf(dir: string): Map<string, Buffer> {
  return new Map(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name))]));
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("generateOrg", () => {
  let first: GenerateSummary;
  let firstDir: string;

  beforeAll(async () => {
    firstDir = freshDir();
    first = await generateOrg({ people: 200, seed: 7, outDir: firstDir, now: NOW });
  });

  it("writes the same bytes for the same seed and now", async () => {
    // Prepare
    const secondDir = freshDir();

    // Act
    await generateOrg({ people: 200, seed: 7, outDir: secondDir, now: NOW });

    // Assess
    const a = filesOf(firstDir);
    const b = filesOf(secondDir);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [name, bytes] of a) expect(b.get(name)?.equals(bytes), name).toBe(true);
  });

  it("writes a different org for a different seed", async () => {
    // Prepare
    const otherDir = freshDir();

    // Act
    await generateOrg({ people: 200, seed: 8, outDir: otherDir, now: NOW });

    // Assess
    const roster = (dir: string): string => readFileSync(join(dir, "hr-roster.csv"), "utf8");
    expect(roster(otherDir)).not.toEqual(roster(firstDir));
  });

  it("writes a config that the config schema accepts, naming files that exist", () => {
    // Prepare
    const raw: unknown = JSON.parse(readFileSync(first.configPath, "utf8"));

    // Act
    const parsed = configSchema.safeParse(raw);

    // Assess
    expect(parsed.error?.issues ?? []).toEqual([]);
    const config = parsed.data;
    expect(config?.organization).toBe("Acme Corp");
    expect(config?.emailDomains).toEqual(["acme.com", "acme.io"]);
    expect(config?.report).toMatchObject({ from: "deprov@acme.com", to: ["compliance@acme.com"] });
    expect(config?.serviceAccounts).toEqual([{ pattern: "^svc-" }]);
    expect(Object.keys(config?.entitlements ?? {})).toContain("finance-admins");
    for (const source of config?.sources ?? []) {
      expect(statSync(join(firstDir, source.path ?? "")).isFile(), source.id).toBe(true);
      expect(Number.isNaN(Date.parse(source.exportedAt ?? "")), source.id).toBe(false);
    }
    expect(statSync(join(firstDir, config?.identityMap ?? "")).isFile()).toBe(true);
  });

  it("uses eight account systems by default, one per format family", () => {
    // Act
    const accountFiles = first.files.filter((f) => f.kind === "accounts");

    // Assess
    expect(accountFiles.map((f) => `${f.sourceId}:${f.format}`)).toEqual([
      "aws-prod:aws-iam-credential-report",
      "okta:okta",
      "slack:scim",
      "google-workspace:google-workspace",
      "entra:entra",
      "github:csv",
      "salesforce:json",
      "zoom:scim",
    ]);
  });

  it("reports records and bytes per file, and totals that add up", () => {
    // Act
    const { files, totalBytes, accounts, people } = first;

    // Assess
    expect(people).toBe(200);
    for (const file of files) expect(statSync(join(firstDir, file.path)).size, file.path).toBe(file.bytes);
    expect(totalBytes).toBe(files.reduce((sum, f) => sum + f.bytes, 0));
    expect(accounts).toBe(files.filter((f) => f.kind === "accounts").reduce((sum, f) => sum + f.records, 0));
    // Most people hold an account in most systems, plus service accounts, strays and leftovers.
    expect(accounts).toBeGreaterThan(200 * 8);
    const hardware = files.find((f) => f.kind === "assets");
    expect(hardware?.records).toBeGreaterThan(200 * 1.1);
  });

  it("reuses formats under new ids past eight systems, and accepts a single one", async () => {
    // Prepare
    const manyDir = freshDir();
    const oneDir = freshDir();

    // Act
    const many = await generateOrg({ people: 30, systems: 10, outDir: manyDir, now: NOW });
    const one = await generateOrg({ people: 30, systems: 1, outDir: oneDir, now: NOW });

    // Assess
    const ids = (s: GenerateSummary): (string | undefined)[] =>
      s.files.filter((f) => f.kind === "accounts").map((f) => f.sourceId);
    expect(ids(many).slice(8)).toEqual(["aws-prod-2", "okta-2"]);
    expect(new Set(ids(many)).size).toBe(10);
    expect(ids(one)).toEqual(["aws-prod"]);
    const config = configSchema.safeParse(JSON.parse(readFileSync(many.configPath, "utf8")));
    expect(config.success).toBe(true);
  });
});
