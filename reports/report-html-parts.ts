/** Small HTML fragments every report section uses: severity badges, people, evidence, "… and N more". */

import type { ReportFinding, ScanResult } from "../functions/scan/contract/scan-result.ts";
import { type HtmlValue, html, joinHtml, SafeHtml } from "../functions/shared/html.ts";
import { type EvidenceReader, evidenceSentences } from "./evidence-sentences.ts";
import { formatCount, truncate } from "./format.ts";
import type { ReportLimits } from "./report-limits.ts";

export function personLabel(personId: string | null, result: ScanResult): SafeHtml {
  if (personId === null) return html`<span class="muted">—</span>`;
  const name = result.people[personId]?.name;
  return name ? html`${name} <span class="muted">(${personId})</span>` : html`${personId}`;
}

/**
 * The first few facts that prove a finding, in words (evidence-sentences.ts): when, how late, what
 * it costs. Presentation only: findings.csv has every raw entry.
 */
export function keyEvidence(finding: ReportFinding, reader: EvidenceReader, limits: ReportLimits): SafeHtml {
  const lines = evidenceSentences(finding, reader).slice(0, limits.evidenceEntries);
  return joinHtml(
    lines.map(
      (line) => html`<span class="muted">${line.label}:</span> ${truncate(line.text, limits.evidenceChars)}`,
    ),
    "<br>",
  );
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
