/**
 * Raw MIME for SES SendRawEmail and `.eml` files, composed by nodemailer's MailComposer after the
 * header-injection guard. `composeWithinCap` keeps a message under the size SES accepts: it drops
 * the attachments first (pointing to where the full report lives), then cuts the HTML body.
 */
import { createHash } from "node:crypto";
import MailComposer from "nodemailer/lib/mail-composer";
import { isPlainMessage, plainMime } from "../../fast/plain-mime.ts";
import { html, type SafeHtml } from "../../shared/html.ts";
import { DEFAULT_MAX_EMAIL_BYTES, type MailAddress, type OutgoingEmail } from "./mailer.ts";
import { bareAddress, validateEmail } from "./validate-email.ts";

export interface ComposeOptions {
  /** The Date header; nodemailer uses the current time when omitted. */
  date?: Date;
}

export interface SizeCapOptions extends ComposeOptions {
  maxBytes?: number;
  /** Where the full report lives; defaults to the message's own `fallbackLink`. */
  fallbackLink?: string;
}

export interface ComposedEmail {
  raw: Buffer;
  attachmentsDropped: boolean;
  htmlTruncated: boolean;
}

export class MailTooLargeError extends Error {
  override name = "MailTooLargeError";
}

/**
 * Fast path (ADR 0011, functions/fast/plain-mime.ts) for a text + HTML message without attachments;
 * the plain reference is nodemailer for every message: `undefined` here.
 */
const PLAIN_MIME: typeof plainMime | undefined = plainMime;

export const TOO_LARGE_TO_ATTACH = "The full report is too large to attach";
export const CUT_SHORT = "This report was cut short to fit in an email.";

/** Validates, then composes the message; the Message-ID follows from the idempotency key. */
export async function composeMime(message: OutgoingEmail, options: ComposeOptions = {}): Promise<Buffer> {
  validateEmail(message);
  if (PLAIN_MIME !== undefined && isPlainMessage(message) && message.html !== undefined) {
    return PLAIN_MIME({ ...message, html: message.html }, messageIdFor(message), options.date ?? new Date());
  }
  const composer = new MailComposer({
    from: nodemailerAddress(message.from),
    to: message.to.map(nodemailerAddress),
    ...(message.cc !== undefined && message.cc.length > 0 ? { cc: message.cc.map(nodemailerAddress) } : {}),
    subject: message.subject,
    text: message.text,
    ...(message.html !== undefined ? { html: message.html } : {}),
    attachments: (message.attachments ?? []).map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: a.content,
    })),
    ...(message.headers !== undefined ? { headers: { ...message.headers } } : {}),
    messageId: messageIdFor(message),
    ...(options.date !== undefined ? { date: options.date } : {}),
    // Text parts (bodies, CSV attachments) in quoted-printable, always: left to choose, nodemailer
    // counts the characters of every text part twice to pick between it and base64, which took
    // ~0.5 ms of an access-review packet (HTML and CSV of ~80 items), a minute for 11,500 packets.
    textEncoding: "quoted-printable",
    // Content is always given inline: never let a value be read as a file path or URL to fetch.
    disableFileAccess: true,
    disableUrlAccess: true,
    xMailer: false,
  });
  return composer.compile().build();
}

/**
 * A stable Message-ID per idempotency key: a retried send carries the same id, which mail
 * clients use to collapse duplicates.
 */
export function messageIdFor(message: OutgoingEmail): string {
  const digest = createHash("sha256").update(message.idempotencyKey).digest("hex").slice(0, 32);
  const domain = bareAddress(message.from).split("@")[1] ?? "deprov.invalid";
  return `<${digest}.deprov@${domain}>`;
}

/** Composes the message and shrinks it, when needed, to at most `maxBytes` (default 9 MB). */
export async function composeWithinCap(
  message: OutgoingEmail,
  options: SizeCapOptions = {},
): Promise<ComposedEmail> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_EMAIL_BYTES;
  let raw = await composeMime(message, options);
  if (raw.length <= maxBytes) return { raw, attachmentsDropped: false, htmlTruncated: false };

  let current = message;
  const attachmentsDropped = (message.attachments?.length ?? 0) > 0;
  if (attachmentsDropped) {
    current = withoutAttachments(message, options.fallbackLink ?? message.fallbackLink);
    raw = await composeMime(current, options);
    if (raw.length <= maxBytes) return { raw, attachmentsDropped, htmlTruncated: false };
  }
  if (current.html !== undefined) {
    const link = options.fallbackLink ?? message.fallbackLink;
    const truncated = await truncateHtmlToFit(current, current.html, raw, {
      ...options,
      maxBytes,
      fallbackLink: link,
    });
    if (truncated !== undefined) return { raw: truncated, attachmentsDropped, htmlTruncated: true };
  }
  throw new MailTooLargeError(
    `email ${JSON.stringify(message.idempotencyKey)}: ${raw.length} bytes without attachments and with the HTML ` +
      `body cut, over the ${maxBytes}-byte limit; expected a shorter text body`,
  );
}

function withoutAttachments(message: OutgoingEmail, link: string | undefined): OutgoingEmail {
  const line = link === undefined ? `${TOO_LARGE_TO_ATTACH}.` : `${TOO_LARGE_TO_ATTACH}: ${link}`;
  const { attachments: _dropped, ...rest } = message;
  const notice =
    link === undefined
      ? html`<p><strong>${TOO_LARGE_TO_ATTACH}.</strong></p>`
      : html`<p><strong>${TOO_LARGE_TO_ATTACH}:</strong> ${linkHtml(link)}</p>`;
  return {
    ...rest,
    text: `${line}\n\n${message.text}`,
    ...(message.html !== undefined ? { html: insertAfterBodyStart(message.html, notice) } : {}),
  };
}

/** Only web links become clickable; anything else (a local path) is shown as text. */
function linkHtml(link: string): SafeHtml {
  return /^https?:\/\//i.test(link) ? html`<a href="${link}">${link}</a>` : html`<code>${link}</code>`;
}

const BODY_START = /<body[^>]*>/i;

/** Readers look for the attachment first, so the notice goes to the top of the body. */
function insertAfterBodyStart(page: string, notice: SafeHtml): string {
  const match = BODY_START.exec(page);
  if (match === null) return `${notice.value}${page}`;
  const at = match.index + match[0].length;
  return `${page.slice(0, at)}\n${notice.value}${page.slice(at)}`;
}

const TRUNCATION_ATTEMPTS = 5;
const SAFETY_MARGIN_BYTES = 2048;

/**
 * Cuts the HTML body until the message fits. The encoded size per character (quoted-printable or
 * base64, chosen by nodemailer) is measured from the message itself, so a few attempts suffice.
 */
async function truncateHtmlToFit(
  message: OutgoingEmail,
  page: string,
  raw: Buffer,
  options: ComposeOptions & { maxBytes: number; fallbackLink: string | undefined },
): Promise<Buffer | undefined> {
  const { maxBytes, fallbackLink } = options;
  const notice = html`<hr><p><strong>${CUT_SHORT}</strong>${
    fallbackLink !== undefined ? html` The full report: ${linkHtml(fallbackLink)}` : ""
  }</p>`.value;
  const withNoticeOnly = await composeMime({ ...message, html: notice }, options);
  const budget = maxBytes - withNoticeOnly.length - SAFETY_MARGIN_BYTES;
  if (budget <= 0 || page.length === 0) return undefined;
  const bytesPerChar = Math.max(1, (raw.length - withNoticeOnly.length) / page.length);
  let keep = Math.floor(budget / bytesPerChar);
  for (let attempt = 0; attempt < TRUNCATION_ATTEMPTS && keep > 0; attempt++) {
    const candidate = await composeMime({ ...message, html: `${cutHtml(page, keep)}${notice}` }, options);
    if (candidate.length <= maxBytes) return candidate;
    keep = Math.floor(keep * Math.min(0.9, maxBytes / candidate.length));
  }
  return undefined;
}

/** Cuts before the last tag that starts within `maxChars`, so no tag or entity is split. */
function cutHtml(page: string, maxChars: number): string {
  if (page.length <= maxChars) return page;
  const tagStart = page.lastIndexOf("<", maxChars);
  let cut = tagStart > 0 ? tagStart : maxChars;
  // Never split a surrogate pair: a lone half would be encoded as U+FFFD.
  const before = page.charCodeAt(cut - 1);
  if (before >= 0xd800 && before <= 0xdbff) cut--;
  return page.slice(0, cut);
}

function nodemailerAddress(address: MailAddress): string | { name: string; address: string } {
  return typeof address === "string" ? address : { name: address.name, address: address.address };
}
