/**
 * The layer rules in biome.json (`overrides` → `noRestrictedImports`) fail the lint, and so the
 * build, on a wrong import: the project's own rules are run over deliberately wrong files laid out
 * as the repository is (test/fixtures/import-direction, which the normal lint run skips).
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const FIXTURES = join(ROOT, "test", "fixtures", "import-direction");
const BIOME = join(ROOT, "node_modules", ".bin", "biome");

interface Diagnostic {
  category: string;
  message: string;
  location: { path: string };
}

let dir: string;
let diagnostics: Diagnostic[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "deprov-import-direction-"));
  cpSync(FIXTURES, dir, { recursive: true });
  // The project's rules as they are, minus what ties them to the repository (its git ignore file,
  // the exclusion of fixtures).
  const config = JSON.parse(readFileSync(join(ROOT, "biome.json"), "utf8")) as Record<string, unknown>;
  delete config.$schema;
  delete config.vcs;
  config.files = { includes: ["**"] };
  writeFileSync(join(dir, "biome.json"), JSON.stringify(config));
  let output: string;
  try {
    output = execFileSync(BIOME, ["lint", "--reporter=json", "--max-diagnostics=none", "."], {
      cwd: dir,
      encoding: "utf8",
    });
  } catch (error) {
    // Biome exits non-zero when it finds errors: that is the point; its report is on stdout.
    output = (error as { stdout: string }).stdout;
  }
  diagnostics = (JSON.parse(output) as { diagnostics: Diagnostic[] }).diagnostics;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const restricted = (file: string) =>
  diagnostics.filter(
    (diagnostic) =>
      diagnostic.category === "lint/style/noRestrictedImports" && diagnostic.location.path === file,
  );

describe("import direction (biome.json overrides)", () => {
  it.each([
    ["functions/core/imports-a-port.ts", "functions/core is the pure domain"],
    ["functions/core/rules/imports-the-config.ts", "functions/core is the pure domain"],
    ["functions/core/reads-files.ts", "functions/core is the pure domain"],
    ["functions/ports/mail/imports-a-report.ts", "Ports never import reports"],
    ["functions/ports/imports-a-step.ts", "Ports never import reports"],
    ["reports/imports-a-port.ts", "Reports are pure renderers"],
    ["reports/imports-a-step.ts", "Reports are pure renderers"],
    ["cli/imports-infra.ts", "Nothing at runtime imports infra/"],
    ["functions/scan/imports-infra.ts", "Nothing at runtime imports infra/"],
  ])("refuses %s", (file, message) => {
    // Assess
    const found = restricted(file);
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain(message);
  });

  it.each(["functions/ports/allowed-contract-and-core.ts", "reports/allowed-contract-core-and-shared.ts"])(
    "lets %s import core, shared and the scan contract",
    (file) => {
      // Assess
      expect(restricted(file)).toEqual([]);
    },
  );
});
