/**
 * The email sent when a scan finds sources it cannot trust to say what is gone (SPEC §5): an
 * export that came back empty, much smaller than last time, or mostly rejected. The scan went on;
 * this says which sources, with the numbers, that their findings were kept open and their tasks
 * not closed, and how to accept a change that is real. HTML and plain text say the same.
 */

import { html } from "../../functions/shared/html.ts";
import { formatInstantInZone } from "../format.ts";
import { alertBox, code, emailDocument, emailTable, heading, paragraph } from "./email-html.ts";
import type { RenderedEmail } from "./guard-rail-alert.ts";
import { oneLine } from "./one-line.ts";

/** What an operator runs to accept a known change of one source once. */
export const ACCEPT_SOURCE_CHANGE_COMMAND =
  "deprov scan --accept-source-change SOURCE --by WHO --reason TEXT";

export interface SuspectSourceLine {
  sourceId: string;
  records: number;
  rejected: number;
  /** Records of the collection it was compared with, when there was one. */
  previousRecords: number | null;
  reasons: readonly string[];
}

export interface SourceSuspectAlertInput {
  organization: string;
  scanId: string;
  /** ISO 8601 instant of the scan. */
  evaluatedAt: string;
  /** IANA zone the time is shown in; UTC when omitted. */
  timezone?: string;
  sources: readonly SuspectSourceLine[];
}

const MEANING =
  "The scan went on and used the records these sources returned, but none of the findings they feed was resolved and none of their remediation tasks was closed: an empty or cut-short export is not evidence that anything was fixed.";
const IF_BROKEN = "If an export failed or is incomplete, fix it; the next scheduled scan checks it again.";
const IF_REAL = "If the change is real (a system cleaned up, a migration), accept it once per source with:";
const RECORDED = "The acceptance, with who accepted it and why, is recorded in the audit trail.";

export function renderSourceSuspectAlert(input: SourceSuspectAlertInput): RenderedEmail {
  const when = formatInstantInZone(input.evaluatedAt, input.timezone ?? "UTC");
  const ids = input.sources.map((s) => s.sourceId).join(", ");
  const text = [
    `deprov scan ${input.scanId} for ${input.organization} found ${countText(input.sources.length)} it cannot trust: ${ids}.`,
    "",
    `Scan time: ${when}`,
    "",
    ...input.sources.flatMap((source) => [
      `${source.sourceId}: ${countsText(source)}`,
      ...source.reasons.map((reason) => `  - ${oneLine(reason)}`),
    ]),
    "",
    MEANING,
    "",
    IF_BROKEN,
    IF_REAL,
    "",
    `    ${ACCEPT_SOURCE_CHANGE_COMMAND}`,
    "",
    RECORDED,
    "",
  ].join("\n");
  const title = `Suspect sources — ${input.organization}`;
  const body = html`${heading(title, 1)}
${alertBox("warn", html`<strong>${countText(input.sources.length)} suspect:</strong> ${ids}. ${MEANING}`)}
${paragraph(html`Scan ${code(input.scanId)}, evaluated ${when}`, true)}
${emailTable(
  ["Source", "Records", "Why"],
  input.sources.map((source) => [
    html`<strong>${source.sourceId}</strong>`,
    countsText(source),
    html`${source.reasons.map((reason, i) => html`${i > 0 && html`<br>`}${reason}`)}`,
  ]),
)}
${paragraph(IF_BROKEN)}
${paragraph(IF_REAL)}
${paragraph(code(ACCEPT_SOURCE_CHANGE_COMMAND))}
${paragraph(RECORDED, true)}`;
  return {
    subject: oneLine(
      `[deprov] ${countText(input.sources.length)} suspect, findings kept open: ${input.organization}`,
    ),
    text,
    html: emailDocument(title, body),
  };
}

function countText(count: number): string {
  return count === 1 ? "1 source" : `${count} sources`;
}

function countsText(source: SuspectSourceLine): string {
  const before =
    source.previousRecords === null ? "" : ` (last successful collection: ${source.previousRecords})`;
  return `${source.records} records, ${source.rejected} rejected${before}`;
}
