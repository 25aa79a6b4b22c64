#!/usr/bin/env node
// The deprov command. The sources are TypeScript: they run from a bundle built on first use
// (cli-bundle.js), or through tsx's ESM hook when no bundle can be built or DEPROV_NO_BUNDLE is set.
import { spawn } from "node:child_process";
import { constants } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * A scan parses millions of short-lived records: with V8's default young generation (16 MB
 * semi-spaces) most of them are copied twice before they die, which costs a 100,000-person scan
 * about 2 s. V8 reads the size only at start-up, so without it the command starts itself again
 * with the flag (once: the child has it).
 */
const YOUNG_GENERATION_FLAG = "--max-semi-space-size=64";

const flagged = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)].some((arg) =>
  arg.startsWith("--max-semi-space-size"),
);

if (flagged) {
  quietWhenReaderLeaves();
  const { main } = await loadCli();
  process.exitCode = await main(process.argv.slice(2));
} else {
  const child = spawn(
    process.execPath,
    [YOUNG_GENERATION_FLAG, ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    { stdio: "inherit" },
  );
  // Ctrl-C reaches both (same process group); a kill aimed at this process is passed on.
  for (const signal of ["SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
  process.on("SIGINT", () => {});
  // A child killed by a signal exits as shells report it: 128 + the signal's number.
  child.on("exit", (code, signal) => {
    process.exitCode = signal ? 128 + (constants.signals[signal] ?? 0) : (code ?? 1);
  });
}

/**
 * A reader that stops early (`deprov findings | head`) closes the pipe: what is left to print has
 * nowhere to go, which is not the command's failure. Without a listener the write error ends the
 * process with a stack trace.
 */
function quietWhenReaderLeaves() {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error) => {
      if (error.code !== "EPIPE") throw error;
    });
  }
}

async function loadCli() {
  const bundle = process.env.DEPROV_NO_BUNDLE ? undefined : await bundleFolder();
  if (bundle !== undefined) return import(pathToFileURL(join(bundle, "main.mjs")).href);
  const { register } = await import("tsx/esm/api");
  register();
  return import("../cli/main.ts");
}

/** The bundle's folder, or undefined when it cannot be built (e.g. node_modules is read-only). */
async function bundleFolder() {
  try {
    const { ensureBundle } = await import("./cli-bundle.js");
    return await ensureBundle(join(dirname(fileURLToPath(import.meta.url)), ".."));
  } catch {
    return undefined;
  }
}
