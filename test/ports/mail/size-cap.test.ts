import { describe, expect, it } from "vitest";
import {
  CUT_SHORT,
  composeMime,
  composeWithinCap,
  MailTooLargeError,
  TOO_LARGE_TO_ATTACH,
} from "../../../functions/ports/mail/mime.ts";
import { decodedBody, leafParts, parseMime } from "./mime-parts.ts";
import { reportEmail } from "./sample-email.ts";

const DATE = new Date("2026-11-26T09:00:00Z");
const LINK = "https://deprov-reports.s3.amazonaws.com/scans/20261126T090000Z-1a2b3c4d/report.html";

/** A findings CSV of `rows` rows (~50 bytes each). */
function findingsCsv(rows: number): string {
  let csv = "ruleId,severity,personId,system,accountId\r\n";
  for (let i = 0; i < rows; i++) csv += `orphan-account,high,E${100000 + i},github,user-${i}\r\n`;
  return csv;
}

/** A report page of `rows` table rows, one short line each (so nodemailer keeps it 7bit). */
function reportHtml(rows: number): string {
  let rowsHtml = "";
  for (let i = 0; i < rows; i++) rowsHtml += `<tr><td>E${100000 + i}</td><td>github</td><td>high</td></tr>\n`;
  return `<!DOCTYPE html>\n<html><body>\n<h1>Deprovisioning audit</h1>\n<table>\n${rowsHtml}</table>\n</body></html>\n`;
}

function partsOf(raw: Buffer) {
  const leaves = leafParts(parseMime(raw.toString("utf8")));
  const byType = (prefix: string) => leaves.find((p) => p.headers.get("content-type")?.startsWith(prefix));
  return { leaves, text: byType("text/plain"), html: byType("text/html"), csv: byType("text/csv") };
}

describe("composeWithinCap", () => {
  it("leaves a message under the cap as composed", async () => {
    // Prepare
    const message = reportEmail();

    // Act
    const composed = await composeWithinCap(message, { maxBytes: 64 * 1024, date: DATE });

    // Assess
    expect(composed.attachmentsDropped).toBe(false);
    expect(composed.htmlTruncated).toBe(false);
    expect(partsOf(composed.raw).csv).toBeDefined();
  });

  it("drops the attachments first and says where the full report is, in text and HTML", async () => {
    // Prepare
    const message = reportEmail({
      attachments: [{ filename: "findings.csv", contentType: "text/csv", content: findingsCsv(1000) }],
    });
    const maxBytes = 20 * 1024;

    // Act
    const composed = await composeWithinCap(message, { maxBytes, fallbackLink: LINK, date: DATE });

    // Assess
    expect(composed).toMatchObject({ attachmentsDropped: true, htmlTruncated: false });
    expect(composed.raw.length).toBeLessThanOrEqual(maxBytes);
    const { leaves, text, html } = partsOf(composed.raw);
    expect(leaves).toHaveLength(2);
    expect(text && decodedBody(text)).toMatch(new RegExp(`^${TOO_LARGE_TO_ATTACH}: ${LINK}\r?\n`));
    expect(html && decodedBody(html)).toContain(
      `<body>\n<p><strong>${TOO_LARGE_TO_ATTACH}:</strong> <a href="${LINK}">${LINK}</a></p>\n<h1>`,
    );
  });

  it("falls back to the message's own link, and shows a non-web link as text", async () => {
    // Prepare
    const link = 'javascript:alert(1)//"><script>x</script>';
    const message = reportEmail({
      attachments: [{ filename: "findings.csv", contentType: "text/csv", content: findingsCsv(1000) }],
      fallbackLink: link,
    });

    // Act
    const composed = await composeWithinCap(message, { maxBytes: 20 * 1024, date: DATE });

    // Assess
    const html = partsOf(composed.raw).html;
    const body = html ? decodedBody(html) : "";
    expect(body).toContain("<code>javascript:alert(1)//&quot;&gt;&lt;script&gt;x&lt;/script&gt;</code>");
    expect(body).not.toContain("<script>");
    expect(body).not.toContain("href=");
  });

  it("then cuts the HTML body at a tag boundary and ends it with a notice", async () => {
    // Prepare
    const page = reportHtml(2000);
    const message = reportEmail({
      html: page,
      attachments: [{ filename: "findings.csv", contentType: "text/csv", content: findingsCsv(1000) }],
    });
    const maxBytes = 24 * 1024;

    // Act
    const composed = await composeWithinCap(message, { maxBytes, fallbackLink: LINK, date: DATE });

    // Assess
    expect(composed).toMatchObject({ attachmentsDropped: true, htmlTruncated: true });
    expect(composed.raw.length).toBeLessThanOrEqual(maxBytes);
    expect(composed.raw.length).toBeGreaterThan(maxBytes / 2);
    const { csv, html } = partsOf(composed.raw);
    expect(csv).toBeUndefined();
    const body = html ? decodedBody(html) : "";
    const notice = `<hr><p><strong>${CUT_SHORT}</strong> The full report: <a href="${LINK}">${LINK}</a></p>`;
    expect(body.endsWith(notice)).toBe(true);
    const kept = body
      .slice(0, -notice.length)
      .replace(/<p><strong>The full report is too large.*<\/p>\n/, "");
    expect(page.startsWith(kept)).toBe(true);
    expect(page[kept.length]).toBe("<");
  });

  it("cuts the HTML of a message without attachments", async () => {
    // Prepare
    const message = reportEmail({ html: reportHtml(2000), attachments: undefined });

    // Act
    const composed = await composeWithinCap(message, { maxBytes: 16 * 1024, date: DATE });

    // Assess
    expect(composed).toMatchObject({ attachmentsDropped: false, htmlTruncated: true });
    expect(composed.raw.length).toBeLessThanOrEqual(16 * 1024);
    const text = partsOf(composed.raw).text;
    expect(text && decodedBody(text)).not.toContain(TOO_LARGE_TO_ATTACH);
  });

  it("refuses a message whose text alone is over the cap", async () => {
    // Prepare
    const message = reportEmail({ text: "x".repeat(40 * 1024), html: reportHtml(10) });

    // Act
    const composed = composeWithinCap(message, { maxBytes: 16 * 1024, date: DATE });

    // Assess
    await expect(composed).rejects.toBeInstanceOf(MailTooLargeError);
    await expect(composed).rejects.toThrow(/over the 16384-byte limit/);
  });

  it("uses a 9 MB cap by default", async () => {
    // Prepare
    const csv = findingsCsv(2000);
    const message = reportEmail({
      attachments: [{ filename: "findings.csv", contentType: "text/csv", content: csv }],
    });

    // Act
    const composed = await composeWithinCap(message, { date: DATE });

    // Assess
    expect(composed.attachmentsDropped).toBe(false);
    expect(composed.raw.length).toBe((await composeMime(message, { date: DATE })).length);
  });
});
