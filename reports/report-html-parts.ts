/** Small HTML fragments every report section uses: severity badges, people, evidence, "… and N more". */
import type { EvidenceValue } from "../functions/core/finding.ts";
import { evidenceValueText } from "./evidence-text.ts";
import { formatCount, truncate } from "./format.ts";
import { type HtmlValue, html, joinHtml, SafeHtml } from "./html.ts";
import type { ReportLimits } from "./report-limits.ts";
import type { ReportFinding, ScanResult } from "./scan-result.ts";

export function severityBadge(severity: string): SafeHtml {
  return html`<span class="sev sev-${severity}">${severity}</span>`;
}

export function personLabel(personId: string | null, result: ScanResult): SafeHtml {
  if (personId === null) return html`<span class="muted">—</span>`;
  const name = result.people[personId]?.name;
  return name ? html`${name} <span class="muted">(${personId})</span>` : html`${personId}`;
}

/**
 * Facts that prove a finding — when, how late, what it costs — shown first when a rule records
 * them; the rule's other evidence follows in its own order. Presentation only: findings.csv has
 * every entry.
 */
const PROOF_FIRST = [
  "terminationDate",
  "disableDueAt",
  "hoursOverdue",
  "disabledAt",
  "hoursLate",
  "deleteDueAt",
  "returnDueAt",
  "daysOverdue",
  "lastLoginAt",
  "loginAfterTermination",
  "daysSinceLogin",
  "monthlyCost",
  "missing",
  "ticketId",
  "credentialIds",
  "groups",
  "roleChangedAt",
  "exportedAt",
  "ageDays",
];
const PROOF_FIRST_SET: ReadonlySet<string> = new Set(PROOF_FIRST);

/** A few telling evidence entries: no nulls, nothing that repeats the subject column. */
export function keyEvidence(finding: ReportFinding, limits: ReportLimits): SafeHtml {
  const { evidence } = finding;
  const shown: [string, EvidenceValue][] = [];
  const consider = (key: string): void => {
    const value = evidence[key];
    if (shown.length >= limits.evidenceEntries || value === undefined || !isTelling(value, finding)) return;
    shown.push([key, value]);
  };
  for (const key of PROOF_FIRST) consider(key);
  for (const key in evidence) if (!PROOF_FIRST_SET.has(key)) consider(key);
  return joinHtml(
    shown.map(
      ([key, value]) =>
        html`<span class="muted">${key}:</span> ${truncate(evidenceValueText(value), limits.evidenceChars)}`,
    ),
    "<br>",
  );
}

function isTelling(value: EvidenceValue, finding: ReportFinding): boolean {
  if (value === null || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  return value !== finding.subject.id;
}

export function subjectText(subject: { type: string; id: string }): string {
  return `${subject.type}: ${subject.id}`;
}

/** "… and N more — see findings.csv" under a capped list (`where` names the file that has them all). */
export function moreNotice(total: number, shown: number, where = "see findings.csv"): SafeHtml {
  return html`${shown < total && html`<p class="more">… and ${formatCount(total - shown)} more — ${where}</p>`}`;
}

export function listPreview(items: readonly string[], max: number): string {
  const shown = items.slice(0, max).join(", ");
  return items.length > max ? `${shown} and ${formatCount(items.length - max)} more` : shown;
}

/** "1 finding", "2 findings". */
export function plural(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? "" : "s"}`;
}

export interface Column {
  label: string;
  /** Right-aligned, no wrapping: counts and durations. */
  numeric?: boolean;
}

/** A cell with a class of its own (e.g. `status-failed`); most cells are just their content. */
export interface StyledCell {
  content: HtmlValue;
  className: string;
}

export type Cell = HtmlValue | StyledCell;

export interface Row {
  cells: readonly Cell[];
  className?: string;
}

/**
 * A table that scrolls sideways inside its own box on a narrow screen and, on a phone, stacks
 * each row into a card whose cells carry their column name (`data-label`), so the page body
 * never scrolls sideways.
 */
export function dataTable(columns: readonly Column[], rows: readonly (Row | readonly Cell[])[]): SafeHtml {
  const head = columns.map((c) => html`<th${c.numeric ? html` class="num"` : ""}>${c.label}</th>`);
  const body = rows.map((row) => {
    const { cells, className } = "cells" in row ? row : { cells: row, className: undefined };
    const tds = cells.map((cell, i) => {
      const column = columns[i];
      const content: HtmlValue = isStyled(cell) ? cell.content : cell;
      const classes = [column?.numeric ? "num" : "", isStyled(cell) ? cell.className : ""]
        .filter(Boolean)
        .join(" ");
      return html`<td${classes && html` class="${classes}"`} data-label="${column?.label ?? ""}">${content}</td>`;
    });
    return html`<tr${className && html` class="${className}"`}>${tds}</tr>`;
  });
  return html`<div class="table-wrap"><table class="stack"><thead><tr>${head}</tr></thead>
<tbody>${joinHtml(body, "\n")}</tbody></table></div>`;
}

function isStyled(cell: Cell): cell is StyledCell {
  return typeof cell === "object" && cell !== null && !(cell instanceof SafeHtml) && !Array.isArray(cell);
}
