/**
 * findings.csv: one row per finding, safe to open in a spreadsheet. Every cell is neutralised
 * against formula injection, then quoted per RFC 4180. Written as chunks (one row each) so large
 * scans stream to a file.
 */

import { evidenceText } from "../functions/core/evidence-text.ts";
import { toIso } from "../functions/core/time.ts";
import type { ReportFinding, ScanResult } from "../functions/scan/contract/scan-result.ts";
import { csvRow } from "./csv-row.ts";
import { neutraliseFormula } from "./csv-safe.ts";

export const FINDINGS_CSV_HEADER = [
  "id",
  "rule",
  "severity",
  "source",
  "subject_type",
  "subject_id",
  "person_id",
  "title",
  "evidence",
  "controls",
  // Last, so sheets built on the earlier columns keep working: a waived finding is not an open one.
  "status",
  "first_seen_at",
] as const;

export function* findingsCsvChunks(result: Pick<ScanResult, "findings">): Generator<string> {
  yield csvRow(FINDINGS_CSV_HEADER);
  for (const finding of result.findings) yield csvRow(findingCells(finding));
}

export function renderFindingsCsv(result: Pick<ScanResult, "findings">): string {
  let out = "";
  for (const chunk of findingsCsvChunks(result)) out += chunk;
  return out;
}

function findingCells(finding: ReportFinding): string[] {
  return [
    finding.id,
    finding.rule,
    finding.severity,
    finding.sourceId,
    finding.subject.type,
    finding.subject.id,
    finding.personId ?? "",
    finding.title,
    evidenceText(finding.evidence),
    finding.controls.join("; "),
    finding.status ?? "",
    finding.firstSeenAt === undefined ? "" : toIso(finding.firstSeenAt),
  ].map(neutraliseFormula);
}
