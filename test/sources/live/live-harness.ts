/**
 * Runs a live read the way CollectSource does (readLiveExport, then the format's parser on the
 * snapshot) with an injected clock, sleep and credentials, and parses the file form of the same
 * data, so a test can compare the two.
 */
import { expect } from "vitest";
import type { SourceConfig } from "../../../functions/config/schema.ts";
import type { Account, Asset } from "../../../functions/core/model.ts";
import { timeParserFor } from "../../../functions/fast/iso-time-parser.ts";
import type { HttpClientOptions } from "../../../functions/ports/http/http-client.ts";
import {
  type CollectedSource,
  type ExportFile,
  parseExport,
} from "../../../functions/scan/parse-source-export.ts";
import { type LiveReadSettings, readLiveExport } from "../../../functions/scan/read-live-export.ts";
import { ORG_ZONE } from "../api-source-input.ts";
import type { ApiRequest, Fault } from "./fake-api.ts";

export const READ_AT = Date.parse("2026-11-26T09:00:00Z");

export interface LiveRun {
  exported: ExportFile;
  collected: CollectedSource;
  /** Every wait the read asked for, in ms. */
  waits: number[];
}

export interface LiveRunOptions {
  /** Credential values by environment variable name. */
  env: Record<string, string>;
  http?: Partial<Omit<HttpClientOptions, "name">>;
  settings?: Partial<LiveReadSettings>;
}

/** A resolver over `env` that behaves as the real one does for `{env}` references. */
export function envResolver(env: Record<string, string>): LiveReadSettings["resolveCredential"] {
  return async (ref) => {
    if (!("env" in ref)) throw new Error("test resolver: only {env} references");
    const value = env[ref.env];
    if (value === undefined) throw new Error(`credential: environment variable ${ref.env} is not set`);
    return value;
  };
}

export async function readLive(source: SourceConfig, options: LiveRunOptions): Promise<LiveRun> {
  const waits: number[] = [];
  const sleep = async (ms: number) => {
    waits.push(ms);
  };
  const exported = await readLiveExport(source, {
    resolveCredential: envResolver(options.env),
    now: () => READ_AT,
    sleep,
    http: {
      sleep,
      now: () => READ_AT,
      random: () => 0.5,
      allowHttpLoopback: true,
      timeoutMs: 2_000,
      ...options.http,
    },
    ...options.settings,
  });
  try {
    const collected = parseExport(source, exported, timeParserFor(ORG_ZONE));
    return { exported, collected, waits };
  } finally {
    await exported.dispose?.();
  }
}

/** A live read that must fail: its message. */
export async function liveFailure(source: SourceConfig, options: LiveRunOptions): Promise<string> {
  try {
    await readLive(source, options);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error(`the live read of ${source.id} did not fail`);
}

/** The file form of the same data, parsed. */
export function parseFileForm(source: SourceConfig, text: string): CollectedSource {
  return parseExport(
    source,
    { file: `/exports/${source.id}.json`, text, modifiedAt: READ_AT },
    timeParserFor(ORG_ZONE),
  );
}

/** Records sorted by id: a live listing may come in another order than the export. */
export function recordsById(collected: CollectedSource): (Account | Asset)[] {
  const records = collected.records;
  if (records === undefined) throw new Error(`source failed: ${collected.errors.join("; ")}`);
  if (records.kind === "accounts")
    return [...records.records].sort((a, b) => a.accountId.localeCompare(b.accountId));
  if (records.kind === "assets")
    return [...records.records].sort((a, b) => a.assetId.localeCompare(b.assetId));
  throw new Error(`unexpected kind ${records.kind}`);
}

/** Asserts that a live read gave the records (and rejections) of the file form, dated by the read. */
export function expectFileFormRecords(
  collected: CollectedSource,
  source: SourceConfig,
  fileText: string,
): void {
  const fileForm = parseFileForm(source, fileText);
  expect(recordsById(collected)).toEqual(recordsById(fileForm));
  expect(collected.rejectedCount).toBe(fileForm.rejectedCount);
  expect(collected.info).toMatchObject({ status: "ok", exportedAt: READ_AT, exportedAtFrom: "api" });
}

/** Faults that break off every attempt (the client's six) at the requests `matches` selects. */
export function brokenOffEveryAttempt(start: string, matches?: (request: ApiRequest) => boolean): Fault[] {
  return [1, 2, 3, 4, 5, 6].map((nth) => ({
    nth,
    ...(matches === undefined ? {} : { matches }),
    answer: { status: 200, truncated: start },
  }));
}
