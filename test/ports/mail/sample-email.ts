import type { OutgoingEmail } from "../../../functions/ports/mail/mailer.ts";

/** The scan report email as the scan sends it: text + HTML, the findings CSV attached. */
export function reportEmail(overrides: Partial<OutgoingEmail> = {}): OutgoingEmail {
  return {
    from: { name: "deprov audit", address: "deprov@audit.example.com" },
    to: ["it-security@example.com", "compliance@example.com"],
    cc: ["ciso@example.com"],
    subject: "Deprovisioning audit — Acme Corp — 2026-11-26: 12 new findings",
    text: "12 new findings, 3 resolved since the last scan.\n",
    html: "<!DOCTYPE html>\n<html><body>\n<h1>Deprovisioning audit</h1>\n<p>12 new findings</p>\n</body></html>\n",
    attachments: [
      {
        filename: "findings.csv",
        contentType: "text/csv; charset=utf-8",
        content: "ruleId,severity,personId\r\norphan-account,high,E1001\r\n",
      },
    ],
    headers: { "X-Deprov-Scan-Id": "20261126T090000Z-1a2b3c4d" },
    idempotencyKey: "20261126T090000Z-1a2b3c4d/report",
    ...overrides,
  };
}
