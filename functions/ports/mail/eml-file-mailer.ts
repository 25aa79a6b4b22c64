/**
 * The local copy of every email: `<dir>/<timestamp>--<key>-<hash>.eml`, openable in any mail
 * client. The name sorts by time; the hash of the full idempotency key keeps two keys that
 * sanitise alike apart. A key that was written before is not written again (retries keep the
 * first file), and an existing file is never overwritten.
 *
 * Files are written with one synchronous exclusive create each (`wx`): a night's thousands of
 * digests through fs/promises cost a FileHandle, its promise and a thread-pool round trip each —
 * seconds of the scan's main thread — where a write of a few kilobytes to the page cache takes
 * microseconds. The files are private to the user (private-files.ts): they hold people's data.
 */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { makePrivateDir, PRIVATE_FILE_MODE } from "../../shared/private-files.ts";
import { DEFAULT_MAX_EMAIL_BYTES, type OutgoingEmail, type RawMailer, type SentEmail } from "./mailer.ts";
import { composeWithinCap, messageIdFor } from "./mime.ts";

export interface EmlFileMailerOptions {
  dir: string;
  maxBytes?: number;
  /** Names the file and dates the message; injectable for tests. */
  now?: () => number;
}

const UNSAFE_NAME_CHARS = /[^A-Za-z0-9._-]+/g;
const MAX_KEY_CHARS = 60;

export class EmlFileMailer implements RawMailer {
  /**
   * The file names in the folder by key suffix. A key is entered here before its file is written,
   * so two sends of one key in this process write one file.
   */
  private written: Promise<Map<string, string>> | undefined;

  constructor(private readonly options: EmlFileMailerOptions) {}

  async send(message: OutgoingEmail): Promise<SentEmail> {
    const { raw } = await composeWithinCap(message, {
      maxBytes: this.options.maxBytes ?? DEFAULT_MAX_EMAIL_BYTES,
      date: new Date(this.now()),
    });
    return this.sendRaw(raw, message);
  }

  async sendRaw(raw: Buffer, message: OutgoingEmail): Promise<SentEmail> {
    const { dir } = this.options;
    const suffix = emlSuffix(message.idempotencyKey);
    const messageId = messageIdFor(message);
    const written = await this.writtenNames();
    const existing = written.get(suffix);
    if (existing !== undefined) {
      const bytes = await sizeOf(join(dir, existing));
      if (bytes !== undefined) return { messageId, bytes, eml: join(dir, existing) };
    }

    const name = `${sortableTimestamp(this.now())}--${suffix}`;
    written.set(suffix, name);
    const path = join(dir, name);
    try {
      // Exclusive: an existing file is never replaced.
      writeFileSync(path, raw, { flag: "wx", mode: PRIVATE_FILE_MODE });
    } catch (error) {
      if (!isAlreadyExists(error)) {
        written.delete(suffix);
        throw error;
      }
      // Another process sent the same key in the same millisecond: keep its file.
    }
    return { messageId, bytes: raw.length, eml: path };
  }

  /**
   * The files in the folder by the suffix that identifies their key, read once: a resumed night
   * finds thousands of its digests written, and must not list the folder once for each.
   */
  private writtenNames(): Promise<Map<string, string>> {
    this.written ??= (async () => {
      await makePrivateDir(this.options.dir);
      const names = await readdir(this.options.dir);
      return new Map(
        names.flatMap((name): [string, string][] =>
          name.endsWith(".eml") ? [[name.slice(name.indexOf("--") + 2), name]] : [],
        ),
      );
    })();
    // A failed listing is not kept: the next send tries again.
    this.written.catch(() => {
      this.written = undefined;
    });
    return this.written;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

/** `<sanitised key>-<hash>.eml`: the part of the file name that identifies the key. */
export function emlSuffix(idempotencyKey: string): string {
  const readable = idempotencyKey.replace(UNSAFE_NAME_CHARS, "_").slice(0, MAX_KEY_CHARS);
  const hash = createHash("sha256").update(idempotencyKey).digest("hex").slice(0, 12);
  return `${readable}-${hash}.eml`;
}

/** `20250301T093000123Z`: UTC with milliseconds, so names sort in sending order. */
function sortableTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/[-:.]/g, "");
}

/** The size of a file written before, or `undefined` if it is gone (then it is written again). */
async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "ENOENT") return undefined;
    throw error;
  }
}

function isAlreadyExists(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "EEXIST";
}
