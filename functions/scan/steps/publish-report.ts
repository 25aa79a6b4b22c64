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
import type { LeaverFacts } from "../../core/leaver-timeline.ts";
import { blobKeys } from "../blob-keys.ts";
import type { ScanDependencies } from "../scan-dependencies.ts";
import { loadResultFindings, type ScanMeta } from "./persist-findings.ts";
import { buildScanHistory, openBySeverity } from "./scan-history.ts";
import { getJson } from "./source-snapshot.ts";

export interface PublishReportInput {
  scanId: string;
}

export interface PublishReportOutput {
  reportKey: string;
  findings: number;
  /** Kept on the scan run for later reports' trend charts. */
  openBySeverity: Record<string, number>;
  outputDir?: string;
}

/** A persisted scan as the report renders it, with its history across scans. */
export async function loadScanResult(deps: ScanDependencies, scanId: string): Promise<ScanResult> {
  const [meta, leavers, run, findings, config] = await Promise.all([
    getJson<ScanMeta>(deps.blobStore, blobKeys.scanMeta(scanId)),
    getJson<LeaverFacts>(deps.blobStore, blobKeys.leavers(scanId)),
    deps.stateStore.getScanRun(scanId),
    loadResultFindings(deps, scanId),
    deps.loadConfig(),
  ]);
  if (!meta || !leavers || !run) throw new Error(`scan ${scanId}: its metadata is missing from the state`);
  const history = await buildScanHistory(deps, run, findings, leavers, config.policy);
  for (const timeline of history.timelines) {
    const name = meta.people[timeline.personId]?.name;
    if (name !== undefined) timeline.name = name;
  }
  return { ...meta, findings, history };
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
    openBySeverity: openBySeverity(result.findings),
    ...(deps.outputDir !== undefined ? { outputDir: deps.outputDir } : {}),
  };
}
