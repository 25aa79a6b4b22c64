/**
 * A live source read as an export: the format's live reader writes the snapshot, in the format's
 * file form, into a private temporary folder (`/tmp` in a Lambda), and the export handed on is that
 * file — parsed by the same parser as an uploaded export, and stored as the scan's snapshot. Any
 * failure fails the source (`ExportReadError`), with a message that names the source and never a
 * secret; the temporary folder is removed either way (`dispose` once the snapshot is stored).
 */
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SourceConfig } from "../config/schema.ts";
import { redactUrl } from "../ports/http/redact-url.ts";
import type { ResolveCredential } from "../ports/tasks/resolve-credential.ts";
import { decodeText } from "../shared/decode-text.ts";
import { type AwsClientFactories, SDK_AWS_CLIENTS } from "../sources/live/aws-clients.ts";
import { ADMIN_SDK_URL, GRAPH_URL } from "../sources/live/endpoints.ts";
import {
  DEFAULT_LIVE_READ_LIMITS,
  type LiveReadContext,
  type LiveReadLimits,
  sourceName,
} from "../sources/live/live-read.ts";
import { liveReaderFor } from "../sources/live/registry.ts";
import { SnapshotFile } from "../sources/live/snapshot-file.ts";
import { spreadsheetKind } from "../sources/workbook.ts";
import { exportText } from "./export-text.ts";
import { type ExportFile, ExportReadError } from "./parse-source-export.ts";

export interface LiveReadSettings {
  resolveCredential: ResolveCredential;
  http?: LiveReadContext["http"];
  aws?: AwsClientFactories;
  limits?: Partial<LiveReadLimits>;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Where the temporary snapshot folder is made; the system's temporary folder by default. */
  tempDir?: string;
}

export function liveReadContext(
  settings: LiveReadSettings,
  answered: () => void = () => {},
): LiveReadContext {
  const http = settings.http ?? {};
  const send = http.fetch ?? globalThis.fetch;
  return {
    resolveCredential: settings.resolveCredential,
    // Every answer is counted, whatever its status: it shows the system was reachable.
    http: {
      ...http,
      fetch: async (input, init) => {
        const response = await send(input, init);
        answered();
        return response;
      },
    },
    aws: settings.aws ?? SDK_AWS_CLIENTS,
    limits: { ...DEFAULT_LIVE_READ_LIMITS, ...settings.limits },
    now: settings.now ?? Date.now,
    sleep: settings.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    answered,
  };
}

export async function readLiveExport(source: SourceConfig, settings: LiveReadSettings): Promise<ExportFile> {
  const reader = await liveReaderFor(source.format);
  if (reader === undefined) {
    throw new ExportReadError(`${sourceName(source)}: format "${source.format}" has no live API form`);
  }
  let answers = 0;
  const context = liveReadContext(settings, () => {
    answers++;
  });
  const endpoint = liveEndpoint(source);
  const folder = await mkdtemp(join(settings.tempDir ?? tmpdir(), "deprov-live-"));
  const dispose = () => rm(folder, { recursive: true, force: true });
  const path = join(folder, "export");
  let snapshot: SnapshotFile | undefined;
  try {
    snapshot = await SnapshotFile.create(path, context.limits.maxBytes);
    const result = await reader(source, snapshot, context);
    await snapshot.close();
    const file = `${endpoint} (read live)`;
    const read = {
      modifiedAt: result.readAt,
      localPath: path,
      origin: "api" as const,
      live: { endpoint, pages: result.pages, bytes: snapshot.bytes },
      dispose,
    };
    if (isWorkbook(path)) {
      // A report served as a workbook: its sheet's text now, the workbook itself as the snapshot.
      const sheet = await exportText(readFileSync(path), file, source);
      const warnings = [...result.warnings, ...sheet.warnings];
      return { ...read, file: sheet.file, text: sheet.text, sheetRows: true, warnings };
    }
    let text: string | undefined;
    return {
      ...read,
      file,
      // Read when it is parsed: a read that waits for its turn to be parsed holds no text meanwhile.
      get text() {
        text ??= decodeText(readFileSync(path));
        return text;
      },
      warnings: result.warnings,
    };
  } catch (error) {
    await snapshot?.abandon();
    await dispose();
    throw new ExportReadError(failureMessage(source, error), { reachable: answers > 0 });
  }
}

/** Whether the snapshot is an Excel workbook (only a `csv` report may answer with one). */
function isWorkbook(path: string): boolean {
  const head = Buffer.alloc(256);
  const fd = openSync(path, "r");
  try {
    return spreadsheetKind(head.subarray(0, readSync(fd, head, 0, head.length, 0))) === "xlsx";
  } finally {
    closeSync(fd);
  }
}

/** The API a live source reads, as messages show it. */
export function liveEndpoint(source: SourceConfig): string {
  switch (source.format) {
    case "google-workspace":
      return redactUrl(source.url ?? ADMIN_SDK_URL);
    case "entra":
      return redactUrl(source.url ?? GRAPH_URL);
    case "aws-iam-credential-report":
      return `AWS IAM credential report${source.aws?.roleArn === undefined ? "" : ` (as ${source.aws.roleArn})`}`;
    default:
      return source.url === undefined ? "(no url)" : redactUrl(source.url);
  }
}

function failureMessage(source: SourceConfig, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // Every live read error names its source; others (a credential that cannot be resolved) get the name here.
  return message.startsWith(`${sourceName(source)}:`) ? message : `${sourceName(source)}: ${message}`;
}
