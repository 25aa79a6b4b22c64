/**
 * The one report module that touches the file system: writes findings.json, findings.csv and
 * report.html into an output folder. The two full lists stream in ~64 KB batches, so a
 * six-figure scan never holds a second copy of its findings as one string.
 */
import { createWriteStream } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { findingsCsvChunks } from "./findings-csv.ts";
import { findingsJsonChunks } from "./findings-json.ts";
import { renderReportHtml } from "./report-html.ts";
import type { ScanResult } from "./scan-result.ts";

export const OUTPUT_FILES = { json: "findings.json", csv: "findings.csv", html: "report.html" } as const;

const BATCH_CHARS = 64 * 1024;

/** Writes the three outputs; resolves to their paths. */
export async function writeScanOutputs(
  result: ScanResult,
  outDir: string,
): Promise<Record<keyof typeof OUTPUT_FILES, string>> {
  await mkdir(outDir, { recursive: true });
  const paths = {
    json: join(outDir, OUTPUT_FILES.json),
    csv: join(outDir, OUTPUT_FILES.csv),
    html: join(outDir, OUTPUT_FILES.html),
  };
  await writeChunks(paths.json, findingsJsonChunks(result));
  await writeChunks(paths.csv, findingsCsvChunks(result));
  await writeFile(paths.html, renderReportHtml(result), "utf8");
  return paths;
}

export async function writeChunks(path: string, chunks: Iterable<string>): Promise<void> {
  await pipeline(Readable.from(batched(chunks), { objectMode: false }), createWriteStream(path, "utf8"));
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
