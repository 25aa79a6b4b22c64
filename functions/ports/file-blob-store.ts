/**
 * The local blob store: one file per key under a root folder, written atomically (temp file +
 * rename). The blobs are people's data (exports, findings, the audit copy): folders are 0700 and
 * files 0600, private to the user who runs deprov.
 */
import { randomBytes } from "node:crypto";
import type { Dirent } from "node:fs";
import { chmod, copyFile, link, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from "../shared/private-files.ts";
import { assertBlobKey, type BlobStore } from "./blob-store.ts";
import { asBytes } from "./bytes.ts";

export class FileBlobStore implements BlobStore {
  constructor(readonly root: string) {}

  async put(key: string, body: Buffer | string): Promise<void> {
    const path = this.pathOf(key);
    const temp = await this.writeTemp(path, body);
    // Same folder as the target, so the rename is atomic: a crash leaves the old blob or the new one.
    await rename(temp, path).catch(removing(temp));
  }

  /**
   * Writes the blob only if the key is new: a hard link of a complete temp file either creates
   * the name or fails with EEXIST, so two writers never both win and a reader never sees half.
   */
  async putIfAbsent(key: string, body: Buffer | string): Promise<boolean> {
    const path = this.pathOf(key);
    const temp = await this.writeTemp(path, body);
    try {
      await link(temp, path);
      return true;
    } catch (error) {
      if (error instanceof Error && "code" in error && error.code === "EEXIST") return false;
      throw error;
    } finally {
      await rm(temp, { force: true });
    }
  }

  /** A kernel-side copy: a multi-hundred-megabyte export never passes through the JS heap. */
  async putFile(key: string, source: string): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true, mode: PRIVATE_DIR_MODE });
    const temp = tempPathOf(path);
    try {
      await copyFile(source, temp);
      // A copy takes the source's mode; the snapshot is private whatever the export's was.
      await chmod(temp, PRIVATE_FILE_MODE);
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
    // Only the folder the prefix names is walked, not the whole store.
    const folder = prefix.includes("/") ? prefix.slice(0, prefix.lastIndexOf("/")) : "";
    if (folder !== "") assertBlobKey(folder);
    let entries: Dirent[];
    try {
      entries = await readdir(join(this.root, ...folder.split("/")), {
        recursive: true,
        withFileTypes: true,
      });
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
    const keys: string[] = [];
    for (const entry of entries) {
      if (!entry.isFile() || entry.name.endsWith(".tmp")) continue;
      const key = relative(this.root, join(entry.parentPath, entry.name)).split(sep).join("/");
      if (key.startsWith(prefix)) keys.push(key);
    }
    return keys.sort();
  }

  private async writeTemp(path: string, body: Buffer | string): Promise<string> {
    await mkdir(dirname(path), { recursive: true, mode: PRIVATE_DIR_MODE });
    const temp = tempPathOf(path);
    try {
      await writeFile(temp, typeof body === "string" ? body : asBytes(body), { mode: PRIVATE_FILE_MODE });
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return temp;
  }

  private pathOf(key: string): string {
    assertBlobKey(key);
    return join(this.root, ...key.split("/"));
  }
}

function tempPathOf(path: string): string {
  return `${path}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
}

/** Removes the temp file, then rethrows the error that stopped it from becoming the blob. */
function removing(temp: string): (error: unknown) => Promise<never> {
  return async (error) => {
    await rm(temp, { force: true });
    throw error;
  };
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "ENOENT";
}
