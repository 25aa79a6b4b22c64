/**
 * The per-manager digest: for each departed direct report, what is left to take over or reassign —
 * accounts still enabled or not deleted, data and jobs they own, devices to recover — with the
 * system and the id to quote to IT. Waived findings are accepted exceptions and are left out.
 * Roster text is escaped in the HTML and kept on one line in the subject.
 */

import type { ReportFinding, ScanResult } from "../../functions/scan/contract/scan-result.ts";
import { html, type SafeHtml } from "../../functions/shared/html.ts";
import { evidenceLineText, evidenceSentences } from "../evidence-sentences.ts";
import { formatCount, formatInstantShort, truncate } from "../format.ts";
import { plural } from "../report-html-parts.ts";
import { severityBadge } from "../severity-badge.ts";
import { code, emailDocument, emailTable, heading, muted, paragraph } from "./email-html.ts";
import { handoverAction, handoverItemDetail } from "./handover-action.ts";
import {
  type DepartedReport,
  FALLBACK_RECIPIENT_ID,
  HANDOVER_CATEGORIES,
  type HandoverCategory,
  type ManagerDigestGroup,
} from "./manager-digest-routing.ts";
import { oneLine } from "./one-line.ts";

export interface ManagerDigest {
  managerId: string;
  /** The recipients' addresses: the manager's, or the fallback recipients'. */
  to: string[];
  subject: string;
  text: string;
  html: string;
}

/** What a digest says about the scan it comes from. */
export type DigestScan = Pick<
  ScanResult,
  "organization" | "scanId" | "evaluatedAt" | "timezone" | "currency"
>;

export const MANAGER_DIGEST_LIMITS = {
  /** Items listed per departed report; a report with more says how many more. */
  itemsPerReport: 100,
  /** Departed reports listed in one digest (the fallback digest can gather many). */
  reportsPerDigest: 200,
  /** Facts of the evidence shown under each item (the most telling first), and characters each. */
  evidenceLines: 2,
  evidenceChars: 140,
  /** Names in the subject before "and N others". */
  namesInSubject: 2,
  detailChars: 120,
} as const;

const CATEGORY_TITLES: Record<HandoverCategory, string> = {
  accounts: "Accounts to take over, close or release",
  data: "Data and jobs they own, to reassign",
  devices: "Devices to recover",
  offboarding: "Offboarding record to complete",
};

/** When the scan ran, as every digest of it says it: computed once for a whole batch of digests. */
export function digestScanTime(scan: DigestScan): string {
  return formatInstantShort(scan.evaluatedAt, scan.timezone);
}

export function renderManagerDigest(
  group: ManagerDigestGroup,
  scan: DigestScan,
  when: string = digestScanTime(scan),
): ManagerDigest {
  return {
    managerId: group.managerId,
    to: group.to,
    subject: subjectOf(group, scan),
    text: renderText(group, scan, when),
    html: renderHtml(group, scan, when),
  };
}

/** `[deprov] Acme Corp: 4 items to take over or reassign from Dana Whitfield and Ravi Menon`. */
function subjectOf(group: ManagerDigestGroup, result: DigestScan): string {
  const total = group.reports.reduce((sum, report) => sum + report.total, 0);
  const who = nameList(group.reports.map(reportName));
  return oneLine(
    `[deprov] ${result.organization}: ${plural(total, "item")} to take over or reassign from ${who}`,
  );
}

/** `A`, `A and B`, `A, B and 3 others`. */
function nameList(names: readonly string[]): string {
  const shown = names.slice(0, MANAGER_DIGEST_LIMITS.namesInSubject);
  const others = names.length - shown.length;
  if (others > 0) return `${shown.join(", ")} and ${plural(others, "other")}`;
  return shown.length > 1 ? `${shown.slice(0, -1).join(", ")} and ${shown.at(-1)}` : shown.join("");
}

function reportName(report: DepartedReport): string {
  return report.person.name ?? `employee ${report.personId}`;
}

function reportHeading(report: DepartedReport): string {
  const { name, department, terminationDate } = report.person;
  const who = name ? `${name} (${report.personId})` : `Employee ${report.personId}`;
  const where = department ? `, ${department}` : "";
  const via = report.reportedTo === undefined ? "" : ` — reported to ${report.reportedTo}`;
  return `${who}${where} — last day ${terminationDate ?? "unknown"}${via}`;
}

function greeting(group: ManagerDigestGroup): string {
  return group.manager.name ? `Hello ${group.manager.name},` : "Hello,";
}

function introText(group: ManagerDigestGroup, result: DigestScan, when: string): string {
  const whose =
    group.managerId === FALLBACK_RECIPIENT_ID
      ? "people whom no manager on record can take over (no manager, or none up the chain with an address deprov may mail) still hold after leaving. Please find who decides for each of them"
      : "people who reported to you (or to a manager of your team who cannot receive this) still hold after leaving. As their manager, please decide what to take over or reassign";
  return (
    `The offboarding audit of ${result.organization} on ${when} found access, data and equipment that ${whose}, ` +
    "and ask IT to close the rest. Each item stays on this list until the systems show it done."
  );
}

function whyYou(group: ManagerDigestGroup): string {
  return group.managerId === FALLBACK_RECIPIENT_ID
    ? "You receive this as a compliance recipient of deprov's reports (report.to)."
    : "You receive this because the HR roster names you as their manager, or as the manager of their manager. If that is wrong, please tell HR.";
}

/** The reports a digest lists, at most `reportsPerDigest`. */
function shownReports(group: ManagerDigestGroup): DepartedReport[] {
  return group.reports.slice(0, MANAGER_DIGEST_LIMITS.reportsPerDigest);
}

function moreReportsText(group: ManagerDigestGroup): string | undefined {
  const more = group.reports.length - shownReports(group).length;
  return more > 0 ? `… and ${formatCount(more)} more people — the full list is in the report` : undefined;
}

/** The items shown for a report, at most `itemsPerReport`, in category order. */
function shownItems(report: DepartedReport): [HandoverCategory, ReportFinding[]][] {
  let left: number = MANAGER_DIGEST_LIMITS.itemsPerReport;
  const shown: [HandoverCategory, ReportFinding[]][] = [];
  for (const category of HANDOVER_CATEGORIES) {
    const items = report.items[category].slice(0, Math.max(0, left));
    left -= items.length;
    if (items.length > 0) shown.push([category, items]);
  }
  return shown;
}

function moreText(report: DepartedReport): string | undefined {
  const more = report.total - Math.min(report.total, MANAGER_DIGEST_LIMITS.itemsPerReport);
  return more > 0 ? `… and ${formatCount(more)} more items — IT has the full list` : undefined;
}

function itemText(finding: ReportFinding): string {
  return oneLine(truncate(handoverItemDetail(finding), MANAGER_DIGEST_LIMITS.detailChars));
}

/**
 * Why the item is listed, in words: `Overdue: 492 days; disable was due 2 Aug 2025, 00:00 EDT`. The
 * background (who left, the item's names, its cost) is in the heading, the row and the action.
 */
function evidenceTexts(finding: ReportFinding, result: DigestScan): string[] {
  return evidenceSentences(finding, result)
    .filter((line) => line.background === undefined)
    .slice(0, MANAGER_DIGEST_LIMITS.evidenceLines)
    .map((line) => oneLine(truncate(evidenceLineText(line), MANAGER_DIGEST_LIMITS.evidenceChars)));
}

// ---------------------------------------------------------------------------------------------
// Plain text

function renderText(group: ManagerDigestGroup, result: DigestScan, when: string): string {
  const lines: string[] = [oneLine(greeting(group)), "", introText(group, result, when), ""];
  for (const report of shownReports(group)) {
    lines.push(oneLine(reportHeading(report)), "");
    for (const [category, items] of shownItems(report)) {
      lines.push(`  ${CATEGORY_TITLES[category]}:`);
      for (const finding of items) {
        const detail = itemText(finding);
        lines.push(
          `  - ${finding.sourceId}: ${oneLine(finding.subject.id)}${detail && ` (${detail})`} [${finding.severity}]`,
          `    ${oneLine(handoverAction(finding, result.currency))}`,
          ...evidenceTexts(finding, result).map((text) => `    ${text}`),
        );
      }
      lines.push("");
    }
    const more = moreText(report);
    if (more !== undefined) lines.push(`  ${more}`, "");
  }
  const moreReports = moreReportsText(group);
  if (moreReports !== undefined) lines.push(moreReports, "");
  lines.push(whyYou(group), `Sent by deprov for ${oneLine(result.organization)}, scan ${result.scanId}.`, "");
  return lines.join("\n");
}

// ---------------------------------------------------------------------------------------------
// HTML

function renderHtml(group: ManagerDigestGroup, result: DigestScan, when: string): string {
  const title = `Offboarding follow-up — ${result.organization}`;
  const moreReports = moreReportsText(group);
  return emailDocument(
    title,
    html`${heading(title, 1)}
${paragraph(greeting(group))}
${paragraph(introText(group, result, when))}
${shownReports(group).map((report) => reportHtml(report, result))}${moreReports !== undefined && paragraph(html`<em>${moreReports}</em>`, true)}
${paragraph(whyYou(group), true)}
${paragraph(html`Sent by deprov for ${result.organization}, scan ${code(result.scanId)}.`, true)}`,
  );
}

function reportHtml(report: DepartedReport, result: DigestScan): SafeHtml {
  const more = moreText(report);
  return html`${heading(reportHeading(report))}
${shownItems(report).map(
  ([category, items]) => html`${heading(CATEGORY_TITLES[category], 3)}
${emailTable(
  ["System", "Item", "What to do", "Severity"],
  items.map((finding) => [
    finding.sourceId,
    itemHtml(finding),
    actionHtml(finding, result),
    severityBadge(finding.severity, "inline"),
  ]),
)}`,
)}${more !== undefined && paragraph(html`<em>${more}</em>`, true)}`;
}

function actionHtml(finding: ReportFinding, result: DigestScan): SafeHtml {
  const evidence = evidenceTexts(finding, result);
  return html`${handoverAction(finding, result.currency)}${evidence.map((text) => html`<br>${muted(text)}`)}`;
}

function itemHtml(finding: ReportFinding): SafeHtml {
  const detail = truncate(handoverItemDetail(finding), MANAGER_DIGEST_LIMITS.detailChars);
  return html`${code(finding.subject.id)}${detail && html`<br>${muted(detail)}`}`;
}
