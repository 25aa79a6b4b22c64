/**
 * The one report module that touches the file system: writes findings.json, findings.csv and
 * report.html into an output folder. The two full lists stream in ~1 MB batches, so a
 * six-figure scan never holds a second copy of its findings as one string. They hold people's data:
 * the files are private to the user (private-files.ts).
 */
import type { FileHandle } from "node:fs/promises";
import { join } from "node:path";
import type { ScanResult } from "../functions/scan/contract/scan-result.ts";
import { makePrivateDir, openPrivateFile, writePrivateFile } from "../functions/shared/private-files.ts";
import { findingsCsvChunks } from "./findings-csv.ts";
import { findingsJsonChunks } from "./findings-json.ts";
import { renderReportHtml } from "./report-html.ts";

export const OUTPUT_FILES = { json: "findings.json", csv: "findings.csv", html: "report.html" } as const;

const BATCH_CHARS = 1 << 20;

/** Writes the three outputs; resolves to their paths. */
export async function writeScanOutputs(
  result: ScanResult,
  outDir: string,
): Promise<Record<keyof typeof OUTPUT_FILES, string>> {
  await makePrivateDir(outDir);
  const paths = {
    json: join(outDir, OUTPUT_FILES.json),
    csv: join(outDir, OUTPUT_FILES.csv),
    html: join(outDir, OUTPUT_FILES.html),
  };
  await writeChunks(paths.json, findingsJsonChunks(result));
  await writeChunks(paths.csv, findingsCsvChunks(result));
  await writePrivateFile(paths.html, renderReportHtml(result));
  return paths;
}

/**
 * Writes the chunks in ~1 MB batches straight to the file, each batch written while the next is
 * generated: at six figures of findings, a stream pipeline's per-chunk overhead doubled the time
 * spent writing.
 */
export async function writeChunks(path: string, chunks: Iterable<string>): Promise<void> {
  const file = await openPrivateFile(path);
  let writing: Promise<void> = Promise.resolve();
  try {
    for (const batch of batched(chunks)) {
      const bytes = Buffer.from(batch, "utf8");
      await writing;
      writing = writeAll(file, bytes);
    }
    await writing;
  } finally {
    // A failed write is reported by the awaits above; the handle is closed either way.
    await writing.catch(() => {});
    await file.close();
  }
}

async function writeAll(file: FileHandle, bytes: Buffer): Promise<void> {
  for (let offset = 0; offset < bytes.length; ) {
    offset += (await file.write(bytes, offset, bytes.length - offset)).bytesWritten;
  }
}

/** Joins many small chunks into fewer large writes. */
export function* batched(chunks: Iterable<string>, size = BATCH_CHARS): Generator<string> {
  let buffer = "";
  for (const chunk of chunks) {
    buffer += chunk;
    if (buffer.length >= size) {
      yield buffer;
      buffer = "";
    }
  }
  if (buffer !== "") yield buffer;
}
