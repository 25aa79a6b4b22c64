/**
 * The report's account of what the sources themselves got wrong: which ones were suspect (SPEC §5)
 * and why, which changes were accepted, and per source the records it rejected (file, line or
 * index, field, reason) and the warnings about records it kept. A reader who sees a finding stay
 * open, or not appear, finds the reason here.
 */

import type { ScanResult, SourceSummary } from "../functions/scan/contract/scan-result.ts";
import { html, type SafeHtml } from "../functions/shared/html.ts";
import { formatCount, truncate } from "./format.ts";
import { listPreview, plural } from "./report-html-parts.ts";
import { type ReportLimits, WARNING_CHARS } from "./report-limits.ts";

/** Suspect sources first (their findings were kept open), then the changes accepted in this scan. */
export function renderSuspectSources(result: ScanResult): SafeHtml {
  const suspect = result.sources.filter((s) => s.status === "suspect");
  const accepted = result.sources.filter((s) => s.suspect?.accepted != null);
  return html`${
    suspect.length > 0 &&
    html`<div class="alert" role="alert"><strong>${plural(suspect.length, "source")} suspect:</strong> ${listPreview(
      suspect.map((s) => s.id),
      10,
    )}. Their records were used, but none of the findings they feed was resolved and none of their tasks was closed: an empty or cut-short export is not evidence of a fix.<ul>${suspect.map(
      (s) => html`<li><strong>${s.id}</strong>: ${(s.suspect?.reasons ?? []).join("; ")}</li>`,
    )}</ul>Accept a real change once with <code>deprov scan --accept-source-change SOURCE --by WHO --reason TEXT</code>. See <a href="#records">Rejected records and warnings</a>.</div>`
  }${
    accepted.length > 0 &&
    html`<div class="note"><strong>Accepted ${plural(accepted.length, "change")}:</strong><ul>${accepted.map(
      (s) =>
        html`<li><strong>${s.id}</strong>: ${(s.suspect?.reasons ?? []).join("; ")} — accepted by ${s.suspect?.accepted?.by ?? ""}: “${s.suspect?.accepted?.reason ?? ""}”. Its findings could resolve again in this scan.</li>`,
    )}</ul></div>`
  }`;
}

/**
 * Leavers of the last scan whose departure the roster no longer shows (a row gone, a date gone):
 * their findings were kept open, and the roster's warnings say who they are and how to accept the
 * change; or the change was accepted, and by whom.
 */
export function renderVanishedDepartures(result: ScanResult): SafeHtml {
  const vanished = result.vanishedDepartures;
  if (vanished === undefined) return html``;
  const leavers = plural(vanished.removed + vanished.undated, "leaver");
  const warnings = html`<ul>${vanished.warnings.map((w) => html`<li>${w}</li>`)}</ul>`;
  if (vanished.accepted !== null) {
    return html`<div class="note"><strong>${leavers} of the last scan no longer shown as departed by ${vanished.sourceId}:</strong> the change was accepted by ${vanished.accepted.by} (“${vanished.accepted.reason}”), so their findings could resolve in this scan.${warnings}</div>`;
  }
  return html`<div class="alert" role="alert"><strong>Findings of ${leavers} kept open:</strong> the roster (${vanished.sourceId}) no longer shows the departure the last scan read, and a row or date missing from an export is not evidence of a fix, so none of their findings was resolved.${warnings}</div>`;
}

/** Per source, the rejected records and the warnings, capped; findings.json has every message kept. */
export function renderSourceRecords(result: ScanResult, limits: ReportLimits): SafeHtml {
  const sources = result.sources.filter(
    (s) => s.status !== "failed" && (s.errors.length > 0 || (s.warnings ?? []).length > 0),
  );
  return html`<section id="records"><h2>Rejected records and warnings</h2>
<p class="muted">Records a source rejected are not used; the findings about their subject stay open until a scan reads them. Warnings are about records that were kept (an unknown status word, a dropped malformed value).</p>${
    sources.length === 0
      ? html`<p>No source rejected a record or needed a warning.</p>`
      : sources.map((source) => sourceRecords(source, limits))
  }</section>`;
}

function sourceRecords(source: SourceSummary, limits: ReportLimits): SafeHtml {
  const warnings = source.warnings ?? [];
  const rejected = source.errors.slice(0, limits.rejectedPerSource);
  const shownWarnings = warnings.slice(0, limits.warningsPerSource);
  const moreRejected = Math.max(source.errors.length, source.rejected) - rejected.length;
  const moreWarnings = Math.max(warnings.length, source.warningCount ?? 0) - shownWarnings.length;
  return html`<h3>${source.id} <span class="muted">(${source.format})</span></h3>${
    rejected.length > 0 &&
    html`<p>${plural(source.rejected, "rejected record")}:</p><ul class="errors">${rejected.map(
      (e) => html`<li>${truncate(e, 400)}</li>`,
    )}${moreRejected > 0 && html`<li class="more">… and ${formatCount(moreRejected)} more</li>`}</ul>`
  }${
    shownWarnings.length > 0 &&
    html`<p>${plural(source.warningCount ?? warnings.length, "warning")}:</p><ul class="warnings">${shownWarnings.map(
      (w) => html`<li>${truncate(w, WARNING_CHARS)}</li>`,
    )}${moreWarnings > 0 && html`<li class="more">… and ${formatCount(moreWarnings)} more</li>`}</ul>`
  }`;
}
