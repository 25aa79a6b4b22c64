/**
 * The local copy of every email: `<dir>/<timestamp>--<key>-<hash>.eml`, openable in any mail
 * client. The name sorts by time; the hash of the full idempotency key keeps two keys that
 * sanitise alike apart. A key that was written before is not written again (retries keep the
 * first file), and an existing file is never overwritten.
 *
 * Files are written with one synchronous exclusive create each (`wx`): a night's thousands of
 * digests through fs/promises cost a FileHandle, its promise and a thread-pool round trip each —
 * seconds of the scan's main thread — where a write of a few kilobytes to the page cache takes
 * microseconds.
 */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { mkdir, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
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
   * The suffixes of the files in the folder, read once: a night's thousands of digests must not
   * list the folder once each. A key is reserved here before its file is written, so two sends of
   * one key in this process write one file.
   */
  private written: Promise<Set<string>> | undefined;

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
    const written = await this.writtenSuffixes();
    if (written.has(suffix)) {
      const existing = await findWritten(dir, suffix);
      if (existing !== undefined) return { messageId, bytes: (await stat(existing)).size, eml: existing };
    }
    written.add(suffix);

    const path = join(dir, `${sortableTimestamp(this.now())}--${suffix}`);
    try {
      // Exclusive: an existing file is never replaced.
      writeFileSync(path, raw, { flag: "wx" });
    } catch (error) {
      if (!isAlreadyExists(error)) {
        written.delete(suffix);
        throw error;
      }
      // Another process sent the same key in the same millisecond: keep its file.
    }
    return { messageId, bytes: raw.length, eml: path };
  }

  private writtenSuffixes(): Promise<Set<string>> {
    this.written ??= (async () => {
      await mkdir(this.options.dir, { recursive: true });
      const names = await readdir(this.options.dir);
      return new Set(
        names.flatMap((name) => (name.endsWith(".eml") ? [name.slice(name.indexOf("--") + 2)] : [])),
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

async function findWritten(dir: string, suffix: string): Promise<string | undefined> {
  const name = (await readdir(dir)).find((entry) => entry.endsWith(`--${suffix}`));
  return name === undefined ? undefined : join(dir, name);
}

function isAlreadyExists(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "EEXIST";
}
