/** The local blob store: one file per key under a root folder, written atomically (temp file + rename). */
import { randomBytes } from "node:crypto";
import type { Dirent } from "node:fs";
import { copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { assertBlobKey, type BlobStore } from "./blob-store.ts";
import { asBytes } from "./bytes.ts";

export class FileBlobStore implements BlobStore {
  constructor(readonly root: string) {}

  async put(key: string, body: Buffer | string): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    // Same folder as the target, so the rename is atomic: a crash leaves the old blob or the new one.
    const temp = `${path}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      await writeFile(temp, typeof body === "string" ? body : asBytes(body));
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  /** A kernel-side copy: a multi-hundred-megabyte export never passes through the JS heap. */
  async putFile(key: string, source: string): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      await copyFile(source, temp);
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async list(prefix: string): Promise<string[]> {
    let entries: Dirent[];
    try {
      entries = await readdir(this.root, { recursive: true, withFileTypes: true });
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
    const keys: string[] = [];
    for (const entry of entries) {
      if (!entry.isFile() || entry.name.endsWith(".tmp")) continue;
      const key = relative(this.root, join(parentOf(entry), entry.name))
        .split(sep)
        .join("/");
      if (key.startsWith(prefix)) keys.push(key);
    }
    return keys.sort();
  }

  private pathOf(key: string): string {
    assertBlobKey(key);
    return join(this.root, ...key.split("/"));
  }
}

/** `parentPath` on current Node; `path` (its deprecated name) on Node 20 before 20.12 and in its typings. */
function parentOf(entry: Dirent): string {
  return (entry as Dirent & { parentPath?: string }).parentPath ?? entry.path;
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "ENOENT";
}
