/**
 * The contract of a live reader (SPEC §2 live table): it pages through one system's API, checks each
 * page's shape as it arrives, and writes the records into a snapshot in the format's file form; the
 * format's file parser then reads that snapshot exactly as it reads an uploaded export. A read that
 * fails part way throws `LiveReadError`: the source fails, it never passes a short list on.
 */
import type { CredentialRef, SourceConfig } from "../../config/schema.ts";
import type { Instant } from "../../core/model.ts";
import type { HttpClientOptions } from "../../ports/http/http-client.ts";
import type { AwsClientFactories } from "./aws-clients.ts";
import type { SnapshotFile } from "./snapshot-file.ts";

/** The reading discipline's caps, per source. */
export interface LiveReadLimits {
  /** Pages (requests that return records) per source. */
  maxPages: number;
  /** Bytes of the snapshot; the snapshot is then parsed as one string, which V8 caps near 512 MiB. */
  maxBytes: number;
}

export const DEFAULT_LIVE_READ_LIMITS: LiveReadLimits = {
  maxPages: 20_000,
  maxBytes: 480 * 1024 * 1024,
};

export interface LiveReadContext {
  /** Resolves the source's credential reference (environment variable locally, Secrets Manager in AWS). */
  resolveCredential(ref: CredentialRef): Promise<string>;
  /** Shared settings of every HTTP client a reader makes (timeouts, clock, sleep, fetch, deadline). */
  http: Omit<HttpClientOptions, "name">;
  /** AWS SDK clients, for the credential report. */
  aws: AwsClientFactories;
  limits: LiveReadLimits;
  now(): Instant;
  sleep(ms: number): Promise<void>;
  /** Told of every answer the system gave (any status): `deprov validate` reports whether it was reachable. */
  answered(): void;
}

export interface LiveReadResult {
  /** Pages (API answers holding records) read. */
  pages: number;
  /** Records written into the snapshot. */
  records: number;
  /** When the data was read (or, where the system says, produced): the source's export time. */
  readAt: Instant;
  /** What a reader of the report should know about the data (e.g. a field the tenant cannot provide). */
  warnings: string[];
}

/** Reads `source` live into `snapshot`; throws `LiveReadError` (or an HTTP error) when it cannot. */
export type LiveReader = (
  source: SourceConfig,
  snapshot: SnapshotFile,
  context: LiveReadContext,
) => Promise<LiveReadResult>;

/** The live read failed: the source fails with this message (it never names a secret). */
export class LiveReadError extends Error {
  override name = "LiveReadError";
}

/** How messages name a source. */
export function sourceName(source: Pick<SourceConfig, "id">): string {
  return `source "${source.id}"`;
}

/** A credential reference as messages may show it (the reference, never the value). */
export function describeCredentialRef(ref: CredentialRef): string {
  return "env" in ref ? `{"env": "${ref.env}"}` : `{"secretArn": "${ref.secretArn}"}`;
}

/** Counts pages against the cap. */
export class PageCounter {
  private count = 0;

  constructor(
    private readonly source: SourceConfig,
    private readonly limit: number,
  ) {}

  get pages(): number {
    return this.count;
  }

  /** Called before each page is requested. */
  next(): void {
    if (this.count >= this.limit) {
      throw new LiveReadError(
        `${sourceName(this.source)}: the listing goes on past ${this.limit} pages, the cap for one source; the read stops rather than pass on part of it`,
      );
    }
    this.count++;
  }
}

/** The listing held fewer records than it announced: passing it on would read as records gone. */
export function shortListing(
  source: SourceConfig,
  read: number,
  announced: number,
  what: string,
): LiveReadError {
  return new LiveReadError(
    `${sourceName(source)}: the listing gave ${read} of the ${announced} ${what} it announced (it may have changed during the read); the read stops rather than pass on part of it`,
  );
}

/**
 * The total an offset-paged listing announced on its first page. The offsets of later pages count
 * from that listing, so a page announcing another total means the listing changed under the read:
 * records may have shifted past an offset already read, and trusting the newer, smaller total would
 * end the read short without noticing (ADR 0006).
 */
export class AnnouncedTotal {
  private first: number | undefined;

  constructor(
    private readonly source: SourceConfig,
    private readonly what: string,
  ) {}

  /** The first page's total (0 before any page). */
  get value(): number {
    return this.first ?? 0;
  }

  /** Called with each page's total; throws when it is not the first page's. */
  check(total: number, page: string): number {
    if (this.first === undefined) this.first = total;
    else if (total !== this.first) {
      throw new LiveReadError(
        `${sourceName(this.source)}: the listing announced ${this.first} ${this.what} on its first page but ${total} on the page ${page} (it changed during the read); the read stops rather than pass on part of it`,
      );
    }
    return this.first;
  }
}
