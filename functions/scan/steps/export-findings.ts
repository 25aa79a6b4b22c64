/**
 * ExportFindings: every finding as files other tools read — findings.json, findings.csv (safe to
 * open in a spreadsheet) and, with `exports.ocsf`, findings.ocsf.jsonl — beside the report (S3 in
 * AWS; locally streamed into --out: at six figures of findings they are hundreds of MB). A step of
 * its own, beside PublishReport: the report needs the scan's summary, these need every finding, and
 * apart they run side by side (locally, on a worker thread while the main thread renders the report).
 * Rendering is deterministic, so a retried step rewrites the same files.
 */

import { join } from "node:path";
import { findingsCsvChunks } from "../../../reports/findings-csv.ts";
import { findingsJsonChunks } from "../../../reports/findings-json.ts";
import { OCSF_LINES_FILE, ocsfLinesChunks } from "../../../reports/ocsf/ocsf-lines.ts";
import { OUTPUT_FILES, writeChunks } from "../../../reports/write-outputs.ts";
import { makePrivateDir } from "../../shared/private-files.ts";
import { blobKeys } from "../contract/blob-keys.ts";
import type { ScanDependencies } from "../scan-dependencies.ts";
import { loadScanResult } from "./publish-report.ts";

export interface ExportFindingsInput {
  scanId: string;
}

export interface ExportFindingsOutput {
  files: string[];
  findings: number;
  durationMs: number;
}

export async function exportFindings(
  deps: ScanDependencies,
  input: ExportFindingsInput,
): Promise<ExportFindingsOutput> {
  const started = performance.now();
  const [result, config] = await Promise.all([loadScanResult(deps, input.scanId), deps.loadConfig()]);
  const files: [string, () => Iterable<string>, string][] = [
    [OUTPUT_FILES.json, () => findingsJsonChunks(result), "application/json"],
    [OUTPUT_FILES.csv, () => findingsCsvChunks(result), "text/csv"],
  ];
  if (config.exports.ocsf)
    files.push([OCSF_LINES_FILE, () => ocsfLinesChunks(result), "application/x-ndjson"]);
  if (deps.outputDir !== undefined) {
    await makePrivateDir(deps.outputDir);
    const outputDir = deps.outputDir;
    for (const [file, chunks] of files) await writeChunks(join(outputDir, file), chunks());
  } else {
    for (const [file, chunks, contentType] of files) {
      await deps.blobStore.put(blobKeys.report(input.scanId, file), joined(chunks()), { contentType });
    }
  }
  return {
    files: files.map(([file]) => file),
    findings: result.findings.length,
    durationMs: Math.round(performance.now() - started),
  };
}

function joined(chunks: Iterable<string>): string {
  return [...chunks].join("");
}
