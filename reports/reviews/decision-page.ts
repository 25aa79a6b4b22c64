/**
 * The decision page behind a signed link: a small HTML form that works without JavaScript (GET
 * shows it, POST decides), and the pages that say what happened — recorded, or refused because
 * the link is forged, expired, already used, or the campaign has closed. Everything is escaped;
 * the page loads nothing from anywhere.
 */

import type { ReviewItem } from "../../functions/core/reviews/types.ts";
import { html, joinHtml, SafeHtml } from "../../functions/shared/html.ts";
import { formatCount, formatDeadline } from "../format.ts";
import { itemGroups, itemWhat, personLabel } from "./review-item-text.ts";

export interface DecisionFormInput {
  organization: string;
  campaignName: string;
  /** ISO 8601. */
  dueAt: string;
  timezone: string;
  token: string;
  scope: "item" | "keep-all" | "revoke-all";
  /** The item, or the packet's undecided items. */
  items: readonly ReviewItem[];
  /** Items of the packet already decided (keep-all / revoke-all leave them as they are). */
  alreadyDecided: number;
}

export interface DecisionPageOutcome {
  title: string;
  message: string;
  tone: "ok" | "refused";
}

/** A constant style sheet: trusted, inserted as is. */
const STYLE = `body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;margin:0;padding:16px;color:#1f2328;line-height:1.45}
main{max-width:760px;margin:0 auto}
table{border-collapse:collapse;width:100%;font-size:14px;margin:8px 0}
th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#f6f8fa}
fieldset{border:1px solid #d0d7de;margin:12px 0;padding:8px 12px}
label{display:block;margin:4px 0}
textarea{width:100%;box-sizing:border-box;font:inherit}
button{font:inherit;padding:6px 16px;margin-top:8px}
.muted{color:#57606a}
.ok{border:2px solid #1a7f37;background:#f0fff4;padding:10px 14px;border-radius:6px}
.refused{border:2px solid #b91c1c;background:#fef2f2;padding:10px 14px;border-radius:6px}`;

export function renderDecisionForm(input: DecisionFormInput): string {
  const due = formatDeadline(input.dueAt, input.timezone);
  const heading =
    input.scope === "item"
      ? "Keep or revoke this access?"
      : input.scope === "keep-all"
        ? `Keep all ${formatCount(input.items.length)} undecided items?`
        : `Revoke all ${formatCount(input.items.length)} undecided items?`;
  const choice =
    input.scope === "item"
      ? html`<fieldset><legend>Decision</legend>
<label><input type="radio" name="decision" value="keep" required> Keep: still needed</label>
<label><input type="radio" name="decision" value="revoke"> Revoke: remove this access</label>
</fieldset>`
      : html`<input type="hidden" name="decision" value="${input.scope === "keep-all" ? "keep" : "revoke"}">`;
  const rows = input.items.map(
    (item) =>
      html`<tr><td>${personLabel(item)}</td><td>${itemWhat(item)}</td><td>${itemGroups(item)}</td></tr>`,
  );
  return page(
    heading,
    html`<h1>${heading}</h1>
<p class="muted">${input.organization} · access review “${input.campaignName}” · due ${due}</p>
<table><thead><tr><th>Person</th><th>Access</th><th>Groups</th></tr></thead><tbody>${joinHtml(rows, "\n")}</tbody></table>
${input.alreadyDecided > 0 ? html`<p class="muted">${formatCount(input.alreadyDecided)} items you already decided stay as decided.</p>` : ""}
<form method="post">
<input type="hidden" name="t" value="${input.token}">
${choice}
<label for="reason">Reason (recorded in the audit trail)</label>
<textarea id="reason" name="reason" rows="3" maxlength="1000"></textarea>
<button type="submit">Record decision</button>
</form>
<p class="muted">This link works once.</p>`,
  );
}

export function renderDecisionOutcome(outcome: DecisionPageOutcome): string {
  return page(
    outcome.title,
    html`<h1>${outcome.title}</h1>
<p class="${outcome.tone === "ok" ? "ok" : "refused"}">${outcome.message}</p>`,
  );
}

function page(title: string, body: SafeHtml): string {
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<style>${new SafeHtml(STYLE)}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`.value;
}
