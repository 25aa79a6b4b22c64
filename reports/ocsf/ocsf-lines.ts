/**
 * findings.ocsf.jsonl: one OCSF Detection Finding per line (JSON Lines), the form SIEMs and
 * security data lakes bulk-load. Every open and waived finding of the scan, then every finding
 * this scan resolved (as a Close event), yielded one line at a time so a six-figure scan streams
 * to a file without an intermediate array.
 */

import { type OcsfLineSerializer, ocsfJsonLineSerializer } from "../../functions/fast/ocsf-json-line.ts";
import type { ScanResult } from "../../functions/scan/contract/scan-result.ts";
import { type OcsfContext, ocsfContext, ocsfDetectionFinding, ocsfResolvedFinding } from "./ocsf-finding.ts";
import type { OcsfProduct } from "./ocsf-product.ts";

export const OCSF_LINES_FILE = "findings.ocsf.jsonl";

/** The plain reference: JSON.stringify of each mapped event. */
export function plainOcsfLineSerializer(context: OcsfContext): OcsfLineSerializer {
  return (finding) => JSON.stringify(ocsfDetectionFinding(finding, context));
}

/** Fast path (ADR 0011): `plainOcsfLineSerializer` writes the same lines. */
const lineSerializer: (context: OcsfContext) => OcsfLineSerializer = ocsfJsonLineSerializer;

/** Each chunk is one event as JSON followed by "\n". */
export function* ocsfLinesChunks(result: ScanResult, product?: OcsfProduct): Generator<string> {
  const context = ocsfContext(result, product);
  const line = lineSerializer(context);
  for (const finding of result.findings) yield `${line(finding)}\n`;
  for (const resolved of result.history?.resolved ?? []) {
    yield `${JSON.stringify(ocsfResolvedFinding(resolved, context))}\n`;
  }
}
