import { describe, expect, it } from "vitest";
import { composeMime, messageIdFor } from "../../../functions/ports/mail/mime.ts";
import { MailValidationError } from "../../../functions/ports/mail/validate-email.ts";
import { decodedBody, leafParts, parseMime } from "./mime-parts.ts";
import { reportEmail } from "./sample-email.ts";

const DATE = new Date("2026-11-26T09:00:00Z");

describe("composeMime", () => {
  it("builds multipart/mixed around text+html alternatives and the CSV attachment", async () => {
    // Prepare
    const message = reportEmail();

    // Act
    const raw = (await composeMime(message, { date: DATE })).toString("utf8");

    // Assess
    const root = parseMime(raw);
    expect(root.headers.get("content-type")).toMatch(/^multipart\/mixed;/);
    const [alternative, attachment] = root.parts;
    expect(alternative?.headers.get("content-type")).toMatch(/^multipart\/alternative;/);
    expect(alternative?.parts.map((p) => p.headers.get("content-type"))).toEqual([
      "text/plain; charset=utf-8",
      "text/html; charset=utf-8",
    ]);
    expect(attachment?.headers.get("content-type")).toBe("text/csv; charset=utf-8; name=findings.csv");
    expect(attachment?.headers.get("content-disposition")).toBe("attachment; filename=findings.csv");
    expect(attachment && decodedBody(attachment)).toBe(
      "ruleId,severity,personId\r\norphan-account,high,E1001\r\n",
    );
  });

  it("writes the envelope headers, the scan id header and a Message-ID derived from the key", async () => {
    // Prepare
    const message = reportEmail();

    // Act
    const root = parseMime((await composeMime(message, { date: DATE })).toString("utf8"));

    // Assess
    expect(root.headers.get("from")).toBe("deprov audit <deprov@audit.example.com>");
    expect(root.headers.get("to")).toBe("it-security@example.com, compliance@example.com");
    expect(root.headers.get("cc")).toBe("ciso@example.com");
    expect(root.headers.get("x-deprov-scan-id")).toBe("20261126T090000Z-1a2b3c4d");
    expect(root.headers.get("date")).toBe("Thu, 26 Nov 2026 09:00:00 +0000");
    expect(root.headers.get("message-id")).toBe(messageIdFor(message));
    expect(messageIdFor(message)).toMatch(/^<[0-9a-f]{32}\.deprov@audit\.example\.com>$/);
    expect(messageIdFor(reportEmail())).toBe(messageIdFor(message));
    expect(messageIdFor(reportEmail({ idempotencyKey: "other" }))).not.toBe(messageIdFor(message));
  });

  it("sends a text-only message as a single text/plain part", async () => {
    // Prepare
    const message = reportEmail({ html: undefined, attachments: undefined, cc: undefined });

    // Act
    const root = parseMime((await composeMime(message, { date: DATE })).toString("utf8"));

    // Assess
    expect(root.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(root.headers.has("cc")).toBe(false);
    expect(leafParts(root)).toHaveLength(1);
  });

  it("encodes and folds a long non-ASCII subject instead of breaking the header block", async () => {
    // Prepare
    const subject = `Audit — Zoë's org — ${"x".repeat(120)}`;

    // Act
    const raw = (await composeMime(reportEmail({ subject }), { date: DATE })).toString("utf8");

    // Assess
    const subjectLines = /^Subject: .*(?:\r\n[ \t].*)*/m.exec(raw)?.[0].split("\r\n") ?? [];
    expect(subjectLines.length).toBeGreaterThan(1);
    expect(subjectLines.every((line) => line.length <= 78)).toBe(true);
    expect(raw).toContain("=?UTF-8?");
  });

  it("quotes a display name that looks like another address", async () => {
    // Prepare
    const message = reportEmail({
      from: { name: 'Audit" <evil@attacker.example>, x', address: "deprov@audit.example.com" },
    });

    // Act
    const root = parseMime((await composeMime(message, { date: DATE })).toString("utf8"));

    // Assess
    expect(root.headers.get("from")).toBe('"Audit\\" <evil@attacker.example>, x" <deprov@audit.example.com>');
  });
});

describe("composeMime header-injection guard", () => {
  const injected: [string, Parameters<typeof reportEmail>[0], RegExp][] = [
    [
      "a recipient with CRLF Bcc",
      { to: ["a@b.com\r\nBcc: x@y.com"] },
      /to\[0\]: expected an address without line breaks or NUL, got "a@b.com\\r\\nBcc: x@y.com"/,
    ],
    ["a cc with LF", { cc: ["a@b.com\nBcc: x@y.com"] }, /cc\[0\]: expected an address without line breaks/],
    [
      "a sender with NUL",
      { from: "deprov@audit.example.com\u0000" },
      /from: expected an address without line breaks or NUL/,
    ],
    [
      "a subject with LF",
      { subject: "Report\nBcc: x@y.com" },
      /subject: expected text without line breaks \(CR, LF\) or NUL/,
    ],
    ["a subject with CR", { subject: "Report\rX-Spam: no" }, /subject: expected text without line breaks/],
    [
      "a display name with CRLF",
      { from: { name: "Audit\r\nBcc: x@y.com", address: "a@b.com" } },
      /from\.name: expected text without line breaks/,
    ],
    [
      "an address with a display name",
      { to: ["Evil <a@b.com>"] },
      /to\[0\]: expected a plain address such as "audit@example.com"/,
    ],
    ["two addresses in one", { to: ["a@b.com, x@y.com"] }, /to\[0\]: expected a plain address/],
    ["an address without a domain", { to: ["root@localhost"] }, /to\[0\]: expected a plain address/],
    [
      "a header value with CRLF",
      { headers: { "X-Deprov-Scan-Id": "s1\r\nBcc: x@y.com" } },
      /headers\["X-Deprov-Scan-Id"\]: expected text without line breaks/,
    ],
    [
      "a structural header",
      { headers: { Bcc: "x@y.com" } },
      /headers\["Bcc"\]: expected an "X-" header name/,
    ],
    [
      "an attachment name with CRLF",
      { attachments: [{ filename: "a.csv\r\nBcc: x@y.com", contentType: "text/csv", content: "" }] },
      /attachments\[0\]\.filename: expected text without line breaks/,
    ],
    [
      "an attachment type with parameters",
      { attachments: [{ filename: "a.csv", contentType: 'text/csv; name="x"', content: "" }] },
      /attachments\[0\]\.contentType: expected a media type/,
    ],
  ];

  it.each(injected)("rejects %s, naming the email and the field", async (_case, overrides, message) => {
    // Prepare
    const email = reportEmail(overrides);

    // Act
    const compose = composeMime(email);

    // Assess
    await expect(compose).rejects.toBeInstanceOf(MailValidationError);
    await expect(compose).rejects.toThrow(message);
    await expect(compose).rejects.toThrow(/^email "20261126T090000Z-1a2b3c4d\/report" /);
  });

  it("rejects a message without recipients", async () => {
    // Prepare
    const email = reportEmail({ to: [] });

    // Act
    const compose = composeMime(email);

    // Assess
    await expect(compose).rejects.toThrow(/to: expected at least one recipient/);
  });
});
