/**
 * ReportAndEmail: renders findings.json, findings.csv and report.html from the persisted scan and
 * stores them (S3 in AWS; locally also the --out folder). Rendering is deterministic, so a
 * retried step rewrites the same files.
 */
import { findingsCsvChunks } from "../../../reports/findings-csv.ts";
import { findingsJsonChunks } from "../../../reports/findings-json.ts";
import { renderReportHtml } from "../../../reports/report-html.ts";
import type { ScanResult } from "../../../reports/scan-result.ts";
import { OUTPUT_FILES, writeScanOutputs } from "../../../reports/write-outputs.ts";
import { blobKeys } from "../blob-keys.ts";
import type { ScanDependencies } from "../scan-dependencies.ts";
import { loadResultFindings, type ScanMeta } from "./persist-findings.ts";
import { getJson } from "./source-snapshot.ts";

export interface PublishReportInput {
  scanId: string;
}

export interface PublishReportOutput {
  reportKey: string;
  findings: number;
  outputDir?: string;
}

export async function loadScanResult(deps: ScanDependencies, scanId: string): Promise<ScanResult> {
  const meta = await getJson<ScanMeta>(deps.blobStore, blobKeys.scanMeta(scanId));
  if (!meta) throw new Error(`scan ${scanId}: scan metadata blob is missing`);
  return { ...meta, findings: await loadResultFindings(deps, scanId) };
}

export async function publishReport(
  deps: ScanDependencies,
  input: PublishReportInput,
): Promise<PublishReportOutput> {
  const result = await loadScanResult(deps, input.scanId);
  if (deps.outputDir !== undefined) {
    // Locally the files land in --out (streamed), and the report is also kept with the scan.
    await writeScanOutputs(result, deps.outputDir);
    await deps.blobStore.put(blobKeys.report(input.scanId, OUTPUT_FILES.html), renderReportHtml(result), {
      contentType: "text/html",
    });
  } else {
    await deps.blobStore.put(
      blobKeys.report(input.scanId, OUTPUT_FILES.json),
      [...findingsJsonChunks(result)].join(""),
      {
        contentType: "application/json",
      },
    );
    await deps.blobStore.put(
      blobKeys.report(input.scanId, OUTPUT_FILES.csv),
      [...findingsCsvChunks(result)].join(""),
      {
        contentType: "text/csv",
      },
    );
    await deps.blobStore.put(blobKeys.report(input.scanId, OUTPUT_FILES.html), renderReportHtml(result), {
      contentType: "text/html",
    });
  }
  return {
    reportKey: blobKeys.report(input.scanId, OUTPUT_FILES.html),
    findings: result.findings.length,
    ...(deps.outputDir !== undefined ? { outputDir: deps.outputDir } : {}),
  };
}
