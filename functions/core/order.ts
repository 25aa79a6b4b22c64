/** The sort orders the scan, its reports and the command share, so a list reads the same everywhere. */
import { type Finding, SEVERITY_RANK } from "./finding.ts";

/** Code-unit order, not locale order: the same strings sort the same way on every machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The one order of findings — the engine's output, findings.json and .csv, the report's tables,
 * the digests, `deprov tasks`: most severe first, then rule, source and subject; the id breaks the
 * remaining ties, so the order is total.
 */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    compareText(a.rule, b.rule) ||
    compareText(a.sourceId, b.sourceId) ||
    compareText(a.subject.type, b.subject.type) ||
    compareText(a.subject.id, b.subject.id) ||
    compareText(a.id, b.id)
  );
}
