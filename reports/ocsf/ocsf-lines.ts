/**
 * findings.ocsf.jsonl: one OCSF Detection Finding per line (JSON Lines), the form SIEMs and
 * security data lakes bulk-load. Every open and waived finding of the scan, then every finding
 * this scan resolved (as a Close event), yielded one line at a time so a six-figure scan streams
 * to a file without an intermediate array.
 */
import type { ScanResult } from "../../functions/scan/contract/scan-result.ts";
import { ocsfContext, ocsfResolvedFinding } from "./ocsf-finding.ts";
import { ocsfJsonLineSerializer } from "./ocsf-json-line.ts";
import type { OcsfProduct } from "./ocsf-product.ts";

export const OCSF_LINES_FILE = "findings.ocsf.jsonl";

/** Each chunk is one event as JSON followed by "\n". */
export function* ocsfLinesChunks(result: ScanResult, product?: OcsfProduct): Generator<string> {
  const context = ocsfContext(result, product);
  const line = ocsfJsonLineSerializer(context);
  for (const finding of result.findings) yield `${line(finding)}\n`;
  for (const resolved of result.history?.resolved ?? []) {
    yield `${JSON.stringify(ocsfResolvedFinding(resolved, context))}\n`;
  }
}
