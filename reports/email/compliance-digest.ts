/**
 * The compliance officers' email after a scan (SPEC §6): the headline numbers, what is new and
 * what was resolved since the last scan, and — first, because it changes how to read the rest —
 * which sources failed and which rules could not be evaluated. Short by design: the attached
 * findings.csv and the full report hold everything. HTML and plain text say the same.
 */

import { SEVERITIES } from "../../functions/core/finding.ts";
import type {
  ReportFinding,
  ResolvedFinding,
  ScanHistory,
  ScanResult,
  SourceSummary,
  VanishedDepartureSummary,
} from "../../functions/scan/contract/scan-result.ts";
import { type HtmlValue, html, type SafeHtml } from "../../functions/shared/html.ts";
import { evidenceLineText, evidenceSentences } from "../evidence-sentences.ts";
import {
  formatCount,
  formatInstantInZone,
  formatInstantShort,
  formatMoney,
  formatPercent,
  truncate,
} from "../format.ts";
import { type NotEvaluatedGroup, notEvaluatedGroups } from "../not-evaluated-groups.ts";
import { type ChangeSummary, summariseChanges } from "../report-changes.ts";
import { plural } from "../report-html-parts.ts";
import { type ReportSummary, summariseScan } from "../report-summary.ts";
import { severityBadge } from "../severity-badge.ts";
import {
  alertBox,
  code,
  emailDocument,
  emailTable,
  factTable,
  heading,
  linkOrCode,
  muted,
  paragraph,
} from "./email-html.ts";
import type { RenderedEmail } from "./guard-rail-alert.ts";
import { oneLine } from "./one-line.ts";

export interface ComplianceDigestOptions {
  /** Where the full report lives (`s3://…`, `file://…` or a web link). */
  reportLink?: string;
  /** File name of the attached findings CSV; absent when the CSV is not attached. */
  csvAttachment?: string;
}

/** How much the email lists; the CSV has every finding. */
export const COMPLIANCE_DIGEST_LIMITS = {
  newFindings: 20,
  resolvedFindings: 10,
  notEvaluated: 20,
  titleChars: 140,
  reasonChars: 240,
  /** Facts of each new finding's evidence (most telling first), and characters each. */
  evidenceLines: 3,
  evidenceChars: 140,
} as const;

/** Counting only: the digest lists no findings per rule or per leaver. */
const COUNTS_ONLY = { findingsPerRule: 0, leavers: 0, findingsPerLeaver: 0 };

interface DigestFacts {
  result: ScanResult;
  summary: ReportSummary;
  history: ScanHistory | undefined;
  changes: ChangeSummary | undefined;
  failedSources: SourceSummary[];
  /** Read, but with counts that make them untrustworthy as to what is gone (SPEC §5). */
  suspectSources: SourceSummary[];
  /** Leavers whose departure the roster no longer shows: their findings were held, unless accepted. */
  vanished: VanishedDepartureSummary | undefined;
  crashedRules: string[];
  when: string;
  options: ComplianceDigestOptions;
}

export function renderComplianceDigest(
  result: ScanResult,
  options: ComplianceDigestOptions = {},
): RenderedEmail {
  const { history } = result;
  const facts: DigestFacts = {
    result,
    summary: summariseScan(result, COUNTS_ONLY),
    history,
    changes:
      history === undefined
        ? undefined
        : summariseChanges(result.findings, history, COMPLIANCE_DIGEST_LIMITS.newFindings),
    failedSources: result.sources.filter((source) => source.status === "failed"),
    suspectSources: result.sources.filter((source) => source.status === "suspect"),
    vanished: result.vanishedDepartures,
    crashedRules: [...new Set(result.ruleErrors.map((error) => error.rule))],
    when: formatInstantInZone(result.evaluatedAt, result.timezone),
    options,
  };
  return { subject: subjectOf(facts), text: renderText(facts), html: renderHtml(facts) };
}

/** `[deprov] Acme Corp: 3 critical, 12 high open — 5 new, 2 resolved — 1 source failed`. */
function subjectOf(facts: DigestFacts): string {
  const { summary, changes, failedSources, suspectSources } = facts;
  let subject = `[deprov] ${facts.result.organization}: ${formatCount(summary.bySeverity.critical)} critical, ${formatCount(summary.bySeverity.high)} high open`;
  if (changes !== undefined) {
    subject += ` — ${formatCount(changes.newCount)} new, ${formatCount(changes.resolvedCount)} resolved`;
    if (changes.reopenedCount > 0) subject += `, ${formatCount(changes.reopenedCount)} reopened`;
    if (changes.waiverExpiredCount > 0)
      subject += `, ${formatCount(changes.waiverExpiredCount)} waiver-expired`;
  }
  if (failedSources.length > 0) subject += ` — ${plural(failedSources.length, "source")} failed`;
  if (suspectSources.length > 0) subject += ` — ${plural(suspectSources.length, "source")} suspect`;
  return oneLine(subject);
}

// ---------------------------------------------------------------------------------------------
// Shared wording, so both parts say the same thing.

const FAILED_SOURCES_MEANING =
  "Rules were not evaluated on them, and findings that depend on them could not be resolved: they stay open until a scan reads the source again.";
const SUSPECT_SOURCES_MEANING =
  "They returned far fewer records than their last successful collection, or rejected too many: their records were used, but no finding they feed was resolved and none of their tasks was closed. Accept a real change once with `deprov scan --accept-source-change SOURCE --by WHO --reason TEXT`.";
const VANISHED_DEPARTURES_MEANING =
  "A row or date missing from an export is not evidence of a fix: none of their findings was resolved.";
const CRASHED_RULES_MEANING = "Their findings are missing from this scan.";
const NO_HISTORY =
  "New, resolved and SLA compliance come from the scan history, which this scan did not have (it ran without persisted state).";

function headlineFacts(facts: DigestFacts): [label: string, value: string, severity?: string][] {
  const { summary, history, changes } = facts;
  const notAvailable = "—";
  return [
    ["Open findings", formatCount(summary.total)],
    ...SEVERITIES.map((s): [string, string, string] => [s, formatCount(summary.bySeverity[s]), s]),
    ["New since the last scan", changes ? formatCount(changes.newCount) : notAvailable],
    ["Resolved since the last scan", changes ? formatCount(changes.resolvedCount) : notAvailable],
    // The rarer transitions only on nights that have them (the CLI counts them apart from new).
    ...againFacts("Reopened since the last scan", changes?.reopenedCount),
    ...againFacts("Waivers expired since the last scan", changes?.waiverExpiredCount),
    ...againFacts("Waived since the last scan", changes?.waivedCount),
    ["Offboarding SLA compliance", slaText(history)],
    ["Monthly license waste", formatMoney(summary.monthlyLicenseWaste, facts.result.currency)],
    ["Devices outstanding", formatCount(summary.devicesOutstanding)],
    ["Waived (accepted exceptions)", formatCount(summary.waived)],
  ];
}

function slaText(history: ScanHistory | undefined): string {
  const sla = history?.sla;
  if (sla === undefined) return "—";
  if (sla.compliancePercent === null)
    return `— (no departures in the last ${plural(sla.lookbackDays, "day")})`;
  return `${formatPercent(sla.compliancePercent)} (${formatCount(sla.withinSla)} of ${plural(sla.departures, "leaver")} disabled within ${formatCount(sla.disableWithinHours)} h)`;
}

/** `Findings of 3 leavers kept open:` and why, or who accepted the roster's change. */
function vanishedHeadline(vanished: VanishedDepartureSummary): [lead: string, rest: string] {
  const leavers = plural(vanished.removed + vanished.undated, "leaver");
  if (vanished.accepted !== null) {
    return [
      `${leavers} of the last scan no longer shown as departed by ${vanished.sourceId}:`,
      oneLine(
        `accepted by ${vanished.accepted.by} (${JSON.stringify(vanished.accepted.reason)}), so their findings could resolve.`,
      ),
    ];
  }
  return [
    `Findings of ${leavers} kept open:`,
    `the roster (${vanished.sourceId}) no longer shows the departure the last scan read. ${VANISHED_DEPARTURES_MEANING}`,
  ];
}

function suspectReasons(source: SourceSummary): string {
  return oneLine(truncate((source.suspect?.reasons ?? []).join("; "), COMPLIANCE_DIGEST_LIMITS.reasonChars));
}

function sourceFailure(source: SourceSummary): string {
  const reason = source.errors[0];
  return reason === undefined ? "" : oneLine(truncate(reason, COMPLIANCE_DIGEST_LIMITS.reasonChars));
}

function personText(personId: string | null, result: ScanResult): string {
  if (personId === null) return "—";
  const name = result.people[personId]?.name;
  return name ? oneLine(`${name} (${personId})`) : personId;
}

function subjectText(subject: { type: string; id: string }): string {
  return oneLine(`${subject.type} ${subject.id}`);
}

function titleText(finding: ReportFinding): string {
  return oneLine(truncate(finding.title, COMPLIANCE_DIGEST_LIMITS.titleChars));
}

/** The finding's proof in words: `Overdue: 492 days; disable was due 2 Aug 2025, 00:00 EDT`. */
function evidenceTexts(finding: ReportFinding, result: ScanResult): string[] {
  return evidenceSentences(finding, result)
    .slice(0, COMPLIANCE_DIGEST_LIMITS.evidenceLines)
    .map((line) => oneLine(truncate(evidenceLineText(line), COMPLIANCE_DIGEST_LIMITS.evidenceChars)));
}

function shownNotEvaluated(result: ScanResult): NotEvaluatedGroup[] {
  return notEvaluatedGroups(result.notEvaluated).slice(0, COMPLIANCE_DIGEST_LIMITS.notEvaluated);
}

function notEvaluatedTotal(result: ScanResult): number {
  return notEvaluatedGroups(result.notEvaluated).length;
}

function resolvedShown(changes: ChangeSummary): ResolvedFinding[] {
  return changes.resolvedTop.slice(0, COMPLIANCE_DIGEST_LIMITS.resolvedFindings);
}

function moreText(total: number, shown: number, where = "see findings.csv"): string | undefined {
  return shown < total ? `… and ${formatCount(total - shown)} more — ${where}` : undefined;
}

function pointerLines(options: ComplianceDigestOptions): string[] {
  const lines = [
    options.csvAttachment !== undefined
      ? `Every finding is in the attached ${options.csvAttachment}.`
      : "Every finding is in findings.csv, next to the full report.",
  ];
  if (options.reportLink !== undefined) lines.push(`The full report: ${options.reportLink}`);
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Plain text

function renderText(facts: DigestFacts): string {
  const { result, changes } = facts;
  const lines: string[] = [
    oneLine(`Deprovisioning audit — ${result.organization}`),
    `Scan ${result.scanId}, evaluated ${facts.when}`,
    "",
    ...coverageText(facts),
    "SUMMARY",
    ...headlineFacts(facts).map(
      ([label, value, severity]) => `${severity ? "    " : "  "}${label}: ${value}`,
    ),
  ];
  if (facts.history === undefined) lines.push(`  (${NO_HISTORY})`);
  lines.push("");
  if (changes !== undefined) lines.push(...changesText(changes, result));
  lines.push(...pointerLines(facts.options), "");
  return lines.join("\n");
}

function coverageText(facts: DigestFacts): string[] {
  const { result, failedSources, suspectSources, crashedRules } = facts;
  const lines: string[] = [];
  if (failedSources.length > 0) {
    lines.push(`!! ${plural(failedSources.length, "source")} FAILED. ${FAILED_SOURCES_MEANING}`);
    for (const source of failedSources) {
      const reason = sourceFailure(source);
      lines.push(`   - ${source.id} (${source.kind}, ${source.format})${reason && `: ${reason}`}`);
    }
    lines.push("");
  }
  if (suspectSources.length > 0) {
    lines.push(`!! ${plural(suspectSources.length, "source")} SUSPECT. ${SUSPECT_SOURCES_MEANING}`);
    for (const source of suspectSources) {
      lines.push(`   - ${source.id} (${source.kind}, ${source.format}): ${suspectReasons(source)}`);
    }
    lines.push("");
  }
  if (facts.vanished !== undefined) {
    lines.push(
      `${facts.vanished.accepted === null ? "!! " : ""}${vanishedHeadline(facts.vanished).join(" ")}`,
    );
    for (const warning of facts.vanished.warnings) lines.push(`   - ${oneLine(warning)}`);
    lines.push("");
  }
  if (crashedRules.length > 0) {
    lines.push(
      `!! ${plural(crashedRules.length, "rule")} failed to run: ${crashedRules.join(", ")}. ${CRASHED_RULES_MEANING}`,
      "",
    );
  }
  if (result.notEvaluated.length > 0) {
    lines.push(`RULES NOT EVALUATED (${formatCount(result.notEvaluated.length)})`);
    for (const group of shownNotEvaluated(result)) {
      lines.push(`  - ${group.rule} on ${group.sourceIds.join(", ")}: ${oneLine(group.reason)}`);
    }
    const more = moreText(notEvaluatedTotal(result), shownNotEvaluated(result).length, "see the full report");
    if (more !== undefined) lines.push(`  ${more}`);
    lines.push("");
  }
  return lines;
}

function againFacts(label: string, count: number | undefined): [string, string][] {
  return count === undefined || count === 0 ? [] : [[label, formatCount(count)]];
}

/** The reopened and waiver-expired groups, each only when it has findings. */
function againGroups(changes: ChangeSummary): { title: string; count: number; top: ReportFinding[] }[] {
  return [
    { title: "Reopened findings", count: changes.reopenedCount, top: changes.reopenedTop },
    { title: "Waivers expired", count: changes.waiverExpiredCount, top: changes.waiverExpiredTop },
  ].filter((group) => group.count > 0);
}

function findingLines(finding: ReportFinding, result: ScanResult): string[] {
  return [
    `  - [${finding.severity}] ${finding.rule} · ${finding.sourceId} · ${subjectText(finding.subject)} · ${personText(finding.personId, result)}`,
    `    ${titleText(finding)}`,
    ...evidenceTexts(finding, result).map((text) => `      ${text}`),
  ];
}

function changesText(changes: ChangeSummary, result: ScanResult): string[] {
  const lines: string[] = [`NEW FINDINGS (${formatCount(changes.newCount)}, most severe first)`];
  if (changes.newCount === 0) lines.push("  No new findings.");
  for (const finding of changes.newTop) lines.push(...findingLines(finding, result));
  const moreNew = moreText(changes.newCount, changes.newTop.length);
  if (moreNew !== undefined) lines.push(`  ${moreNew}`);
  for (const group of againGroups(changes)) {
    lines.push("", `${group.title.toUpperCase()} (${formatCount(group.count)})`);
    for (const finding of group.top) lines.push(...findingLines(finding, result));
    const more = moreText(group.count, group.top.length);
    if (more !== undefined) lines.push(`  ${more}`);
  }
  lines.push("", `RESOLVED (${formatCount(changes.resolvedCount)})`);
  if (changes.resolvedCount === 0) lines.push("  No findings were resolved.");
  const resolved = resolvedShown(changes);
  for (const finding of resolved) {
    lines.push(
      `  - [${finding.severity}] ${finding.rule} · ${finding.sourceId} · ${subjectText(finding.subject)} · ${personText(finding.personId, result)} · resolved ${formatInstantShort(finding.resolvedAt, result.timezone)}`,
    );
  }
  const moreResolved = moreText(
    changes.resolvedCount,
    resolved.length,
    "the audit trail records every resolution",
  );
  if (moreResolved !== undefined) lines.push(`  ${moreResolved}`);
  lines.push("");
  return lines;
}

// ---------------------------------------------------------------------------------------------
// HTML

function renderHtml(facts: DigestFacts): string {
  const { result, changes } = facts;
  const title = `Deprovisioning audit — ${result.organization}`;
  return emailDocument(
    title,
    html`${heading(title, 1)}
${paragraph(html`Scan ${code(result.scanId)}, evaluated ${facts.when}`, true)}
${coverageHtml(facts)}
${heading("Summary")}
${factTable(headlineFacts(facts).map(([label, value, severity]): [HtmlValue, HtmlValue] => [severity !== undefined ? severityBadge(severity, "inline") : label, value]))}
${facts.history === undefined && paragraph(NO_HISTORY, true)}
${changes !== undefined && changesHtml(changes, result)}
${heading("Full details")}
${pointerHtml(facts.options)}
${paragraph(`Sent by deprov for ${result.organization}. Names, ids and reasons are shown as the source systems recorded them.`, true)}`,
  );
}

function coverageHtml(facts: DigestFacts): SafeHtml {
  const { result, failedSources, suspectSources, crashedRules } = facts;
  const notEvaluated = shownNotEvaluated(result);
  return html`${
    failedSources.length > 0 &&
    alertBox(
      "danger",
      html`<strong>${plural(failedSources.length, "source")} failed.</strong> ${FAILED_SOURCES_MEANING}
<ul style="margin:6px 0 0;padding-left:20px">${failedSources.map(
        (source) =>
          html`<li><strong>${source.id}</strong> (${source.kind}, ${source.format})${sourceFailure(source) && html`: ${sourceFailure(source)}`}</li>`,
      )}</ul>`,
    )
  }${
    suspectSources.length > 0 &&
    alertBox(
      "danger",
      html`<strong>${plural(suspectSources.length, "source")} suspect.</strong> ${SUSPECT_SOURCES_MEANING}
<ul style="margin:6px 0 0;padding-left:20px">${suspectSources.map(
        (source) =>
          html`<li><strong>${source.id}</strong> (${source.kind}, ${source.format}): ${suspectReasons(source)}</li>`,
      )}</ul>`,
    )
  }${
    facts.vanished !== undefined &&
    alertBox(
      facts.vanished.accepted === null ? "danger" : "warn",
      html`<strong>${vanishedHeadline(facts.vanished)[0]}</strong> ${vanishedHeadline(facts.vanished)[1]}
<ul style="margin:6px 0 0;padding-left:20px">${facts.vanished.warnings.map((warning) => html`<li>${oneLine(warning)}</li>`)}</ul>`,
    )
  }${
    crashedRules.length > 0 &&
    alertBox(
      "danger",
      html`<strong>${plural(crashedRules.length, "rule")} failed to run:</strong> ${crashedRules.map((rule, i) => html`${i > 0 && ", "}${code(rule)}`)}. ${CRASHED_RULES_MEANING}`,
    )
  }${
    result.notEvaluated.length > 0 &&
    alertBox(
      "warn",
      html`<strong>Rules not evaluated (${formatCount(result.notEvaluated.length)})</strong> — these rules did not run on these sources, so they can neither raise nor resolve findings there.
${emailTable(
  ["Rule", "Sources", "Why"],
  notEvaluated.map((group) => [code(group.rule), group.sourceIds.join(", "), group.reason]),
)}${moreHtml(notEvaluatedTotal(result), notEvaluated.length, "see the full report")}`,
    )
  }`;
}

function changesHtml(changes: ChangeSummary, result: ScanResult): SafeHtml {
  const resolved = resolvedShown(changes);
  return html`${heading(`New findings — ${formatCount(changes.newCount)}`)}
${
  changes.newCount === 0
    ? paragraph("No new findings.")
    : html`${paragraph("Most severe first.", true)}${findingsTable(changes.newTop, result)}`
}${moreHtml(changes.newCount, changes.newTop.length)}
${againGroups(changes).map(
  (group) => html`${heading(`${group.title} — ${formatCount(group.count)}`)}
${findingsTable(group.top, result)}${moreHtml(group.count, group.top.length)}`,
)}
${heading(`Resolved since the last scan — ${formatCount(changes.resolvedCount)}`)}
${
  changes.resolvedCount === 0
    ? paragraph("No findings were resolved.")
    : emailTable(
        ["Severity", "Rule", "System", "Subject", "Person", "Resolved"],
        resolved.map((finding) => [
          severityBadge(finding.severity, "inline"),
          code(finding.rule),
          finding.sourceId,
          subjectHtml(finding.subject),
          personHtml(finding.personId, result),
          formatInstantShort(finding.resolvedAt, result.timezone),
        ]),
      )
}${moreHtml(changes.resolvedCount, resolved.length, "the audit trail records every resolution")}`;
}

function findingsTable(findings: readonly ReportFinding[], result: ScanResult): SafeHtml {
  return emailTable(
    ["Severity", "Rule", "System", "Subject", "Person", "Finding"],
    findings.map((finding) => [
      severityBadge(finding.severity, "inline"),
      code(finding.rule),
      finding.sourceId,
      subjectHtml(finding.subject),
      personHtml(finding.personId, result),
      findingHtml(finding, result),
    ]),
  );
}

/** The title, and under it the evidence in words. */
function findingHtml(finding: ReportFinding, result: ScanResult): SafeHtml {
  return html`${truncate(finding.title, COMPLIANCE_DIGEST_LIMITS.titleChars)}${evidenceTexts(finding, result).map((text) => html`<br>${muted(text)}`)}`;
}

function subjectHtml(subject: { type: string; id: string }): SafeHtml {
  return html`${muted(subject.type)} ${code(subject.id)}`;
}

function personHtml(personId: string | null, result: ScanResult): SafeHtml {
  if (personId === null) return muted("—");
  const name = result.people[personId]?.name;
  return name ? html`${name} ${muted(`(${personId})`)}` : html`${personId}`;
}

function moreHtml(total: number, shown: number, where?: string): SafeHtml | undefined {
  const more = moreText(total, shown, where);
  return more === undefined ? undefined : paragraph(html`<em>${more}</em>`, true);
}

function pointerHtml(options: ComplianceDigestOptions): SafeHtml {
  return html`${paragraph(
    options.csvAttachment !== undefined
      ? html`Every finding is in the attached ${code(options.csvAttachment)}.`
      : html`Every finding is in ${code("findings.csv")}, next to the full report.`,
  )}${options.reportLink !== undefined && paragraph(html`The full report: ${linkOrCode(options.reportLink)}`)}`;
}
