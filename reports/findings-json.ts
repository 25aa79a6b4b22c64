import { toIso } from "../functions/core/time.ts";
import type { ReportFinding, ScanResult, SourceSummary } from "../functions/scan/contract/scan-result.ts";

/** The document's chunks in order; their concatenation is valid JSON ending in a newline. */
export function* findingsJsonChunks(result: ScanResult): Generator<string> {
  const head = {
    schemaVersion: result.schemaVersion,
    scanId: result.scanId,
    organization: result.organization,
    evaluatedAt: result.evaluatedAt,
  };
  // Reuse JSON.stringify for the header fields, dropping its closing brace to continue the object.
  yield `${JSON.stringify(head).slice(0, -1)},\n`;
  yield `"sources":[${result.sources.map((s) => JSON.stringify(sourceJson(s))).join(",\n")}],\n`;
  yield `"findings":[\n`;
  const last = result.findings.length - 1;
  for (let i = 0; i <= last; i++) {
    const finding = result.findings[i];
    if (finding === undefined) continue;
    yield `${JSON.stringify(findingJson(finding))}${i < last ? ",\n" : "\n"}`;
  }
  yield `],\n`;
  yield `"notEvaluated":${JSON.stringify(result.notEvaluated.map((n) => ({ rule: n.rule, sourceId: n.sourceId, reason: n.reason })))},\n`;
  yield `"ruleErrors":${JSON.stringify(result.ruleErrors.map((e) => ({ rule: e.rule, message: e.message })))}\n`;
  yield "}\n";
}

export function renderFindingsJson(result: ScanResult): string {
  let out = "";
  for (const chunk of findingsJsonChunks(result)) out += chunk;
  return out;
}

/**
 * The SPEC §6 source fields (no timings), in a fixed order, plus two that schemaVersion 1 gained:
 * `warnings` (records kept with a dropped field, an unknown status word…) and `suspect` (the
 * counts that made the source suspect, SPEC §5, and whether the change was accepted; else null).
 */
function sourceJson(source: SourceSummary) {
  return {
    id: source.id,
    kind: source.kind,
    format: source.format,
    status: source.status,
    records: source.records,
    rejected: source.rejected,
    errors: source.errors,
    warnings: source.warnings ?? [],
    suspect: source.suspect ?? null,
  };
}

/** A fixed key order keeps the file diffable between scans and drops any extra runtime properties. */
function findingJson(finding: ReportFinding) {
  return {
    id: finding.id,
    rule: finding.rule,
    severity: finding.severity,
    sourceId: finding.sourceId,
    subject: { type: finding.subject.type, id: finding.subject.id },
    personId: finding.personId,
    title: finding.title,
    evidence: finding.evidence,
    controls: finding.controls,
    dependsOn: finding.dependsOn,
    // The lifecycle, when the finding has one: a waived finding is not an open one.
    ...(finding.status === undefined ? {} : { status: finding.status }),
    ...(finding.firstSeenAt === undefined ? {} : { firstSeenAt: toIso(finding.firstSeenAt) }),
  };
}
