/**
 * Files a local run writes for people to read — findings, reports, tasks, emails — hold leavers'
 * names, addresses and what they left behind. Like the state folder, they are private to the user
 * who runs deprov: files 0600, in folders created 0700. A folder that already exists keeps its mode
 * (someone chose it); a file written over is made 0600 again, whatever an older run left.
 */
import { type FileHandle, mkdir, open } from "node:fs/promises";

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates the folder and its missing parents 0700. */
export async function makePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/** Opens the file for writing from the start, private to this user. */
export async function openPrivateFile(path: string): Promise<FileHandle> {
  const file = await open(path, "w", PRIVATE_FILE_MODE);
  try {
    // The mode of `open` applies to a file it creates; one written over keeps its own until told.
    await file.chmod(PRIVATE_FILE_MODE);
    return file;
  } catch (error) {
    await file.close();
    throw error;
  }
}

/** Writes the whole file, private to this user. */
export async function writePrivateFile(path: string, data: string | Uint8Array): Promise<void> {
  const file = await openPrivateFile(path);
  try {
    await file.writeFile(data);
  } finally {
    await file.close();
  }
}
