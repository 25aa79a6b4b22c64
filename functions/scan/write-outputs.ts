/**
 * Writes a scan's outputs to the output folder (SPEC §6): findings.json, findings.csv,
 * report.html. The two finding lists are streamed in chunks so a 200k-finding scan never holds
 * a second full copy in memory.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { findingsCsvChunks } from "../../reports/findings-csv.ts";
import { findingsJsonChunks } from "../../reports/findings-json.ts";
import { renderReportHtml } from "../../reports/report-html.ts";
import type { ScanResult } from "../../reports/scan-result.ts";

export interface WrittenOutputs {
  findingsJson: string;
  findingsCsv: string;
  reportHtml: string;
}

export function writeOutputs(result: ScanResult, outDir: string): WrittenOutputs {
  mkdirSync(outDir, { recursive: true });
  const outputs: WrittenOutputs = {
    findingsJson: join(outDir, "findings.json"),
    findingsCsv: join(outDir, "findings.csv"),
    reportHtml: join(outDir, "report.html"),
  };
  writeChunks(outputs.findingsJson, findingsJsonChunks(result));
  writeChunks(outputs.findingsCsv, findingsCsvChunks(result));
  writeFileSync(outputs.reportHtml, renderReportHtml(result));
  return outputs;
}

/** Batches small chunks into ~1 MB writes: one syscall per finding would dominate the run. */
function writeChunks(file: string, chunks: Iterable<string>): void {
  const fd = openSync(file, "w");
  try {
    let buffer = "";
    for (const chunk of chunks) {
      buffer += chunk;
      if (buffer.length >= 1 << 20) {
        writeSync(fd, buffer);
        buffer = "";
      }
    }
    if (buffer.length > 0) writeSync(fd, buffer);
  } finally {
    closeSync(fd);
  }
}
