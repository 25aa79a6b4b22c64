/**
 * Building blocks for HTML email. Mail clients drop `<style>` blocks, scripts and remote images
 * (Gmail, Outlook), so every style is inline, layout is tables, and nothing is loaded from
 * elsewhere. All text goes through the auto-escaping `html` tag.
 */
import { type HtmlValue, html, joinHtml, type SafeHtml } from "../../functions/shared/html.ts";

const FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const BODY_STYLE = `margin:0;padding:16px;background:#ffffff;color:#1f2328;${FONT};font-size:14px;line-height:1.45`;
const CELL_STYLE = "border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top";
const MUTED = "color:#57606a";

const ALERT_STYLES = {
  danger: "border:2px solid #b91c1c;background:#fef2f2;color:#7f1d1d",
  warn: "border:2px solid #b45309;background:#fffbeb;color:#78350f",
} as const;

export type AlertTone = keyof typeof ALERT_STYLES;

/** A whole HTML email: the body is a single centred column, readable on a phone. */
export function emailDocument(title: string, body: SafeHtml): string {
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
</head>
<body style="${BODY_STYLE}">
<div style="max-width:760px;margin:0 auto">
${body}
</div>
</body>
</html>
`.value;
}

export function heading(text: HtmlValue, level: 1 | 2 | 3 = 2): SafeHtml {
  if (level === 1) return html`<h1 style="font-size:20px;margin:0 0 4px">${text}</h1>`;
  if (level === 2) {
    return html`<h2 style="font-size:16px;margin:24px 0 8px;padding-bottom:4px;border-bottom:2px solid #d0d7de">${text}</h2>`;
  }
  return html`<h3 style="font-size:14px;margin:16px 0 6px">${text}</h3>`;
}

export function paragraph(content: HtmlValue, quiet = false): SafeHtml {
  return html`<p style="margin:6px 0${quiet ? `;${MUTED}` : ""}">${content}</p>`;
}

export function muted(content: HtmlValue): SafeHtml {
  return html`<span style="${MUTED}">${content}</span>`;
}

export function code(text: string): SafeHtml {
  return html`<code style="font-size:12px;background:#f6f8fa;padding:0 3px;overflow-wrap:anywhere;word-break:break-word">${text}</code>`;
}

export function alertBox(tone: AlertTone, content: SafeHtml): SafeHtml {
  return html`<div style="${ALERT_STYLES[tone]};padding:10px 14px;margin:12px 0;border-radius:6px">${content}</div>`;
}

/** A bordered data table; the header row is shaded. Cells are escaped unless built with `html`. */
export function emailTable(headers: readonly string[], rows: readonly (readonly HtmlValue[])[]): SafeHtml {
  const head = headers.map((label) => html`<th style="${CELL_STYLE};background:#f6f8fa">${label}</th>`);
  const body = rows.map(
    (cells) => html`<tr>${cells.map((cell) => html`<td style="${CELL_STYLE}">${cell}</td>`)}</tr>`,
  );
  return html`<table role="table" cellpadding="0" cellspacing="0" style="border-collapse:collapse;width:100%;font-size:13px;margin:6px 0">
<thead><tr>${head}</tr></thead>
<tbody>${joinHtml(body, "\n")}</tbody>
</table>`;
}

/** Two columns of label → value, for headline numbers. */
export function factTable(facts: readonly (readonly [HtmlValue, HtmlValue])[]): SafeHtml {
  const rows = facts.map(
    ([label, value]) =>
      html`<tr><th style="${CELL_STYLE};background:#f6f8fa;font-weight:600;width:55%">${label}</th><td style="${CELL_STYLE};text-align:right;white-space:nowrap">${value}</td></tr>`,
  );
  return html`<table role="table" cellpadding="0" cellspacing="0" style="border-collapse:collapse;width:100%;max-width:480px;font-size:14px;margin:6px 0">
<tbody>${joinHtml(rows, "\n")}</tbody>
</table>`;
}

/** Only web links become clickable; an `s3://` or `file://` location is shown as text to copy. */
export function linkOrCode(location: string): SafeHtml {
  return /^https?:\/\//i.test(location)
    ? html`<a href="${location}" style="color:#0969da">${location}</a>`
    : code(location);
}
