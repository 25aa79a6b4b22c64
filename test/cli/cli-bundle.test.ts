/** bin/cli-bundle.js on a small TypeScript project: what the bundle keeps, and when it is rebuilt. */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ensureBundle } from "../../bin/cli-bundle.js";

let root: string;

function write(file: string, text: string): void {
  mkdirSync(join(root, file, ".."), { recursive: true });
  writeFileSync(join(root, file), text);
}

/** Runs a bundled entry and returns what it printed, parsed. */
function run(bundle: string, name: string): Record<string, unknown> {
  return JSON.parse(execFileSync(process.execPath, [join(bundle, `${name}.mjs`)], { encoding: "utf8" }));
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "deprov-bundle-"));
  write("tsconfig.json", "{}");
  write("cli/local/handler-worker.ts", "export const worker = true;\n");
  write("src/paths.ts", "export const here = { url: import.meta.url, dirname: import.meta.dirname };\n");
  write("src/lazy.ts", 'export const lazy = "loaded";\n');
  write(
    "src/main.ts",
    [
      'import { here } from "./paths.ts";',
      "declare const __DEPROV_BUNDLED_WORKER__: string | undefined;",
      'const worker = typeof __DEPROV_BUNDLED_WORKER__ === "string" ? __DEPROV_BUNDLED_WORKER__ : null;',
      'const { lazy } = await import("./lazy.ts");',
      'console.log(JSON.stringify({ ...here, worker, lazy, version: "one" }));',
      "",
    ].join("\n"),
  );
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe("ensureBundle", () => {
  it("bundles the entries with each source's own paths, the worker's URL and lazy chunks", async () => {
    // Act
    const bundle = await ensureBundle(root, { main: "src/main.ts" });

    // Assess
    expect(run(bundle, "main")).toEqual({
      url: pathToFileURL(join(root, "src", "paths.ts")).href,
      dirname: join(root, "src"),
      worker: pathToFileURL(join(bundle, "handler-worker.mjs")).href,
      lazy: "loaded",
      version: "one",
    });
    expect(readdirSync(join(bundle, "chunks")).some((file) => file.startsWith("lazy-"))).toBe(true);
  });

  it("reuses the bundle while its sources are unchanged", async () => {
    // Prepare
    const first = await ensureBundle(root, { main: "src/main.ts" });

    // Act
    const second = await ensureBundle(root, { main: "src/main.ts" });

    // Assess
    expect(second).toBe(first);
  });

  it("builds again when a source changes, and the new bundle runs the new code", async () => {
    // Prepare
    const first = await ensureBundle(root, { main: "src/main.ts" });
    write("src/main.ts", 'console.log(JSON.stringify({ version: "two" }));\n');
    utimesSync(join(root, "src/main.ts"), new Date(), new Date(Date.now() + 5_000));

    // Act
    const second = await ensureBundle(root, { main: "src/main.ts" });

    // Assess
    expect(second).not.toBe(first);
    expect(run(second, "main")).toEqual({ version: "two" });
  });

  it("does not reuse the bundle when a source it was built from is gone: it builds again", async () => {
    // Prepare
    await ensureBundle(root, { main: "src/main.ts" });
    rmSync(join(root, "src", "lazy.ts"));

    // Act
    const second = ensureBundle(root, { main: "src/main.ts" });

    // Assess: the rebuild fails on the missing import (bin/deprov.js then runs from source)
    await expect(second).rejects.toThrow(/lazy\.ts/);
  });

  it("keeps a bundle per set of entries", async () => {
    // Act
    const cli = await ensureBundle(root, { main: "src/main.ts" });
    const other = await ensureBundle(root, { paths: "src/paths.ts" });

    // Assess
    expect(other).not.toBe(cli);
    expect(await ensureBundle(root, { main: "src/main.ts" })).toBe(cli);
  });
});
