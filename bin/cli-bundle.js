// The deprov command runs from an esbuild bundle of its TypeScript sources, built on first use and
// rebuilt when a source changes. Loading a few hundred modules one at a time through tsx's loader
// hooks costs every command about half a second before it does any work; a bundle loads in a
// fraction of that. Packages stay external (node_modules as installed), modules reached only by
// dynamic import stay lazy (split into chunks), and every bundled source keeps its own
// import.meta.url, dirname and filename, so paths resolve exactly as they do from source.
import { createHash, randomBytes } from "node:crypto";
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const CACHE = join("node_modules", ".cache", "deprov");
const MANIFEST = "bundle.json";
/** Superseded bundles are removed once this old: a command started earlier may still load from one. */
const SUPERSEDED_BUNDLE_MS = 60 * 60 * 1000;

/** The worker threads' entry: the worker pool starts it from the same bundle (handler-worker-pool.ts). */
const WORKER_ENTRY = { "handler-worker": "cli/local/handler-worker.ts" };

/** The CLI's entry points, by output name (`<name>.mjs`). */
export const CLI_ENTRIES = { main: "cli/main.ts" };

/**
 * The folder of a current bundle of `entries` (output name → source path relative to `root`),
 * built first when there is none or a source it was built from has changed since.
 */
export async function ensureBundle(root, entries = CLI_ENTRIES) {
  const all = { ...entries, ...WORKER_ENTRY };
  const cache = join(
    root,
    CACHE,
    createHash("sha256").update(JSON.stringify(all)).digest("hex").slice(0, 12),
  );
  const current = readManifest(cache);
  if (current && isFresh(root, cache, current)) return join(cache, current.dir);
  return buildBundle(root, cache, all, current?.dir);
}

/** Whether every file the bundle was built from still has the size and modification time it had. */
export function isFresh(root, cache, manifest) {
  try {
    statSync(join(cache, manifest.dir));
    return manifest.inputs.every(([file, size, mtimeMs]) => {
      const stat = statSync(join(root, file), { throwIfNoEntry: false });
      return stat === undefined ? size === -1 : stat.size === size && stat.mtimeMs === mtimeMs;
    });
  } catch {
    return false;
  }
}

function readManifest(cache) {
  try {
    const manifest = JSON.parse(readFileSync(join(cache, MANIFEST), "utf8"));
    return typeof manifest?.dir === "string" && Array.isArray(manifest.inputs) ? manifest : undefined;
  } catch {
    return undefined;
  }
}

async function buildBundle(root, cache, entries, previousDir) {
  const { build } = await import("esbuild");
  const dir = `build-${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;
  const outdir = join(cache, dir);
  const result = await build({
    absWorkingDir: root,
    entryPoints: entries,
    outdir,
    outExtension: { ".js": ".mjs" },
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    splitting: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: "linked",
    metafile: true,
    logLevel: "silent",
    define: {
      __DEPROV_BUNDLED_WORKER__: JSON.stringify(pathToFileURL(join(outdir, "handler-worker.mjs")).href),
    },
    plugins: [sourcePathsPlugin()],
  });
  // The sources, and what decides how they are built: this file and the TypeScript settings.
  const buildSettings = [fileURLToPath(import.meta.url), join(root, "tsconfig.json")];
  const inputs = [...Object.keys(result.metafile.inputs).map((file) => resolve(root, file)), ...buildSettings]
    .map((file) => relative(root, file))
    .filter((file) => !file.startsWith(`node_modules${sep}`))
    .map((file) => {
      const stat = statSync(join(root, file), { throwIfNoEntry: false });
      return stat === undefined ? [file, -1, 0] : [file, stat.size, stat.mtimeMs];
    });
  // Made current only once complete (rename is atomic): a command starting meanwhile keeps the
  // previous bundle, and two commands building at once each leave a complete one.
  const manifest = join(cache, `${MANIFEST}.${process.pid}`);
  writeFileSync(manifest, JSON.stringify({ dir, inputs }));
  renameSync(manifest, join(cache, MANIFEST));
  removeSupersededBundles(cache, new Set([dir, previousDir]));
  return outdir;
}

/** Each TypeScript source's import.meta.url, dirname and filename, as they are when run from source. */
function sourcePathsPlugin() {
  return {
    name: "deprov-source-paths",
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
        const text = await readFile(path, "utf8");
        if (!text.includes("import.meta")) return { contents: text, loader: "ts" };
        const contents = text
          .replaceAll("import.meta.url", JSON.stringify(pathToFileURL(path).href))
          .replaceAll("import.meta.dirname", JSON.stringify(dirname(path)))
          .replaceAll("import.meta.filename", JSON.stringify(path));
        return { contents, loader: "ts" };
      });
    },
  };
}

function removeSupersededBundles(cache, keep) {
  for (const entry of readdirSync(cache, { withFileTypes: true })) {
    if (!entry.isDirectory() || !entry.name.startsWith("build-") || keep.has(entry.name)) continue;
    const path = join(cache, entry.name);
    try {
      if (Date.now() - statSync(path).mtimeMs > SUPERSEDED_BUNDLE_MS)
        rmSync(path, { recursive: true, force: true });
    } catch {
      // Removed by another command meanwhile.
    }
  }
}
