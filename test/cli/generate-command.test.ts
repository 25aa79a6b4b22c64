/** deprov generate writes a synthetic org into a new or empty folder, never over other files. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { UsageError } from "../../cli/args.ts";
import { generateCommand } from "../../cli/commands/generate.ts";

const root = mkdtempSync(join(tmpdir(), "deprov-generate-"));

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe("deprov generate", () => {
  it("writes an org into a new folder", async () => {
    // Prepare
    vi.spyOn(console, "log").mockImplementation(() => {});
    const out = join(root, "new-org");

    // Act
    const code = await generateCommand(["--people", "20", "--out", out, "--now", "2026-11-26T12:00:00Z"]);

    // Assess
    expect(code).toBe(0);
    expect(existsSync(join(out, "deprov.config.json"))).toBe(true);
  });

  it("refuses a folder that holds files, and leaves them as they were", async () => {
    // Prepare: a folder of real exports
    const exports = join(root, "exports");
    await generateCommand(["--people", "20", "--out", exports, "--now", "2026-11-26T12:00:00Z"]);
    writeFileSync(join(exports, "hr-roster.csv"), "Employee #,Name\nE1,Real Person\n");

    // Act
    const again = generateCommand(["--people", "20", "--out", exports]);

    // Assess
    await expect(again).rejects.toThrow(UsageError);
    await expect(generateCommand(["--people", "20", "--out", exports])).rejects.toThrow(
      /--out: .*exports is not empty; deprov generate writes a new org into a new or empty folder/,
    );
    expect(readFileSync(join(exports, "hr-roster.csv"), "utf8")).toBe("Employee #,Name\nE1,Real Person\n");
  });
});
