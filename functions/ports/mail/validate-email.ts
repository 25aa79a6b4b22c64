/**
 * Header-injection guard: every value that reaches a mail header is checked before nodemailer sees
 * it. Roster and source text can end up in subjects and file names, and a CR/LF there would let it
 * add headers (a `Bcc:`) or whole MIME parts; a NUL truncates the header in some relays.
 */
import type { EmailAttachment, MailAddress, OutgoingEmail } from "./mailer.ts";

export class MailValidationError extends Error {
  override name = "MailValidationError";
}

const LINE_BREAK_OR_NUL = /[\r\n\0]/;
// Deliberately narrower than RFC 5322: a dot-atom local part and a dotted DNS name. No quoted
// local parts, comments or display names: those are where header injection hides.
const ADDRESS =
  /^[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
const MAX_ADDRESS_LENGTH = 254;
// Caller headers are extension headers only; From, To, Subject, Content-Type... come from the typed fields.
const EXTENSION_HEADER = /^X-[A-Za-z0-9-]+$/;
const CONTENT_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*(?:; ?charset=[a-z0-9_-]+)?$/i;

/** Throws a `MailValidationError` naming the field; returns normally when the message is safe to compose. */
export function validateEmail(message: OutgoingEmail): void {
  // Every message names the email by its idempotency key, then the field path.
  const at = `email ${quote(message.idempotencyKey)}`;
  if (message.idempotencyKey.length === 0) fail(`${at} idempotencyKey`, "a non-empty key", "");
  validateAddress(message.from, `${at} from`);
  if (message.to.length === 0) fail(`${at} to`, "at least one recipient", "[]");
  message.to.forEach((address, i) => {
    validateAddress(address, `${at} to[${i}]`);
  });
  message.cc?.forEach((address, i) => {
    validateAddress(address, `${at} cc[${i}]`);
  });
  validateHeaderText(message.subject, `${at} subject`);
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const field = `${at} headers[${quote(name)}]`;
    if (!EXTENSION_HEADER.test(name)) fail(field, 'an "X-" header name of letters, digits and "-"', name);
    validateHeaderText(value, field);
  }
  message.attachments?.forEach((attachment, i) => {
    validateAttachment(attachment, `${at} attachments[${i}]`);
  });
}

/** The bare address, for the SMTP envelope (SES `Source` and `Destinations`). */
export function bareAddress(address: MailAddress): string {
  return typeof address === "string" ? address : address.address;
}

function validateAddress(address: MailAddress, field: string): void {
  if (typeof address === "string") {
    validateBareAddress(address, field);
    return;
  }
  validateBareAddress(address.address, `${field}.address`);
  // nodemailer quotes and encodes the name; it only has to stay on one line.
  validateHeaderText(address.name, `${field}.name`);
}

/** Whether `address` is one the mail port sends to: a plain address, checked before sending. */
export function isPlainAddress(address: string): boolean {
  try {
    validateBareAddress(address, "address");
    return true;
  } catch (error) {
    if (error instanceof MailValidationError) return false;
    throw error;
  }
}

function validateBareAddress(address: string, field: string): void {
  if (LINE_BREAK_OR_NUL.test(address)) fail(field, "an address without line breaks or NUL", address);
  if (address.length > MAX_ADDRESS_LENGTH || !ADDRESS.test(address)) {
    fail(
      field,
      'a plain address such as "audit@example.com" (display names go in { name, address })',
      address,
    );
  }
}

function validateAttachment(attachment: EmailAttachment, field: string): void {
  if (attachment.filename.length === 0 || /[/\\]/.test(attachment.filename)) {
    fail(`${field}.filename`, 'a file name without "/" or "\\"', attachment.filename);
  }
  validateHeaderText(attachment.filename, `${field}.filename`);
  if (!CONTENT_TYPE.test(attachment.contentType)) {
    fail(
      `${field}.contentType`,
      'a media type such as "text/csv" or "text/csv; charset=utf-8"',
      attachment.contentType,
    );
  }
}

function validateHeaderText(text: string, field: string): void {
  if (LINE_BREAK_OR_NUL.test(text)) fail(field, "text without line breaks (CR, LF) or NUL", text);
}

function fail(field: string, expected: string, got: string): never {
  throw new MailValidationError(`${field}: expected ${expected}, got ${quote(got)}`);
}

/** JSON quoting makes CR/LF visible in the message; long values are cut. */
function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 79)}…` : text);
}
