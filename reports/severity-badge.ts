/**
 * The severity badge of report.html and of the emails: one shape and one colour per severity.
 * report.html styles it by class through its stylesheet (report-style.ts); an email inline, since
 * mail clients drop a <style> element.
 */
import type { Severity } from "../functions/core/finding.ts";
import { html, type SafeHtml } from "../functions/shared/html.ts";

/** Only these constants reach a style attribute; anything else is grey. */
export const SEVERITY_COLOURS: Readonly<Record<Severity, string>> = {
  critical: "#b91c1c",
  high: "#ea580c",
  medium: "#a16207",
  low: "#2563eb",
};
const OTHER_SEVERITY_COLOUR = "#57606a";

/** The stylesheet's rules for `.sev-<severity>` badges and `.sev-card-<severity>` cards. */
export const SEVERITY_CSS = {
  badges: Object.entries(SEVERITY_COLOURS)
    .map(([severity, colour]) => `.sev-${severity}{background:${colour}}`)
    .join(""),
  cards: Object.entries(SEVERITY_COLOURS)
    .map(([severity, colour]) => `.sev-card-${severity}{border-left:4px solid ${colour}}`)
    .join(""),
};

/** `class`: for report.html, whose stylesheet has the rules; `inline`: for an email. */
export function severityBadge(severity: string, styling: "class" | "inline"): SafeHtml {
  if (styling === "class") return html`<span class="sev sev-${severity}">${severity}</span>`;
  const colour = SEVERITY_COLOURS[severity as Severity] ?? OTHER_SEVERITY_COLOUR;
  return html`<span style="display:inline-block;padding:0 6px;border-radius:10px;background:${colour};color:#ffffff;font-size:12px;font-weight:600;white-space:nowrap">${severity}</span>`;
}
