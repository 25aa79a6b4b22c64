/**
 * The email sent when a guard rail stops a scan (SPEC §5): the roster source failed, or it shrank
 * by more than `maxRosterShrinkPercent` since the last successful scan. It says why, that nothing
 * was changed, and how to accept a known large change. Every value is escaped in the HTML and
 * kept on one line in the subject.
 */

import { html, type SafeHtml } from "../../functions/shared/html.ts";
import { formatCount, formatInstantInZone } from "../format.ts";
import { oneLine } from "./one-line.ts";

/** What an operator runs to accept a known large roster change once. */
export const ACCEPT_ROSTER_CHANGE_COMMAND = "deprov scan --accept-roster-change --by WHO --reason TEXT";

export interface GuardRailAlertInput {
  organization: string;
  scanId: string;
  /** ISO 8601 instant of the scan. */
  evaluatedAt: string;
  /** IANA zone the time is shown in; UTC when omitted. */
  timezone?: string;
  /** Why the guard rail stopped the scan, e.g. from CheckGuardRails. */
  reason: string;
  rosterRecords?: number;
  previousRosterRecords?: number;
  /** The command that accepts the change, usually `ACCEPT_ROSTER_CHANGE_COMMAND`. */
  howToAccept: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const NOTHING_CHANGED =
  "Nothing was changed: no finding was opened or resolved, and no task or report email was created.";
const IF_BROKEN =
  "If the roster export failed or is incomplete, fix it; the next scheduled scan checks it again.";
const IF_REAL = "If the change is real (a reduction in force, a new HR export), accept it once with:";
const RECORDED = "The acceptance, with who accepted it and why, is recorded in the audit trail.";

export function renderGuardRailAlert(input: GuardRailAlertInput): RenderedEmail {
  const when = formatInstantInZone(input.evaluatedAt, input.timezone ?? "UTC");
  const counts = rosterCounts(input);
  const headline = `deprov stopped scan ${input.scanId} for ${input.organization} before changing anything.`;
  const text = [
    headline,
    "",
    `Scan time: ${when}`,
    `Why: ${input.reason}`,
    ...(counts !== undefined ? [`Roster records: ${counts}`] : []),
    "",
    NOTHING_CHANGED,
    "",
    IF_BROKEN,
    IF_REAL,
    "",
    `    ${input.howToAccept}`,
    "",
    RECORDED,
    "",
  ].join("\n");
  return {
    subject: oneLine(`[deprov] Scan stopped by a guard rail: ${input.organization}`),
    text,
    html: renderHtml(input, when, counts).value,
  };
}

function renderHtml(input: GuardRailAlertInput, when: string, counts: string | undefined): SafeHtml {
  return html`<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Scan stopped by a guard rail — ${input.organization}</title></head>
<body style="font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1f2328">
<h1 style="font-size:1.3em">Scan stopped by a guard rail — ${input.organization}</h1>
<p style="border:2px solid #b91c1c;background:#fef2f2;color:#7f1d1d;padding:10px 14px">${input.reason}</p>
<table style="border-collapse:collapse">
<tr><th style="text-align:left;padding:2px 12px 2px 0">Scan</th><td><code>${input.scanId}</code></td></tr>
<tr><th style="text-align:left;padding:2px 12px 2px 0">Scan time</th><td>${when}</td></tr>
${counts !== undefined ? html`<tr><th style="text-align:left;padding:2px 12px 2px 0">Roster records</th><td>${counts}</td></tr>` : ""}
</table>
<p><strong>${NOTHING_CHANGED}</strong></p>
<p>${IF_BROKEN}</p>
<p>${IF_REAL}</p>
<pre style="background:#f6f8fa;padding:8px 12px;white-space:pre-wrap"><code>${input.howToAccept}</code></pre>
<p>${RECORDED}</p>
</body>
</html>
`;
}

/** `80,000 now, 100,000 at the last successful scan (-20.0%)`, or what part of it is known. */
function rosterCounts(input: GuardRailAlertInput): string | undefined {
  const { rosterRecords: now, previousRosterRecords: before } = input;
  if (now === undefined) return undefined;
  if (before === undefined) return `${formatCount(now)} now`;
  const change = before > 0 ? ` (${(((now - before) / before) * 100).toFixed(1)}%)` : "";
  return `${formatCount(now)} now, ${formatCount(before)} at the last successful scan${change}`;
}
