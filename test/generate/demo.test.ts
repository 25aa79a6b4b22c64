import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEMO_EXPECTED_FINDINGS,
  DEMO_IDS,
  DEMO_PEOPLE,
  DEMO_TRAPS,
  expectedSubjectsByRule,
  RULE_IDS,
} from "../../cli/generate/demo-cases.ts";
import { generateDemo } from "../../cli/generate/generate-demo.ts";
import { loadConfig } from "../../functions/config/load-config.ts";
import { configSchema } from "../../functions/config/schema.ts";
import { ALL_RULES } from "../../functions/core/rules/registry.ts";
import { DAY_MS } from "../../functions/core/time.ts";
import { runScan } from "../../functions/scan/run-scan.ts";

const NOW = Date.parse("2026-11-26T12:00:00Z");
const dirs: string[] = [];

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "deprov-demo-"));
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("the demo cases list", () => {
  it("names every rule of the registry, each with at least one subject that must fire", () => {
    // Act
    const byRule = expectedSubjectsByRule();

    // Assess
    expect([...RULE_IDS].sort()).toEqual(ALL_RULES.map((r) => r.id).sort());
    for (const rule of RULE_IDS) expect(byRule[rule].length, rule).toBeGreaterThan(0);
  });

  it("has a privileged and a non-privileged ghost, and a privileged orphan", () => {
    // Act
    const severities = (rule: string): string[] =>
      DEMO_EXPECTED_FINDINGS.filter((e) => e.rule === rule).map((e) => e.severity);

    // Assess
    expect(severities("ghost-account")).toEqual(expect.arrayContaining(["critical", "high"]));
    expect(severities("orphan-account")).toEqual(expect.arrayContaining(["critical", "high"]));
  });

  it("lists each trap, and no trap is also an expected finding", () => {
    // Act
    const trapIds = DEMO_TRAPS.map((t) => t.subject.id);
    const expectedIds = new Set(DEMO_EXPECTED_FINDINGS.map((e) => `${e.sourceId}/${e.subject.id}`));

    // Assess
    expect(trapIds).toEqual(
      expect.arrayContaining([
        DEMO_PEOPLE.danielKim, // rehire
        DEMO_PEOPLE.oliviaBennett, // future termination
        DEMO_IDS.okta.janeDoe, // alias domain, different case
        DEMO_IDS.aws.svcBackup, // declared service account
        DEMO_PEOPLE.ethanCole, // departed 6 hours ago
        DEMO_IDS.entra.helenPark, // source without login data
        DEMO_IDS.github.samuelOsei, // identity map only
        DEMO_IDS.aws.lauraChen, // username = email local part
      ]),
    );
    for (const trap of DEMO_TRAPS) expect(expectedIds.has(`${trap.sourceId}/${trap.subject.id}`)).toBe(false);
  });
});

describe("generateDemo", () => {
  let dir: string;

  beforeAll(async () => {
    dir = freshDir();
    await generateDemo({ outDir: dir, now: NOW });
  });

  it("writes a valid config for Northwind Analytics with report addresses", () => {
    // Act
    const parsed = configSchema.safeParse(JSON.parse(readFileSync(join(dir, "deprov.config.json"), "utf8")));

    // Assess
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(parsed.data).toMatchObject({
      organization: "Northwind Analytics",
      timezone: "America/New_York",
      emailDomains: ["northwind.com", "northwind.io"],
      report: { from: "deprov@northwind.com", to: ["compliance@northwind.com"] },
    });
  });

  it("has about 300 people and makes the GitHub export the stale one", () => {
    // Prepare
    const config = loadConfig(join(dir, "deprov.config.json"));

    // Act
    const roster = readFileSync(join(dir, "hr-roster.csv"), "utf8").trimEnd().split("\n").slice(1);
    const ages = new Map(config.sources.map((s) => [s.id, NOW - Date.parse(s.exportedAt ?? "")]));

    // Assess
    expect(roster.length).toBeGreaterThanOrEqual(250);
    expect(roster.length).toBeLessThanOrEqual(350);
    expect(ages.get("github")).toBe(30 * DAY_MS);
    for (const [id, age] of ages) if (id !== "github") expect(age, id).toBeLessThan(DAY_MS);
  });

  it("exports Entra without signInActivity", () => {
    // Act
    const entra = JSON.parse(readFileSync(join(dir, "entra-users.json"), "utf8")) as {
      "@odata.context": string;
      value: Record<string, unknown>[];
    };

    // Assess
    expect(entra["@odata.context"]).not.toContain("signInActivity");
    expect(entra.value.some((u) => "signInActivity" in u)).toBe(false);
    expect(entra.value.map((u) => u.id)).toContain(DEMO_IDS.entra.helenPark);
  });

  it("is byte-identical when generated again for the same instant", async () => {
    // Prepare
    const again = freshDir();

    // Act
    await generateDemo({ outDir: again, now: NOW });

    // Assess
    for (const name of readdirSync(dir)) {
      expect(readFileSync(join(again, name)).equals(readFileSync(join(dir, name))), name).toBe(true);
    }
  });
});

describe("the scanner on the demo org", () => {
  // The demo's promise: on any day, every case fires and no trap does.
  for (const now of [NOW, Date.parse("2026-03-08T07:30:00Z"), Date.parse("2027-07-04T23:59:59Z")]) {
    it(`fires every expected case and no trap when run at ${new Date(now).toISOString()}`, async () => {
      // Prepare
      const dir = freshDir();
      await generateDemo({ outDir: dir, now });

      // Act
      const outcome = await runScan({ config: loadConfig(join(dir, "deprov.config.json")), now });

      // Assess
      expect(outcome.status).toBe("completed");
      const findings = outcome.status === "completed" ? outcome.result.findings : [];
      for (const expected of DEMO_EXPECTED_FINDINGS) {
        const found = findings.find(
          (f) =>
            f.rule === expected.rule &&
            f.sourceId === expected.sourceId &&
            f.subject.type === expected.subject.type &&
            f.subject.id === expected.subject.id,
        );
        expect(found, `${expected.rule} on ${expected.subject.id}: ${expected.why}`).toBeDefined();
        expect(found?.severity, expected.why).toBe(expected.severity);
        expect(found?.personId, expected.why).toBe(expected.personId);
      }
      for (const trap of DEMO_TRAPS) {
        const fired = findings.filter(
          (f) =>
            f.subject.type === trap.subject.type &&
            f.subject.id === trap.subject.id &&
            (trap.subject.type !== "account" || f.sourceId === trap.sourceId),
        );
        expect(
          fired.map((f) => f.rule),
          trap.why,
        ).toEqual([]);
      }
    });
  }
});
