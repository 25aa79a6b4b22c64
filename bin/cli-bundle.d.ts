/** See cli-bundle.js. */

/** The CLI's entry points, by output name (`<name>.mjs`). */
export declare const CLI_ENTRIES: Readonly<Record<string, string>>;

export interface BundleManifest {
  /** The bundle's folder, beside the manifest. */
  dir: string;
  /** What it was built from: path relative to the root, size (-1: absent) and modification time. */
  inputs: [file: string, size: number, mtimeMs: number][];
}

/**
 * The folder of a current bundle of `entries` (output name → source path relative to `root`),
 * built first when there is none or a source it was built from has changed since.
 */
export declare function ensureBundle(
  root: string,
  entries?: Readonly<Record<string, string>>,
): Promise<string>;

/** Whether every file the bundle was built from still has the size and modification time it had. */
export declare function isFresh(root: string, cache: string, manifest: BundleManifest): boolean;
