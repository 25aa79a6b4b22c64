/**
 * The campaign report (SPEC §7): the evidence an auditor asks for. Completion per reviewer, every
 * decision with who, when, why and through what, the undecided items, and for each revocation
 * whether later scans saw the access gone (and when) or whether it is still there past its due
 * date. HTML for reading (long lists capped), CSV with every item for the file.
 */

import { compareText } from "../../functions/core/order.ts";
import type { ReviewItem } from "../../functions/core/reviews/types.ts";
import { html, joinHtml, type SafeHtml } from "../../functions/shared/html.ts";
import { csvRow } from "../csv-row.ts";
import { neutraliseFormula } from "../csv-safe.ts";
import { formatCount, formatInstantShort, formatPercent } from "../format.ts";
import { itemGroups, itemWhat, personLabel } from "./review-item-text.ts";
import { ITEM_CSV_HEADER, itemCsvFields } from "./review-items-csv.ts";

export type ItemOutcome = "kept" | "revoked" | "undecided" | "undecided-revoked";
export type EvidenceState = "confirmed" | "pending" | "overdue" | "unchecked";

export interface CampaignReportRow {
  item: ReviewItem;
  decision?: { decision: string; by: string; at: string; reason?: string; via: string };
  outcome: ItemOutcome;
  /** Revocations only. */
  evidence?: { state: EvidenceState; goneAt?: string; how?: string; scanId?: string };
  taskKey?: string;
}

export interface CampaignReportReviewer {
  reviewerId: string;
  name?: string;
  route: string;
  items: number;
  kept: number;
  revoked: number;
  remindersSent: number;
  escalatedTo?: string;
  escalatedAt?: string;
}

export interface CampaignReportModel {
  organization: string;
  campaignId: string;
  name: string;
  status: "open" | "closed";
  timezone: string;
  startedAt: string;
  dueAt: string;
  closedAt?: string;
  startedBy: string;
  closedBy?: string;
  scanId: string;
  generatedAt: string;
  undecidedAsRevoke: boolean;
  /** When revoked access must be gone by (close + revokeWithinDays). */
  revokeDueAt?: string;
  skippedSources: string[];
  reviewers: CampaignReportReviewer[];
  rows: CampaignReportRow[];
  evidenceScanId?: string;
}

/** Rows per HTML list: the CSV carries everything. */
export const REPORT_LIST_LIMIT = 2000;

export function renderCampaignReportHtml(model: CampaignReportModel): string {
  const when = (iso: string | undefined) =>
    iso === undefined ? "" : formatInstantShort(iso, model.timezone);
  const count = (outcome: ItemOutcome) => model.rows.filter((row) => row.outcome === outcome).length;
  const decided = count("kept") + count("revoked");
  const revocations = model.rows.filter((row) => row.evidence !== undefined);
  const evidenceCount = (state: EvidenceState) =>
    revocations.filter((row) => row.evidence?.state === state).length;
  const reviewers = [...model.reviewers].sort(
    (a, b) => pending(b) - pending(a) || compareText(a.reviewerId, b.reviewerId),
  );
  const decidedRows = model.rows.filter((row) => row.decision !== undefined);
  const undecidedRows = model.rows.filter((row) => row.decision === undefined);
  const title = `Access review: ${model.name}`;
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;margin:0;padding:16px;color:#1f2328;line-height:1.45}
main{max-width:1200px;margin:0 auto}
table{border-collapse:collapse;width:100%;font-size:13px;margin:6px 0}
th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#f6f8fa}
.num{text-align:right;white-space:nowrap}
.muted{color:#57606a}
.overdue{color:#b91c1c;font-weight:600}
.confirmed{color:#1a7f37}
.facts{max-width:520px}
.wrap{overflow-x:auto}
</style>
</head>
<body>
<main>
<h1>${title}</h1>
<p class="muted">${model.organization} · campaign ${model.campaignId} · status ${model.status} · report generated ${when(model.generatedAt)}</p>
<section id="summary">
<h2>Summary</h2>
<table class="facts"><tbody>
${fact("Started", `${when(model.startedAt)} by ${model.startedBy}`)}
${fact("Due", when(model.dueAt))}
${fact("Closed", model.closedAt === undefined ? "not yet" : `${when(model.closedAt)}${model.closedBy ? ` by ${model.closedBy}` : ""}`)}
${fact("Items drawn from scan", model.scanId)}
${fact("Items", formatCount(model.rows.length))}
${fact("Decided", `${formatCount(decided)} (${formatPercent(percent(decided, model.rows.length))})`)}
${fact("Kept", formatCount(count("kept")))}
${fact("Revoked", formatCount(count("revoked")))}
${fact("Undecided", formatCount(count("undecided") + count("undecided-revoked")))}
${model.undecidedAsRevoke ? fact("Undecided treated as revoked", formatCount(count("undecided-revoked"))) : ""}
${fact("Reviewers", formatCount(model.reviewers.length))}
${revocations.length > 0 ? fact("Revocations confirmed gone", `${formatCount(evidenceCount("confirmed"))} of ${formatCount(revocations.length)}`) : ""}
${revocations.length > 0 ? fact("Revocations still present past due", formatCount(evidenceCount("overdue"))) : ""}
</tbody></table>
${model.skippedSources.length > 0 ? html`<p class="overdue">Not in this campaign: the scan could not read ${model.skippedSources.join(", ")}; access in those systems was not reviewed.</p>` : ""}
</section>
<section id="reviewers">
<h2>Completion per reviewer</h2>
${capped(reviewers.length)}
<div class="wrap"><table><thead><tr><th>Reviewer</th><th>Assigned as</th><th class="num">Items</th><th class="num">Kept</th><th class="num">Revoked</th><th class="num">Pending</th><th class="num">Complete</th><th class="num">Reminders</th><th>Escalated to</th></tr></thead><tbody>
${joinHtml(
  reviewers
    .slice(0, REPORT_LIST_LIMIT)
    .map(
      (r) =>
        html`<tr><td>${r.name === undefined ? r.reviewerId : `${r.name} (${r.reviewerId})`}</td><td>${r.route}</td><td class="num">${r.items}</td><td class="num">${r.kept}</td><td class="num">${r.revoked}</td><td class="num">${pending(r)}</td><td class="num">${formatPercent(percent(r.kept + r.revoked, r.items))}</td><td class="num">${r.remindersSent}</td><td>${r.escalatedTo === undefined ? "" : `${r.escalatedTo} (${when(r.escalatedAt)})`}</td></tr>`,
    ),
  "\n",
)}
</tbody></table></div>
</section>
<section id="revocations">
<h2>Revocations and the evidence they happened</h2>
<p class="muted">Each nightly scan after the close checks every revoked item against the systems' data.${model.revokeDueAt ? ` Revoked access must be gone by ${when(model.revokeDueAt)}.` : ""}${model.evidenceScanId ? ` Last checked by scan ${model.evidenceScanId}.` : " Not checked by a scan yet."}</p>
${capped(revocations.length)}
<div class="wrap"><table><thead><tr><th>Person</th><th>Access</th><th>Decision</th><th>Evidence</th><th>Task</th></tr></thead><tbody>
${joinHtml(
  revocations
    .slice(0, REPORT_LIST_LIMIT)
    .map(
      (row) =>
        html`<tr><td>${personLabel(row.item)}</td><td>${itemWhat(row.item)}</td><td>${row.decision ? `revoked by ${row.decision.by}, ${when(row.decision.at)}` : "undecided, treated as revoked"}</td><td>${evidenceCell(row, when)}</td><td>${row.taskKey ?? ""}</td></tr>`,
    ),
  "\n",
)}
</tbody></table></div>
</section>
<section id="decisions">
<h2>Decisions</h2>
${capped(decidedRows.length)}
<div class="wrap"><table><thead><tr><th>Person</th><th>Access</th><th>Groups</th><th>Decision</th><th>By</th><th>When</th><th>Why</th><th>Through</th></tr></thead><tbody>
${joinHtml(
  decidedRows
    .slice(0, REPORT_LIST_LIMIT)
    .map(
      (row) =>
        html`<tr><td>${personLabel(row.item)}</td><td>${itemWhat(row.item)}</td><td>${itemGroups(row.item)}</td><td>${row.decision?.decision}</td><td>${row.decision?.by}</td><td>${when(row.decision?.at)}</td><td>${row.decision?.reason ?? ""}</td><td>${row.decision?.via}</td></tr>`,
    ),
  "\n",
)}
</tbody></table></div>
</section>
<section id="undecided">
<h2>Undecided</h2>
${capped(undecidedRows.length)}
<div class="wrap"><table><thead><tr><th>Person</th><th>Access</th><th>Reviewer</th><th>Outcome</th></tr></thead><tbody>
${joinHtml(
  undecidedRows
    .slice(0, REPORT_LIST_LIMIT)
    .map(
      (row) =>
        html`<tr><td>${personLabel(row.item)}</td><td>${itemWhat(row.item)}</td><td>${row.item.reviewerId}</td><td>${row.outcome === "undecided-revoked" ? "treated as revoked" : "reported, not revoked"}</td></tr>`,
    ),
  "\n",
)}
</tbody></table></div>
</section>
</main>
</body>
</html>
`.value;
}

const CSV_HEADER = [
  ...ITEM_CSV_HEADER,
  "outcome",
  "decision",
  "decidedBy",
  "decidedAt",
  "reason",
  "via",
  "evidence",
  "goneAt",
  "goneHow",
  "evidenceScanId",
  "taskKey",
];

export function renderCampaignReportCsv(model: CampaignReportModel): string {
  let out = csvRow(CSV_HEADER);
  for (const { item, decision, evidence, outcome, taskKey } of model.rows) {
    out += csvRow(
      [
        ...itemCsvFields(item),
        outcome,
        decision?.decision ?? "",
        decision?.by ?? "",
        decision?.at ?? "",
        decision?.reason ?? "",
        decision?.via ?? "",
        evidence?.state ?? "",
        evidence?.goneAt ?? "",
        evidence?.how ?? "",
        evidence?.scanId ?? "",
        taskKey ?? "",
      ].map(neutraliseFormula),
    );
  }
  return out;
}

function evidenceCell(row: CampaignReportRow, when: (iso: string | undefined) => string): SafeHtml {
  const evidence = row.evidence;
  if (evidence?.state === "confirmed")
    return html`<span class="confirmed">gone ${when(evidence.goneAt)}</span> <span class="muted">(${evidence.how ?? ""}, scan ${evidence.scanId ?? ""})</span>`;
  if (evidence?.state === "overdue") return html`<span class="overdue">still present, past due</span>`;
  if (evidence?.state === "pending") return html`still present`;
  return html`<span class="muted">not checked yet</span>`;
}

function fact(label: string, value: string): SafeHtml {
  return html`<tr><th>${label}</th><td class="num">${value}</td></tr>`;
}

function capped(total: number): SafeHtml {
  return total > REPORT_LIST_LIMIT
    ? html`<p class="muted">Showing the first ${formatCount(REPORT_LIST_LIMIT)} of ${formatCount(total)}; the CSV lists every item.</p>`
    : html``;
}

function pending(reviewer: CampaignReportReviewer): number {
  return reviewer.items - reviewer.kept - reviewer.revoked;
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 100 : (part / whole) * 100;
}
