import fc from "fast-check";
import { simpleParser } from "mailparser";
import MailComposer from "nodemailer/lib/mail-composer";
import { describe, expect, it } from "vitest";
import { isPlainMessage, plainMime, quotedPrintable } from "../../functions/fast/plain-mime.ts";
import type { MailAddress, OutgoingEmail } from "../../functions/ports/mail/mailer.ts";
import { composeMime, messageIdFor } from "../../functions/ports/mail/mime.ts";
import { validateEmail } from "../../functions/ports/mail/validate-email.ts";
import { decodeQuotedPrintable } from "../ports/mail/mime-parts.ts";

const DATE = new Date("2026-11-26T09:00:00Z");

/** The same message through nodemailer's MailComposer, as mime.ts composes messages with attachments. */
async function nodemailerMime(message: OutgoingEmail): Promise<Buffer> {
  const address = (a: MailAddress) => (typeof a === "string" ? a : { name: a.name, address: a.address });
  return new MailComposer({
    from: address(message.from),
    to: message.to.map(address),
    ...(message.cc ? { cc: message.cc.map(address) } : {}),
    subject: message.subject,
    text: message.text,
    ...(message.html !== undefined ? { html: message.html } : {}),
    ...(message.headers ? { headers: { ...message.headers } } : {}),
    messageId: messageIdFor(message),
    date: DATE,
    disableFileAccess: true,
    disableUrlAccess: true,
    xMailer: false,
  })
    .compile()
    .build();
}

/** What a mail client reads from a message. */
async function asRead(raw: Buffer) {
  const parsed = await simpleParser(raw);
  const addresses = (value: typeof parsed.to) =>
    (Array.isArray(value) ? value : value ? [value] : []).flatMap((a) =>
      a.value.map((v) => ({ name: v.name, address: v.address })),
    );
  return {
    from: addresses(parsed.from),
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    subject: parsed.subject,
    // nodemailer's 7bit and quoted-printable parts keep a final line break that base64 does not carry.
    text: parsed.text?.replace(/\s+$/, ""),
    html: typeof parsed.html === "string" ? parsed.html.replace(/\s+$/, "") : parsed.html,
    messageId: parsed.messageId,
    date: parsed.date?.toISOString(),
    scanId: parsed.headers.get("x-deprov-scan-id"),
    attachments: parsed.attachments.length,
  };
}

function digest(overrides: Partial<OutgoingEmail> = {}): OutgoingEmail & { html: string } {
  return {
    from: "deprov@acme.com",
    to: ["maria.lopez@acme.com"],
    subject: "[deprov] Acme Corp: 4 items to take over or reassign from Dana Whitfield",
    text: "Hello Maria,\n\nDana left on 2026-11-02.\n  - okta: dana (disable)\n",
    html: "<!DOCTYPE html>\n<html><body><h1>Offboarding follow-up</h1><p>Dana &amp; Ravi</p></body></html>\n",
    headers: { "X-Deprov-Scan-Id": "20261126T090000Z-1a2b3c4d" },
    idempotencyKey: "20261126T090000Z-1a2b3c4d:manager-digest:E1001",
    ...overrides,
  } as OutgoingEmail & { html: string };
}

const CASES: [string, OutgoingEmail & { html: string }][] = [
  ["a plain digest", digest()],
  [
    "accents, a long subject and a display name",
    digest({
      from: { name: "deprov, audit «Acme»", address: "deprov@acme.com" },
      to: [{ name: "José Ñúñez", address: "jose@acme.com" }, "it@acme.com"],
      cc: [{ name: 'Ops "night" desk', address: "ops@acme.com" }],
      subject: `[deprov] Acme Corp: 120 items to take over from Zoë Ångström, Đorđe Šćepanović and 14 others — ${"überfällig ".repeat(12)}`,
      text: `Hallo José,\n${"Ünïcödé text with emoji 🔐 ".repeat(60)}\n`,
      html: `<p>${"Überfällige Konten 🔐 &lt;b&gt; ".repeat(400)}</p>`,
      headers: { "X-Deprov-Scan-Id": "scan-ü" },
    }),
  ],
  ["an empty text body", digest({ text: "" })],
  ["a body of one very long line", digest({ html: `<p>${"x".repeat(20_000)}</p>`, text: "y".repeat(5000) })],
];

describe("plainMime", () => {
  it.each(CASES)("reads exactly like nodemailer's message: %s", async (_name, message) => {
    // Prepare
    validateEmail(message);

    // Act
    const fast = plainMime(message, messageIdFor(message), DATE);
    const reference = await nodemailerMime(message);

    // Assess
    expect(await asRead(fast)).toEqual(await asRead(reference));
  });

  it("keeps every line within RFC 5322's 998 characters and ends lines with CRLF", () => {
    // Act
    const raw = plainMime(CASES[1]?.[1] ?? digest(), "<id@acme.com>", DATE).toString("utf8");

    // Assess
    const lines = raw.split("\r\n");
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(998);
    expect(raw.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    expect([...raw].every((char) => char.charCodeAt(0) < 0x80)).toBe(true);
  });

  it("is what composeMime uses for a text + HTML message, and nodemailer is for one with attachments", async () => {
    // Prepare
    const message = digest();
    const withAttachment = digest({
      attachments: [{ filename: "findings.csv", contentType: "text/csv", content: "a,b\r\n" }],
    });

    // Act
    const composed = await composeMime(message, { date: DATE });

    // Assess
    expect(isPlainMessage(message)).toBe(true);
    expect(isPlainMessage(withAttachment)).toBe(false);
    expect(composed.equals(plainMime(message, messageIdFor(message), DATE))).toBe(true);
    expect((await asRead(await composeMime(withAttachment, { date: DATE }))).attachments).toBe(1);
  });

  it("reads like nodemailer's message for any subject and body text", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: "grapheme", maxLength: 200 }).filter((s) => !/[\r\n\0]/.test(s)),
        fc.string({ unit: "grapheme", maxLength: 2000 }),
        async (subject, body) => {
          const message = digest({ subject, text: body, html: `<p>${body}</p>` });
          const fast = await asRead(plainMime(message, messageIdFor(message), DATE));
          const reference = await asRead(await nodemailerMime(message));
          expect(fast).toEqual(reference);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("encodes any text as quoted-printable that decodes to it, in lines of at most 76 characters", () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom("a", "=", " ", "\t", "\n", "\r\n", "é", "🔐", "x".repeat(90), "<b>"),
        }),
        (text) => {
          const encoded = quotedPrintable(text);
          const lines = encoded.split("\r\n");
          expect(lines.every((line) => line.length <= 76)).toBe(true);
          expect(encoded.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
          expect(lines.every((line) => !/[ \t]$/.test(line))).toBe(true);
          expect(decodeQuotedPrintable(encoded)).toBe(text.replace(/\r\n/g, "\n"));
        },
      ),
      { numRuns: 500 },
    );
  });
});
